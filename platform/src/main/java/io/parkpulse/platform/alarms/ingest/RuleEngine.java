package io.parkpulse.platform.alarms.ingest;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.alarms.rules.RuleState;
import io.parkpulse.platform.alarms.rules.Watches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Evaluates the rules on readings as they are stored: the ingest hands each stored batch over, and
 * one thread takes the readings in order, keeps every rule's {@link RuleState} per device in
 * memory, and opens or clears alarms through {@link AlarmStore} at once. A device's states are
 * seeded from its alarms not yet closed the first time it is seen, so a restart or a partition
 * moving to another replica neither opens an alarm again nor loses one. Once a second the thread
 * also raises the rules whose {@code for} duration ran out without a new reading. Rules are re-read
 * every {@code refresh}; a rule that did not change keeps its states.
 *
 * <p>Silence rules are not evaluated here but by {@link SilenceCheck}, on the devices' last-seen
 * times.
 */
public final class RuleEngine implements Runnable {

  private static final Logger LOG = Logger.getLogger(RuleEngine.class);
  private static final Duration TICK = Duration.ofSeconds(1);

  private final RuleCatalog catalog;
  private final AlarmStore store;
  private final Clock clock;
  private final Duration refresh;
  private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(64);
  private final Map<DeviceRef, DeviceRules> devices = new HashMap<>();

  /** Devices the database does not know, until the rules are read again: not asked per reading. */
  private final Set<DeviceRef> unknown = new HashSet<>();

  private List<RuleCatalog.Rule> rules = List.of();
  private Instant loadedAt = Instant.MIN;
  private volatile boolean reload;
  private volatile boolean running = true;

  public RuleEngine(RuleCatalog catalog, AlarmStore store, Clock clock, Duration refresh) {
    this.catalog = catalog;
    this.store = store;
    this.clock = clock;
    this.refresh = refresh;
  }

  /** A rule on one device, and the alarm it has there. */
  private static final class Entry {
    final RuleCatalog.Rule rule;
    final RuleState state;
    Long alarm;
    boolean capped;

    Entry(RuleCatalog.Rule rule, RuleState state) {
      this.rule = rule;
      this.state = state;
    }
  }

  /**
   * Readings to evaluate, then, with {@code tickAt}, durations to check as of that time; {@code
   * done} completes when it is done.
   */
  private record Work(
      List<TelemetryRecord> readings, Instant tickAt, CompletableFuture<Void> done) {}

  /** A device's rules, by rule id, as of the catalog it was built from. */
  private record DeviceRules(RuleCatalog.Device device, Map<String, Entry> entries) {}

  /**
   * Hands over readings that were stored, from the ingest thread; waits while the engine is 64
   * batches behind, so that a slow database slows the ingest rather than filling memory.
   */
  public void stored(List<TelemetryRecord> readings) throws InterruptedException {
    if (!readings.isEmpty()) {
      queue.put(new Work(readings, null, null));
    }
  }

