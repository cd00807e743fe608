package io.parkpulse.platform.fleet.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.AgentFleet;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.CommandResponse;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.platform.commands.CommandNotSentException;
import io.parkpulse.platform.commands.Commands;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Advances the running rollouts, one step per run, from what PostgreSQL holds: a platform restarted
 * or replaced mid-rollout goes on where it was.
 *
 * <p>Per rollout: the agents that took the configuration on trial are checked against their reports
 * ({@code agent.status} events: the trial's version and outcome); the first failure stops the
 * rollout and skips every agent not yet sent. When no agent is on trial, the next wave's agents are
 * each given a new configuration version and sent the {@code configure} command. The rollout is
 * done when every agent applied it.
 */
public class RolloutRunner {

  private static final Logger LOG = Logger.getLogger(RolloutRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TRIAL_RUNNING = Pattern.compile("trial of version (\\d+)");

  /** The advisory lock of the rollout runs: "fleet" in ASCII. */
  private static final long LOCK = 0x666c656574L;

  private final DataSource dataSource;
  private final Commands commands;
  private final Duration answerTimeout;
  private final Duration reportGrace;
  private final Counter applied;
  private final Counter failed;

  public RolloutRunner(
      DataSource dataSource,
      Commands commands,
      Duration answerTimeout,
      Duration reportGrace,
      MeterRegistry meters) {
    this.dataSource = dataSource;
    this.commands = commands;
    this.answerTimeout = answerTimeout;
    this.reportGrace = reportGrace;
    this.applied = outcome(meters, "applied");
    this.failed = outcome(meters, "failed");
  }

  private static Counter outcome(MeterRegistry meters, String outcome) {
    return Counter.builder("parkpulse.platform.fleet.agents")
        .tag("outcome", outcome)
        .description("Agents' parts of rollouts, by outcome")
        .register(meters);
  }

  private record Running(
      long id, String park, String enterprise, String body, String hash, int trialSeconds) {}

  private record Target(String device, int wave, String state, Integer version, Instant sentAt) {}

  /** An agent trying a rollout's configuration. */
  private record Trial(
      long rollout,
      String enterprise,
      String device,
      int version,
      Instant sentAt,
      int trialSeconds) {}

  /** What became of one agent's part: its new state and why. */
  private record Outcome(String state, String reason) {}

  /**
   * Advances every running rollout by one step, unless another replica is at it: the runs hold a
   * PostgreSQL advisory lock, for as long as they wait for the agents' answers, so that one run at
   * a time advances the rollouts across all replicas.
   */
  public void run(Instant now) throws SQLException, InterruptedException {
    try (Connection lock = dataSource.getConnection()) {
      if (!advisory(lock, "SELECT pg_try_advisory_lock(?)")) {
        return;
      }
      try {
        runLocked(now);
      } finally {
        advisory(lock, "SELECT pg_advisory_unlock(?)");
      }
    }
  }

  private static boolean advisory(Connection c, String sql) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setLong(1, LOCK);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private void runLocked(Instant now) throws SQLException, InterruptedException {
    // Trials first, those of rollouts stopped or cancelled meanwhile too: an agent is in one
    // rollout at a time, until its trial's outcome is known.
    for (Trial trial : trials()) {
      Outcome outcome = reported(trial, now);
      if (outcome != null) {
        finish(trial.rollout(), trial.device(), outcome, now);
        if (outcome.state().equals("failed")) {
          stop(trial.rollout(), trial.device(), outcome.reason(), now);
        }
      }
    }
    for (Running rollout : running()) {
      try {
        advance(rollout, now);
      } catch (SQLException e) {
        LOG.warnf("rollout %d: %s; tried again at the next run", rollout.id(), e.toString());
      }
    }
  }

  private void advance(Running r, Instant now) throws SQLException, InterruptedException {
    List<Target> targets = targets(r.id());
    if (targets.isEmpty()) {
      end(r.id(), "stopped", "no agent left: its agents were deleted", now);
      return;
    }
    if (targets.stream().anyMatch(t -> t.state().equals("sent"))) {
      return; // a trial is running: the next wave waits for it
    }
    List<Target> pending = targets.stream().filter(t -> t.state().equals("pending")).toList();
    if (pending.isEmpty()) {
      end(r.id(), "done", null, now);
      LOG.infof("rollout %d: every agent applied configuration %s", r.id(), r.hash());
      return;
    }
    int wave = pending.get(0).wave();
    send(r, pending.stream().filter(t -> t.wave() == wave).toList(), now);
  }

  /**
   * Sends the wave: each agent is first marked sent (a cancel that came first wins, and the agent
   * is not sent it), then given its new version and the command. Every answer is recorded before a
   * refusal stops the rollout, so that an agent of the wave that took it is followed to its
   * outcome.
   */
  private void send(Running r, List<Target> wave, Instant now)
      throws SQLException, InterruptedException {
    Map<Target, Integer> versions = new LinkedHashMap<>();
    for (Target t : wave) {
      if (claim(r.id(), t.device(), now)) {
        versions.put(t, t.version() != null ? t.version() : newVersion(r, t.device()));
      }
    }
    Map<Target, CompletableFuture<CommandResponse>> answers = new LinkedHashMap<>();
    for (Map.Entry<Target, Integer> e : versions.entrySet()) {
      ObjectNode payload = JSON.createObjectNode();
      payload.put("version", e.getValue());
      payload.put("config", r.body());
      payload.put("trialSeconds", r.trialSeconds());
      answers.put(
          e.getKey(),
          commands.send(
              new CommandRequest(
                  r.park(),
                  new DeviceRef(r.enterprise(), e.getKey().device()),
                  Commands.newRequestId(),
                  AgentFleet.CONFIGURE,
                  payload.toString(),
                  now.plus(answerTimeout))));
    }
    String failed = null;
    String why = null;
    for (Map.Entry<Target, CompletableFuture<CommandResponse>> e : answers.entrySet()) {
      Target t = e.getKey();
      Outcome outcome = answer(e.getValue(), versions.get(t));
      if (outcome == null) {
        unclaim(r.id(), t.device()); // Kafka did not take it: sent again at the next run
      } else if (!outcome.state().equals("sent")) {
        finish(r.id(), t.device(), outcome, now);
        if (outcome.state().equals("failed") && failed == null) {
          failed = t.device();
          why = outcome.reason();
        }
      }
    }
    if (failed != null) {
      stop(r.id(), failed, why, now);
    }
  }

  /** What the agent's answer to {@code configure} means; null if the command did not go out. */
  private Outcome answer(CompletableFuture<CommandResponse> answer, int version)
      throws InterruptedException {
    CommandResponse response;
    try {
      response = answer.get(answerTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CommandNotSentException) {
        return null;
      }
      return new Outcome(
          "failed",
          "the agent did not answer within "
              + answerTimeout.toSeconds()
              + " s: it is offline, or its agent predates remote configuration");
    } catch (TimeoutException e) {
      return new Outcome("failed", "the agent did not answer in time");
    }
    JsonNode body = body(response.payload());
    return switch (response.status()) {
      case 202 -> new Outcome("sent", null);
      case 200 -> new Outcome("applied", null);
      case 409 -> {
        Matcher m = TRIAL_RUNNING.matcher(body.path("error").asText());
        // The same version already on trial: this run follows a send whose answer was lost.
        yield m.find() && Integer.parseInt(m.group(1)) == version
            ? new Outcome("sent", null)
            : new Outcome("failed", refusal(response.status(), body));
      }
      default -> new Outcome("failed", refusal(response.status(), body));
    };
  }

  /** The agent's refusal in one line: its error and each problem. */
  private static String refusal(int status, JsonNode body) {
    StringBuilder text =
        new StringBuilder(
            body.hasNonNull("error") ? body.get("error").asText() : "refused (" + status + ")");
    JsonNode problems = body.path("problems");
    for (int i = 0; i < problems.size(); i++) {
      text.append(i == 0 ? ": " : "; ").append(problems.get(i).asText());
    }
    return truncate(text.toString());
  }

  /**
   * The outcome of a trial as the agent reported it, or a failure once it is overdue; null while it
   * runs.
   */
  private Outcome reported(Trial t, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT details->>?, details->>? FROM device_event"
                    + " WHERE enterprise = ? AND device = ? AND type = ?"
                    + " AND details->>? = ? ORDER BY at DESC LIMIT 1")) {
      q.setString(1, AgentFleet.LAST_OUTCOME);
      q.setString(2, AgentFleet.LAST_REASON);
      q.setString(3, t.enterprise());
      q.setString(4, t.device());
      q.setString(5, AgentFleet.STATUS_EVENT);
      q.setString(6, AgentFleet.LAST_VERSION);
      q.setString(7, String.valueOf(t.version()));
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next() && rs.getString(1) != null) {
          String outcome = rs.getString(1);
          return outcome.equals("applied")
              ? new Outcome("applied", null)
              : new Outcome(
                  "failed",
                  truncate(outcome + ": " + (rs.getString(2) == null ? "" : rs.getString(2))));
        }
      }
    }
    Instant overdue = t.sentAt().plusSeconds(t.trialSeconds()).plus(reportGrace);
    return now.isAfter(overdue)
        ? new Outcome(
            "failed",
            "no outcome reported within "
                + (t.trialSeconds() + reportGrace.toSeconds())
                + " s of the trial's start: the agent went offline during its trial")
        : null;
  }

  /** The agents on trial, in every rollout. */
  private List<Trial> trials() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT t.rollout_id, r.enterprise_id, t.device_id, t.version, t.sent_at,"
                    + " r.trial_seconds FROM agent_rollout_target t"
                    + " JOIN agent_rollout r ON r.id = t.rollout_id WHERE t.state = 'sent'");
        ResultSet rs = q.executeQuery()) {
      List<Trial> list = new ArrayList<>();
      while (rs.next()) {
        list.add(
            new Trial(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getTimestamp(5).toInstant(),
                rs.getInt(6)));
      }
      return list;
    }
  }

  private List<Running> running() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT id, park_id, enterprise_id, body, hash, trial_seconds FROM agent_rollout"
                    + " WHERE state = 'running' ORDER BY id");
        ResultSet rs = q.executeQuery()) {
      List<Running> list = new ArrayList<>();
      while (rs.next()) {
        list.add(
            new Running(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6)));
      }
      return list;
    }
  }

  private List<Target> targets(long rollout) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT device_id, wave, state, version, sent_at FROM agent_rollout_target"
                    + " WHERE rollout_id = ? ORDER BY wave, device_id")) {
      q.setLong(1, rollout);
      List<Target> list = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Timestamp sent = rs.getTimestamp(5);
          list.add(
              new Target(
                  rs.getString(1),
                  rs.getInt(2),
                  rs.getString(3),
                  (Integer) rs.getObject(4),
                  sent == null ? null : sent.toInstant()));
        }
      }
      return list;
    }
  }

  /**
   * The agent's next configuration version, written with the rollout's text before it is sent: a
   * run cut off after this sends the same version again.
   */
  private int newVersion(Running r, String device) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement lock =
              c.prepareStatement("SELECT id FROM device WHERE id = ? FOR UPDATE");
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO agent_config (device_id, version, body, hash, rollout_id)"
                      + " SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ? FROM agent_config"
                      + " WHERE device_id = ? RETURNING version");
          PreparedStatement target =
              c.prepareStatement(
                  "UPDATE agent_rollout_target SET version = ? WHERE rollout_id = ?"
                      + " AND device_id = ?")) {
        lock.setString(1, device);
        lock.executeQuery().close();
        insert.setString(1, device);
        insert.setString(2, r.body());
        insert.setString(3, r.hash());
        insert.setLong(4, r.id());
        insert.setString(5, device);
        int version;
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          version = rs.getInt(1);
        }
        target.setInt(1, version);
        target.setLong(2, r.id());
        target.setString(3, device);
        target.executeUpdate();
        c.commit();
        return version;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Marks the agent sent, unless its part ended meanwhile (the rollout was cancelled). */
  private boolean claim(long rollout, String device, Instant now) throws SQLException {
    return update(
        "UPDATE agent_rollout_target SET state = 'sent', sent_at = ? WHERE rollout_id = ?"
            + " AND device_id = ? AND state = 'pending'",
        Timestamp.from(now),
        rollout,
        device);
  }

  private void unclaim(long rollout, String device) throws SQLException {
    update(
        "UPDATE agent_rollout_target SET state = 'pending', sent_at = NULL WHERE rollout_id = ?"
            + " AND device_id = ? AND state = 'sent'",
        rollout,
        device);
  }

  private void finish(long rollout, String device, Outcome outcome, Instant now)
      throws SQLException {
    update(
        "UPDATE agent_rollout_target SET state = ?, reason = ?, finished_at = ?"
            + " WHERE rollout_id = ? AND device_id = ? AND state IN ('pending', 'sent')",
        outcome.state(),
        outcome.reason(),
        Timestamp.from(now),
        rollout,
        device);
    (outcome.state().equals("applied") ? applied : failed).increment();
  }

  /** Stops the rollout at a failure: every agent not yet sent is skipped. */
  private void stop(long rollout, String device, String reason, Instant now) throws SQLException {
    update(
        "UPDATE agent_rollout_target SET state = 'skipped', reason = ?, finished_at = ?"
            + " WHERE rollout_id = ? AND state = 'pending'",
        "not sent: the rollout stopped at the failure of " + device,
        Timestamp.from(now),
        rollout);
    if (end(rollout, "stopped", truncate(device + ": " + reason), now)) {
      LOG.warnf("rollout %d stopped: %s: %s", rollout, device, reason);
    }
  }

  /** Ends a running rollout; whether it was running. */
  private boolean end(long rollout, String state, String reason, Instant now) throws SQLException {
    return update(
        "UPDATE agent_rollout SET state = ?, stop_reason = ?, finished_at = ?"
            + " WHERE id = ? AND state = 'running'",
        state,
        reason,
        Timestamp.from(now),
        rollout);
  }

  private boolean update(String sql, Object... params) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        q.setObject(i + 1, params[i]);
      }
      return q.executeUpdate() > 0;
    }
  }

  private static JsonNode body(String payload) {
    try {
      return payload == null ? JSON.createObjectNode() : JSON.readTree(payload);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String truncate(String text) {
    return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
  }
}
