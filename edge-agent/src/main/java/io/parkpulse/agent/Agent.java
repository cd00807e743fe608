package io.parkpulse.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.command.CommandHandler;
import io.parkpulse.agent.config.AgentConfig;
import io.parkpulse.agent.forward.Forwarder;
import io.parkpulse.agent.forward.Tls;
import io.parkpulse.agent.store.ReadingStore;
import io.parkpulse.agent.store.Recorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import javax.net.SocketFactory;

/**
 * One agent: its collectors read the machines, every reading is stored durably, and what is stored
 * is forwarded to the gateway (store and forward). It writes its status to {@code status.json} in
 * its state directory every few seconds.
 */
public final class Agent implements Runnable {

  private static final Logger LOG = Logger.getLogger(Agent.class.getName());
  private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentConfig config;

  public Agent(AgentConfig config) {
    this.config = config;
  }

  /** The forwarder's settings for {@code config}, TLS included, answering {@code commands}. */
  static Forwarder.Settings forwarding(AgentConfig config, CommandHandler commands)
      throws IOException, GeneralSecurityException {
    AgentConfig.Gateway gw = config.gateway();
    SocketFactory tls =
        gw.uri().startsWith("ssl://")
            ? Tls.socketFactory(gw.caFile(), gw.certFile(), gw.keyFile())
            : null;
    return new Forwarder.Settings(
        gw.uri(),
        config.device(),
        config.secret(),
        config.publish().maxInflight(),
        config.publish().readingsPerMessage(),
        tls,
        commands);
  }

  @Override
  public void run() {
    try (ReadingStore store =
        ReadingStore.open(
            config.stateDir().resolve("store"),
            config.store().maxBytes(),
            config.store().overflow())) {
      Forwarder[] forwarder = new Forwarder[1];
      Recorder recorder = new Recorder(store, () -> forwarder[0].wake());
      try (Fleet fleet = new Fleet(store, config.stateDir(), recorder::take)) {
        AgentCommands commands =
            new AgentCommands(config, fleet, () -> status(store, recorder, forwarder[0], fleet));
        forwarder[0] = new Forwarder(store, forwarding(config, commands));
        Thread recording = new Thread(recorder, config.device().username() + "-store");
        Thread forwarding = new Thread(forwarder[0], config.device().username() + "-forward");
        recording.start();
        forwarding.start();
        LOG.info(
            config.device().username()
                + ": "
                + store.depth()
                + " stored readings to send; "
                + config.machines().size()
                + " machine(s)");
        try {
          fleet.apply(config.machines());
          watch(store, recorder, forwarder[0], fleet);
        } finally {
          fleet.close();
          recorder.stop();
          recording.join();
          forwarder[0].stop();
          forwarding.join();
          writeStatus(status(store, recorder, forwarder[0], fleet));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | GeneralSecurityException e) {
      LOG.severe(config.device().username() + ": cannot start: " + e.getMessage());
    }
  }

  /**
   * Writes the status every few seconds until stopped; returns by itself only when every machine is
   * a simulator that took its {@code max-readings} and all of them were sent.
   */
  private void watch(ReadingStore store, Recorder recorder, Forwarder forwarder, Fleet fleet)
      throws InterruptedException {
    Instant nextStatus = Instant.now();
    while (!Thread.currentThread().isInterrupted()) {
      if (!Instant.now().isBefore(nextStatus)) {
        writeStatus(status(store, recorder, forwarder, fleet));
        nextStatus = Instant.now().plus(STATUS_EVERY);
      }
      if (fleet.finished() && recorder.idle() && store.depth() == 0) {
        LOG.info(config.device().username() + ": every reading taken and sent");
        return;
      }
      Thread.sleep(50);
    }
  }

  /** What {@code status.json} and the {@code status} command say. */
  private Map<String, Object> status(
      ReadingStore store, Recorder recorder, Forwarder forwarder, Fleet fleet) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("device", config.device().username());
    status.put("gateway", config.gateway().uri());
    status.put("connected", forwarder != null && forwarder.connected());
    status.put("storedUnsent", store.depth());
    status.put("storeBytes", store.bytes());
    status.put("dropped", store.dropped() + recorder.overflowed());
    status.put("sentSinceStart", forwarder == null ? 0 : forwarder.confirmedReadings());
    Map<String, Object> machines = new LinkedHashMap<>();
    for (Fleet.Running running : fleet.all()) {
      Collector.Health health = running.collector().health();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ok", health.ok());
      m.put("detail", health.detail());
      m.put("readings", health.readings());
      m.put("failures", health.failures());
      m.put("lastSeq", store.lastSeq(running.settings().device().kafkaKey()));
      machines.put(running.settings().device().device(), m);
    }
    status.put("machines", machines);
    status.put("updatedAt", Instant.now().toString());
    return status;
  }

  /** Writes {@code status.json}: what a technician or a monitoring script reads to see health. */
  private void writeStatus(Map<String, Object> status) {
    Path file = config.stateDir().resolve("status.json");
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("status.json.tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), status);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warning("cannot write " + file + ": " + e.getMessage());
    }
  }
}