  /**
   * Re-reads the rules, evaluates {@code readings} and checks durations as of {@code at}, and
   * returns when that is done: for tests and tools that write readings themselves.
   */
  public void evaluateNow(List<TelemetryRecord> readings, Instant at) throws Exception {
    reload = true;
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.put(new Work(readings, at, done));
    try {
      done.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Re-reads the rules before the next readings (a rule was just added, say). */
  public void reloadRules() {
    reload = true;
  }

  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    Instant nextTick = clock.instant().plus(TICK);
    while (running) {
      try {
        Work work = queue.poll(200, TimeUnit.MILLISECONDS);
        if (work != null && work.done() != null) {
          try {
            refreshRules();
            work(work);
            work.done().complete(null);
          } catch (Exception e) {
            work.done().completeExceptionally(e);
            throw e;
          }
          continue;
        }
        refreshRules();
        if (work != null) {
          work(work);
        }
        Instant now = clock.instant();
        if (!now.isBefore(nextTick)) {
          nextTick = now.plus(TICK);
          tick(now);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // The database or Kafka failed: the states of the devices in hand are dropped, so that
        // they are seeded again from what the database has when they next report.
        LOG.warnf(
            "alarm rules not evaluated (%s); devices are seeded again at their next reading",
            e.toString());
        devices.clear();
        unknown.clear();
      }
    }
  }

  private void work(Work work) throws Exception {
    for (TelemetryRecord r : work.readings()) {
      evaluate(r);
    }
    if (work.tickAt() != null) {
      tick(work.tickAt());
    }
  }

  private void refreshRules() throws Exception {
    Instant now = clock.instant();
    if (!reload && now.isBefore(loadedAt.plus(refresh))) {
      return;
    }
    reload = false;
    loadedAt = now;
    unknown.clear();
    List<RuleCatalog.Rule> loaded =
        catalog.rules().stream().filter(r -> !r.condition().hasSilence()).toList();
    if (!versions(loaded).equals(versions(rules))) {
      rules = loaded;
      // Devices are rebuilt at their next reading; unchanged rules keep their states.
      devices.replaceAll((ref, d) -> new DeviceRules(null, d.entries()));
    }
  }

  /** Takes one stored reading: every rule covering its device that it touches. */
  void evaluate(TelemetryRecord reading) throws Exception {
    DeviceRules d = rulesOf(reading.device());
    if (d == null) {
      return;
    }
    for (Entry e : d.entries().values()) {
      Optional<RuleState.Transition> t = e.state.onReading(reading.ts(), reading.metrics());
      if (t.isPresent()) {
        apply(reading.device(), e, t.get());
      }
    }
  }

  private void tick(Instant now) throws Exception {
    for (Map.Entry<DeviceRef, DeviceRules> d : devices.entrySet()) {
      for (Entry e : d.getValue().entries().values()) {
        Optional<Instant> due = e.state.due();
        if (due.isPresent() && !due.get().isAfter(now)) {
          Optional<RuleState.Transition> t = e.state.onTime(now);
          if (t.isPresent()) {
            apply(d.getKey(), e, t.get());
          }
        }
      }
    }
  }

  private void apply(DeviceRef device, Entry e, RuleState.Transition t) throws Exception {
    AlarmStore.Outcome o =
        store.apply(
            e.rule.store(),
            device,
            e.alarm,
            e.capped,
            t.change(),
            t.points(),
            t.value(),
            t.flappingStarts(),
            t.suppressed());
    if (o.closedMeanwhile()) {
      e.state.alarmClosed();
    }
    e.alarm = o.alarm();
    e.capped = o.capped();
  }

  /** The device's rules, built (and seeded from its open alarms) on first use; null if unknown. */
  private DeviceRules rulesOf(DeviceRef ref) throws Exception {
    DeviceRules d = devices.get(ref);
    if (d != null && d.device() != null) {
      return d;
    }
    if (unknown.contains(ref)) {
      return null;
    }
    Optional<RuleCatalog.Device> device = catalog.device(ref);
    if (device.isEmpty()) {
      unknown.add(ref);
      return null;
    }
    Map<String, Entry> previous = d == null ? Map.of() : d.entries();
    Map<String, Entry> entries = new HashMap<>();
    List<Entry> fresh = new ArrayList<>();
    for (RuleCatalog.Rule rule : rules) {
      if (!rule.covers(device.get())) {
        continue;
      }
      Entry kept = previous.get(rule.id());
      if (kept != null && kept.rule.version().equals(rule.version())) {
        entries.put(rule.id(), kept);
        continue;
      }
      Map<String, String> points = device.get().points();
      Optional<Watches.Watch> watch =
          Watches.of(rule.condition(), p -> p.name() != null ? p.name() : points.get(p.kind()));
      if (watch.isPresent()) {
        Entry e = new Entry(rule, new RuleState(watch.get(), rule.holdFor(), rule.flap()));
        entries.put(rule.id(), e);
        fresh.add(e);
      }
    }
    if (!fresh.isEmpty()) {
      Map<String, AlarmStore.Open> open = store.open(ref);
      for (Entry e : fresh) {
        AlarmStore.Open a = open.get(e.rule.id());
        if (a != null) {
          e.alarm = a.id();
          e.state.seed(a.raised(), a.flapping());
        }
      }
    }
    DeviceRules built = new DeviceRules(device.get(), entries);
    devices.put(ref, built);
    return built;
  }

  private static List<String> versions(List<RuleCatalog.Rule> rules) {
    return rules.stream().map(RuleCatalog.Rule::version).toList();
  }
}
