package io.parkpulse.agent;

import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.collect.ReadingSink;
import io.parkpulse.agent.simulator.SimulatorCollector;
import io.parkpulse.agent.store.ReadingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The agent's running collectors, one per machine, replaced one by one when settings change. */
final class Fleet implements AutoCloseable {

  /** A machine's settings and the collector reading it. */
  record Running(CollectorSettings settings, Collector collector) {}

  private final ReadingStore store;
  private final Path stateDir;
  private final ReadingSink sink;
  private final Map<String, Running> machines = new LinkedHashMap<>();

  Fleet(ReadingStore store, Path stateDir, ReadingSink sink) {
    this.store = store;
    this.stateDir = stateDir;
    this.sink = sink;
  }

  /** Starts the collectors of {@code settings}, stopping those of machines no longer listed. */
  synchronized void apply(List<CollectorSettings> settings) {
    Map<String, CollectorSettings> wanted = new LinkedHashMap<>();
    settings.forEach(s -> wanted.put(s.device().device(), s));
    for (String device : new ArrayList<>(machines.keySet())) {
      if (!wanted.containsKey(device)) {
        machines.remove(device).collector().close();
      }
    }
    wanted.values().forEach(this::replace);
  }

  /** Starts a collector for {@code settings}, stopping the machine's previous one if unchanged. */
  synchronized void replace(CollectorSettings settings) {
    Running old = machines.get(settings.device().device());
    if (old != null && old.settings().equals(settings)) {
      return;
    }
    if (old != null) {
      old.collector().close();
    }
    Collector collector = Collectors.of(settings, store, stateDir);
    machines.put(settings.device().device(), new Running(settings, collector));
    collector.start(sink);
  }

  synchronized Optional<Running> machine(String device) {
    return Optional.ofNullable(machines.get(device));
  }

  synchronized List<Running> all() {
    return List.copyOf(machines.values());
  }

  /** Whether every machine is a simulator that took its {@code max-readings}. */
  synchronized boolean finished() {
    return machines.values().stream()
        .allMatch(r -> r.collector() instanceof SimulatorCollector s && s.finished());
  }

  /** Stops every collector; their last health stays readable for the final status. */
  @Override
  public synchronized void close() {
    machines.values().forEach(r -> r.collector().close());
  }
}
