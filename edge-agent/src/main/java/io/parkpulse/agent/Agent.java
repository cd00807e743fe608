package io.parkpulse.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.agent.forward.Forwarder;
import io.parkpulse.agent.simulator.SimulatedMachine;
import io.parkpulse.agent.store.ReadingStore;
import io.parkpulse.agent.store.Recorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One device's agent: takes a reading of its machine every interval, stores it durably, and
 * forwards what is stored to the gateway (store and forward), writing its status to {@code
 * status.json} beside the store every few seconds.
 */
public final class Agent implements Runnable {

  private static final Logger LOG = Logger.getLogger(Agent.class.getName());
  private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentConfig config;
  private final SimulatedMachine machine;
  private final Clock clock;

  public Agent(AgentConfig config, Clock clock) {
    this.config = config;
    this.machine = new SimulatedMachine(config.seed());
    this.clock = clock;
  }

  @Override
  public void run() {
    String key = config.device().kafkaKey();
    try (ReadingStore store =
        ReadingStore.open(
            config.deviceDir().resolve("store"), config.storeMaxBytes(), config.overflow())) {
      Forwarder forwarder =
          new Forwarder(
              store,
              new Forwarder.Settings(
                  config.gatewayUri(),
                  config.device(),
                  config.secret(),
                  config.maxInflight(),
                  config.readingsPerMessage()));
      Recorder recorder = new Recorder(store, forwarder::wake);
      Thread recording = new Thread(recorder, config.device().username() + "-store");
      Thread forwarding = new Thread(forwarder, config.device().username() + "-forward");
      recording.start();
      forwarding.start();
      LOG.info(
          config.device().username()
              + ": "
              + store.depth()
              + " stored readings to send, last seq "
              + store.lastSeq(key));
      try {
        collect(store, recorder, forwarder);
      } finally {
        recorder.stop();
        recording.join();
        forwarder.stop();
        forwarding.join();
        writeStatus(store, recorder, forwarder);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.severe(config.device().username() + ": cannot use the store: " + e.getMessage());
    }
  }

  /** Takes readings until stopped, or until {@code publish.max-readings} and all are sent. */
  private void collect(ReadingStore store, Recorder recorder, Forwarder forwarder)
      throws InterruptedException, IOException {
    long taken = store.lastSeq(config.device().kafkaKey());
    Instant nextStatus = clock.instant();
    while (!Thread.currentThread().isInterrupted()) {
      Instant started = clock.instant();
      if (config.maxReadings() == 0 || taken < config.maxReadings()) {
        recorder.take(config.device(), started, machine.advance(config.interval()));
        taken++;
      } else if (store.depth() == 0 && store.lastSeq(config.device().kafkaKey()) >= taken) {
        LOG.info(config.device().username() + ": all " + taken + " readings sent");
        return;
      }
      if (!started.isBefore(nextStatus)) {
        writeStatus(store, recorder, forwarder);
        nextStatus = started.plus(STATUS_EVERY);
      }
      Duration spent = Duration.between(started, clock.instant());
      Thread.sleep(Math.max(0, config.interval().minus(spent).toMillis()));
    }
  }

  /** Writes {@code status.json}: what a technician or a monitoring script reads to see health. */
  private void writeStatus(ReadingStore store, Recorder recorder, Forwarder forwarder) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("device", config.device().username());
    status.put("gateway", config.gatewayUri());
    status.put("connected", forwarder.connected());
    status.put("storedUnsent", store.depth());
    status.put("storeBytes", store.bytes());
    status.put("dropped", store.dropped() + recorder.overflowed());
    status.put("lastSeq", store.lastSeq(config.device().kafkaKey()));
    status.put("sentSinceStart", forwarder.confirmedReadings());
    status.put("updatedAt", clock.instant().toString());
    Path file = config.deviceDir().resolve("status.json");
    try {
      Path tmp = file.resolveSibling("status.json.tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), status);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warning("cannot write " + file + ": " + e.getMessage());
    }
  }
}
