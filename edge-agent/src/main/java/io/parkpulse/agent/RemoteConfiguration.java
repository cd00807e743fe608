package io.parkpulse.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.config.AgentConfig;
import io.parkpulse.agent.config.ConfigException;
import io.parkpulse.agent.config.ConfigLoader;
import io.parkpulse.agent.remote.ManagedState;
import io.parkpulse.agent.remote.ManagedStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The configuration the agent runs: agent.yaml's, or the managed one the platform sent with {@code
 * configure}, tried before it is kept. A trial starts the new and changed machines (the others run
 * on untouched) and is watched by the agent's loop: when each of them has taken a reading with a
 * healthy collector the version is applied, and if one has not within the trial's seconds the agent
 * goes back to the configuration it ran before, by itself, and records why. Every step is kept in
 * the {@link ManagedStore} before it takes effect, so a restart mid-trial goes back too.
 */
final class RemoteConfiguration {

  private static final Logger LOG = Logger.getLogger(RemoteConfiguration.class.getName());
  private static final int DEFAULT_TRIAL_SECONDS = 30;

  /** An answer to a command: its status and JSON body. */
  record Answer(int status, Map<String, Object> body) {}

  /**
   * A trial under way.
   *
   * @param kept the trial as the store keeps it
   * @param config what runs during it
   * @param before what ran before it, and runs again if it fails
   * @param watched the new and changed machines, which must each take a healthy reading
   * @param passed those that did
   * @param deadline {@link System#nanoTime()} by which they must have
   */
  private record Trial(
      ManagedState.Trial kept,
      AgentConfig config,
      AgentConfig before,
      Set<String> watched,
      Set<String> passed,
      long deadline) {}

  private final ManagedStore store;
  private final Fleet fleet;
  private final Runnable changed;
  private final String startProblem;
  private AgentConfig applied;
  private Trial trial;

  private RemoteConfiguration(
      ManagedStore store, Fleet fleet, Runnable changed, AgentConfig applied, String problem) {
    this.store = store;
    this.fleet = fleet;
    this.changed = changed;
    this.applied = applied;
    this.startProblem = problem;
  }

  /**
   * What to run at start: the applied managed configuration if there is one, else {@code local}
   * (agent.yaml's). A trial left by a stop or a crash is rolled back first.
   *
   * @param changed called when the configuration's state changes (a trial starts or ends)
   */
  static RemoteConfiguration start(
      AgentConfig local, ManagedStore store, Fleet fleet, Runnable changed) {
    try {
      if (store.rollBackInterruptedTrial(Instant.now())) {
        LOG.warning(local.device().username() + ": " + store.state().last().reason());
      }
    } catch (IOException e) {
      LOG.severe("cannot record the interrupted trial's roll-back: " + e.getMessage());
    }
    AgentConfig config = local;
    String problem = store.problem();
    ManagedState.Version version = store.state().applied();
    if (version != null) {
      try {
        config =
            ConfigLoader.load(
                local.file(), new ConfigLoader.Managed(version.version(), store.text(version)));
      } catch (ConfigException | IOException e) {
        problem =
            "the applied managed configuration, version "
                + version.version()
                + ", does not load any more ("
                + e.getMessage().replace(System.lineSeparator(), "; ")
                + "); running the machines of "
                + local.file().getFileName();
        LOG.severe(local.device().username() + ": " + problem);
      }
    }
    return new RemoteConfiguration(store, fleet, changed, config, problem);
  }

  /** What runs now: the trial's configuration during a trial. */
  synchronized AgentConfig running() {
    return trial != null ? trial.config() : applied;
  }

