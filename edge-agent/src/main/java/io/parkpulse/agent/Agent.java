package io.parkpulse.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.command.CommandHandler;
import io.parkpulse.agent.config.AgentConfig;
import io.parkpulse.agent.forward.Forwarder;
import io.parkpulse.agent.forward.Tls;
import io.parkpulse.agent.remote.ManagedStore;
import io.parkpulse.agent.store.ReadingStore;
import io.parkpulse.agent.store.Recorder;
import io.parkpulse.model.AgentFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.net.SocketFactory;

/**
 * One agent: its collectors read the machines, every reading is stored durably, and what is stored
 * is forwarded to the gateway (store and forward). It writes its status to {@code status.json} in
 * its state directory every few seconds and announces it to the platform as an {@code agent.status}
 * event every minute. The machines it reads come from agent.yaml or from a managed configuration
 * the platform sent (see {@link RemoteConfiguration}).
 */
public final class Agent implements Runnable {

  private static final Logger LOG = Logger.getLogger(Agent.class.getName());
  private static final Duration STATUS_EVERY = Duration.ofSeconds(5);
  private static final Duration ANNOUNCE_EVERY = Duration.ofSeconds(60);
  private static final int MAX_ATTRIBUTE = 250;
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
      RemoteConfiguration[] configuration = new RemoteConfiguration[1];
      Recorder recorder = new Recorder(store, () -> forwarder[0].wake());
      try (Fleet fleet = new Fleet(store, config.stateDir(), recorder::take)) {
        Parts runtime = new Parts(store, recorder, forwarder, fleet, configuration);
        configuration[0] =
            RemoteConfiguration.start(
                config, ManagedStore.open(config.stateDir()), fleet, runtime::announce);
        AgentCommands commands = new AgentCommands(configuration[0], fleet, runtime::status);
        forwarder[0] = new Forwarder(store, forwarding(config, commands));
        forwarder[0].onConnected(runtime::announce);
        Thread recording = new Thread(recorder, config.device().username() + "-store");
        Thread forwarding = new Thread(forwarder[0], config.device().username() + "-forward");
        recording.start();
        forwarding.start();
        AgentConfig running = configuration[0].running();
        LOG.info(
            config.device().username()
                + ": "
                + store.depth()
                + " stored readings to send; "
                + running.machines().size()
                + " machine(s)"
                + (running.configVersion() > 0
                    ? " of managed configuration version " + running.configVersion()
                    : ""));
        try {
          fleet.apply(running.machines());
          watch(runtime);
        } finally {
          fleet.close();
          recorder.stop();
          recording.join();
          forwarder[0].stop();
          forwarding.join();
          writeStatus(runtime.status());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | GeneralSecurityException e) {
      LOG.severe(config.device().username() + ": cannot start: " + e.getMessage());
    }
  }

  /**
   * Writes the status every few seconds, watches a configuration trial and announces the agent's
   * state every minute, until stopped; returns by itself only when every machine is a simulator
   * that took its {@code max-readings} and all of them were sent.
   */
  private void watch(Parts runtime) throws InterruptedException {
    Instant nextStatus = Instant.now();
    Instant nextAnnouncement = Instant.now().plus(ANNOUNCE_EVERY);
    while (!Thread.currentThread().isInterrupted()) {
      Instant now = Instant.now();
      runtime.configuration[0].tick(now);
      if (!now.isBefore(nextStatus)) {
        writeStatus(runtime.status());
        nextStatus = now.plus(STATUS_EVERY);
      }
      if (!now.isBefore(nextAnnouncement)) {
        runtime.announce();
        nextAnnouncement = now.plus(ANNOUNCE_EVERY);
      }
      if (runtime.fleet.finished() && runtime.recorder.idle() && runtime.store.depth() == 0) {
        LOG.info(config.device().username() + ": every reading taken and sent");
        return;
      }
      Thread.sleep(50);
    }
  }

  /** The running agent's parts, for its status and its {@code agent.status} event. */
  private final class Parts {
    final ReadingStore store;
    final Recorder recorder;
    final Forwarder[] forwarder;
    final Fleet fleet;
    final RemoteConfiguration[] configuration;

    Parts(
        ReadingStore store,
        Recorder recorder,
        Forwarder[] forwarder,
        Fleet fleet,
        RemoteConfiguration[] configuration) {
      this.store = store;
      this.recorder = recorder;
      this.forwarder = forwarder;
      this.fleet = fleet;
      this.configuration = configuration;
    }

    /** What {@code status.json} and the {@code status} command say. */
    Map<String, Object> status() {
      Forwarder f = forwarder[0];
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("device", config.device().username());
      status.put("agentVersion", version());
      status.put("gateway", config.gateway().uri());
      status.put("connected", f != null && f.connected());
      status.put("storedUnsent", store.depth());
      status.put("storeBytes", store.bytes());
      status.put("dropped", store.dropped() + recorder.overflowed());
      status.put("sentSinceStart", f == null ? 0 : f.confirmedReadings());
      if (configuration[0] != null) {
        status.put("config", configuration[0].describe());
      }
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

    /**
     * Publishes the {@code agent.status} event if connected: the agent's version, its
     * configuration's state, its machines' health and its store.
     */
    void announce() {
      Forwarder f = forwarder[0];
      if (f == null || configuration[0] == null) {
        return;
      }
      Map<String, Object> config = configuration[0].describe();
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put(AgentFleet.AGENT_VERSION, version());
      attributes.put(AgentFleet.CONFIG_VERSION, config.get("version"));
      attributes.put(AgentFleet.CONFIG_HASH, config.get("hash"));
      attributes.put(AgentFleet.CONFIG_STATE, config.get("state"));
      if (config.containsKey("trialVersion")) {
        attributes.put(AgentFleet.TRIAL_VERSION, config.get("trialVersion"));
      }
      if (config.containsKey("lastOutcome")) {
        attributes.put(AgentFleet.LAST_VERSION, config.get("lastVersion"));
        attributes.put(AgentFleet.LAST_OUTCOME, config.get("lastOutcome"));
        attributes.put(AgentFleet.LAST_REASON, cut((String) config.get("lastReason")));
        attributes.put(AgentFleet.LAST_AT, config.get("lastAt"));
      }
      List<Fleet.Running> all = fleet.all();
      List<String> failing = new ArrayList<>();
      for (Fleet.Running running : all) {
        Collector.Health health = running.collector().health();
        if (!health.ok()) {
          failing.add(running.settings().device().device() + ": " + health.detail());
        }
      }
      attributes.put(AgentFleet.MACHINES, all.size());
      attributes.put(AgentFleet.MACHINES_OK, all.size() - failing.size());
      attributes.put(AgentFleet.FAILING, cut(String.join("; ", failing)));
      attributes.put(AgentFleet.STORED_UNSENT, store.depth());
      attributes.put(AgentFleet.DROPPED, store.dropped() + recorder.overflowed());
      f.publishEvent(AgentFleet.STATUS_EVENT, attributes);
    }
  }

  /** The agent's version: the jar's {@code Implementation-Version}, or "dev" outside a jar. */
  static String version() {
    String version = Agent.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** An event's strings are at most {@value #MAX_ATTRIBUTE} characters. */
  static String cut(String text) {
    if (text.length() <= MAX_ATTRIBUTE) {
      return text;
    }
    int end = MAX_ATTRIBUTE - 1;
    // Never half a surrogate pair: the gateway refuses an event that holds one.
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
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