  /**
   * {@code configure}: {@code {"version": 7, "config": "<managed YAML>", "trialSeconds": 30}}.
   * Answers 202 when the trial started; 200 if that version with that text is already applied; 400
   * for a bad payload or a configuration with problems (recorded as rejected); 409 during another
   * trial or for a version not newer than the applied one.
   */
  synchronized Answer configure(JsonNode args, Instant now) {
    JsonNode v = args.get("version");
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
      return error(400, "version must be a whole number of 1 or more");
    }
    int version = v.asInt();
    JsonNode text = args.get("config");
    if (text == null || !text.isTextual()) {
      return error(400, "config must be the managed configuration's YAML text");
    }
    int seconds = DEFAULT_TRIAL_SECONDS;
    JsonNode s = args.get("trialSeconds");
    if (s != null && !s.isNull()) {
      if (!s.isIntegralNumber() || !s.canConvertToInt() || s.asInt() < 5 || s.asInt() > 60) {
        return error(400, "trialSeconds must be a whole number from 5 to 60");
      }
      seconds = s.asInt();
    }
    if (trial != null) {
      return error(
          409,
          "a trial of version "
              + trial.kept().version().version()
              + " is running; wait for its outcome");
    }
    ConfigLoader.Managed managed = new ConfigLoader.Managed(version, text.asText());
    String hash = managed.hash();
    ManagedState.Version current = store.state().applied();
    int appliedVersion = store.state().appliedVersion();
    if (current != null && current.version() == version && current.hash().equals(hash)) {
      return answer(200, "version", version, "hash", hash, "state", "applied");
    }
    if (version <= appliedVersion) {
      return error(
          409, "version " + version + " is not newer than the applied version " + appliedVersion);
    }
    AgentConfig next;
    try {
      next = ConfigLoader.load(applied.file(), managed);
    } catch (ConfigException e) {
      record(version, "the configuration has problems: " + String.join("; ", e.problems()), now);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "the configuration has problems");
      body.put("problems", e.problems());
      body.put("version", version);
      return new Answer(400, body);
    } catch (IOException e) {
      return error(500, "cannot read " + applied.file() + ": " + e.getMessage());
    }
    ManagedState.Version tried = new ManagedState.Version(version, hash);
    try {
      store.beginTrial(tried, managed.text(), seconds, now);
    } catch (IOException e) {
      return error(500, "cannot keep the configuration in the state directory: " + e.getMessage());
    }
    Map<String, CollectorSettings> before = new LinkedHashMap<>();
    fleet.all().forEach(r -> before.put(r.settings().device().device(), r.settings()));
    Set<String> watched = new LinkedHashSet<>();
    for (CollectorSettings machine : next.machines()) {
      if (!machine.equals(before.get(machine.device().device()))) {
        watched.add(machine.device().device());
      }
    }
    fleet.apply(next.machines());
    trial =
        new Trial(
            store.state().trial(),
            next,
            applied,
            watched,
            new LinkedHashSet<>(),
            System.nanoTime() + seconds * 1_000_000_000L);
    LOG.info(
        applied.device().username()
            + ": trying configuration version "
            + version
            + " for up to "
            + seconds
            + " s; watching "
            + (watched.isEmpty() ? "no new or changed machine" : String.join(", ", watched)));
    changed.run();
    return answer(202, "version", version, "hash", hash, "state", "trial", "trialSeconds", seconds);
  }

  /**
   * Called by the agent's loop: ends a trial whose machines all took a healthy reading (applied),
   * or whose time is up (rolled back).
   */
  synchronized void tick(Instant now) {
    if (trial == null) {
      return;
    }
    for (String device : trial.watched()) {
      Collector.Health health = fleet.machine(device).map(r -> r.collector().health()).orElse(null);
      if (health != null && health.ok() && health.readings() > 0) {
        trial.passed().add(device);
      }
    }
    if (trial.passed().containsAll(trial.watched())) {
      apply(now);
    } else if (System.nanoTime() - trial.deadline() >= 0) {
      rollBack(now);
    }
  }

  private void apply(Instant now) {
    int version = trial.kept().version().version();
    try {
      store.applyTrial(now);
    } catch (IOException e) {
      LOG.severe(
          "cannot record version "
              + version
              + " as applied ("
              + e.getMessage()
              + "); a restart goes back to version "
              + applied.configVersion());
    }
    applied = trial.config();
    trial = null;
    LOG.info(applied.device().username() + ": configuration version " + version + " applied");
    changed.run();
  }

  private void rollBack(Instant now) {
    List<String> failures = new ArrayList<>();
    long seconds = trial.kept().seconds();
    for (String device : trial.watched()) {
      if (trial.passed().contains(device)) {
        continue;
      }
      Collector.Health health = fleet.machine(device).map(r -> r.collector().health()).orElse(null);
      String detail = health == null ? "not running" : health.detail();
      boolean none = health == null || health.readings() == 0;
      failures.add(
          "machine "
              + device
              + " took no "
              + (none ? "" : "healthy ")
              + "reading within "
              + seconds
              + " s"
              + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    }
    String reason = String.join("; ", failures);
    int version = trial.kept().version().version();
    fleet.apply(trial.before().machines());
    try {
      store.rollBack(reason, now);
    } catch (IOException e) {
      LOG.severe("cannot record the roll-back of version " + version + ": " + e.getMessage());
    }
    trial = null;
    LOG.warning(
        applied.device().username()
            + ": configuration version "
            + version
            + " rolled back to version "
            + applied.configVersion()
            + ": "
            + reason);
    changed.run();
  }

  /**
   * {@code reload}: rereads agent.yaml and, with a managed configuration applied, keeps its buses,
   * machines and commands; restarts the machines whose settings changed.
   */
  synchronized Answer reload() {
    if (trial != null) {
      return error(
          409,
          "a trial of version "
              + trial.kept().version().version()
              + " is running; wait for its outcome");
    }
    AgentConfig next;
    ManagedState.Version version = store.state().applied();
    try {
      next =
          version == null
              ? ConfigLoader.load(applied.file())
              : ConfigLoader.load(
                  applied.file(), new ConfigLoader.Managed(version.version(), store.text(version)));
    } catch (ConfigException e) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "the configuration has problems");
      body.put("problems", e.problems());
      return new Answer(400, body);
    } catch (IOException e) {
      return error(400, "cannot read " + applied.file() + ": " + e.getMessage());
    }
    if (!next.gateway().equals(applied.gateway())
        || !next.device().equals(applied.device())
        || !next.secret().equals(applied.secret())
        || !next.stateDir().equals(applied.stateDir())
        || !next.store().equals(applied.store())
        || !next.publish().equals(applied.publish())) {
      return error(
          409,
          "the gateway, device, store or publish settings changed: restart the service"
              + " (systemctl restart parkpulse-agent)");
    }
    fleet.apply(next.machines());
    applied = next;
    return answer(200, "machines", next.machines().size(), "configVersion", next.configVersion());
  }

  /**
   * The configuration's state for {@code status.json}, the {@code status} command and the {@code
   * agent.status} event: version, hash, state, trialVersion during a trial, and the last outcome's
   * version, outcome, reason and time once a {@code configure} was received.
   */
  synchronized Map<String, Object> describe() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("version", applied.configVersion());
    config.put("hash", applied.configHash());
    config.put("state", trial != null ? "trial" : "applied");
    if (trial != null) {
      config.put("trialVersion", trial.kept().version().version());
    }
    ManagedState.Outcome last = store.state().last();
    if (last != null) {
      config.put("lastVersion", last.version());
      config.put("lastOutcome", last.outcome());
      config.put("lastReason", last.reason());
      config.put("lastAt", last.at().toString());
    }
    if (startProblem != null) {
      config.put("problem", startProblem);
    }
    return config;
  }

  private void record(int version, String reason, Instant now) {
    try {
      store.reject(version, reason, now);
    } catch (IOException e) {
      LOG.warning("cannot record the rejection of version " + version + ": " + e.getMessage());
    }
    LOG.warning(applied.device().username() + ": configuration version " + version + " " + reason);
    changed.run();
  }

  private static Answer error(int status, String message) {
    return new Answer(status, Map.of("error", message));
  }

  private static Answer answer(int status, Object... keysAndValues) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      body.put((String) keysAndValues[i], Objects.requireNonNull(keysAndValues[i + 1]));
    }
    return new Answer(status, body);
  }
}
