package io.parkpulse.platform.fleet.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.model.AgentFleet;
import io.parkpulse.platform.tenancy.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The fleet as the platform knows it: each agent's latest {@code agent.status} report (the device
 * events it publishes) beside its desired configuration (its latest {@code agent_config} version).
 * An agent is a device of type controller or gateway, or any device that reported as an agent or
 * was sent a configuration.
 */
@ApplicationScoped
public class FleetReadModel {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;

  FleetReadModel(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * An agent: what it last reported, and what it should run.
   *
   * @param device the agent's device id
   * @param enterprise its enterprise
   * @param name its name in the registry
   * @param online whether its connection is up, as the gateway last said
   * @param lastSeen its last reading, event or report, or null if never
   * @param reportedAt when it last reported its status, or null if never
   * @param agentVersion the agent's software version, as reported
   * @param configVersion the managed configuration version it runs; 0 for its agent.yaml only
   * @param configHash the hash of what it runs
   * @param configState {@code applied}, or {@code trial} while it tries a new version
   * @param trialVersion the version on trial, or null
   * @param lastVersion the version of its last trial, or null if it never had one
   * @param lastOutcome {@code applied}, {@code rolled-back} or {@code rejected}, or null
   * @param lastReason why a trial was rolled back or rejected; empty when applied
   * @param lastAt when the last trial ended
   * @param machines machines it reads
   * @param machinesOk machines whose collector is healthy
   * @param failing the failing machines and why, or empty
   * @param storedUnsent readings stored on the controller, not yet sent
   * @param desiredVersion its latest configuration version on the platform, or null if none was
   *     ever sent (it runs its agent.yaml)
   * @param desiredHash that version's hash
   * @param drift whether it does not run its desired configuration
   */
  public record AgentRow(
      String device,
      String enterprise,
      String name,
      boolean online,
      Instant lastSeen,
      Instant reportedAt,
      String agentVersion,
      Long configVersion,
      String configHash,
      String configState,
      Long trialVersion,
      Long lastVersion,
      String lastOutcome,
      String lastReason,
      Instant lastAt,
      Long machines,
      Long machinesOk,
      String failing,
      Long storedUnsent,
      Integer desiredVersion,
      String desiredHash,
      boolean drift) {}

  /**
   * A version of an agent's configuration.
   *
   * @param version its number, from 1
   * @param hash lowercase hex SHA-256 of its text
   * @param rollout the rollout that sent it
   * @param createdAt when it was sent
   */
  public record VersionRow(int version, String hash, long rollout, Instant createdAt) {}

  private static final String AGENTS =
      "SELECT d.id, d.enterprise_id, d.name, COALESCE(s.online, false),"
          + " GREATEST(s.last_seen, s.last_event_at, r.at), r.at, r.details::text,"
          + " c.version, c.hash"
          + " FROM device d"
          + " LEFT JOIN device_status s ON s.enterprise = d.enterprise_id AND s.device = d.id"
          + " LEFT JOIN LATERAL (SELECT e.at, e.details FROM device_event e"
          + " WHERE e.enterprise = d.enterprise_id AND e.device = d.id AND e.type = '"
          + AgentFleet.STATUS_EVENT
          + "'"
          + " ORDER BY e.at DESC LIMIT 1) r ON true"
          + " LEFT JOIN LATERAL (SELECT a.version, a.hash FROM agent_config a"
          + " WHERE a.device_id = d.id ORDER BY a.version DESC LIMIT 1) c ON true"
          + " WHERE (d.type IN ('controller', 'gateway') OR r.at IS NOT NULL"
          + " OR c.version IS NOT NULL)";

  /** The agents of {@code park} the scope shows, or of one enterprise; by enterprise and id. */
  public List<AgentRow> agents(Scope scope, String park, String enterprise) throws SQLException {
    Scope.SqlFilter filter = scope.sql("d.park_id", "d.enterprise_id");
    StringBuilder sql = new StringBuilder(AGENTS).append(filter.clause());
    List<Object> params = new ArrayList<>(filter.params());
    if (park != null) {
      sql.append(" AND d.park_id = ?");
      params.add(park);
    }
    if (enterprise != null) {
      sql.append(" AND d.enterprise_id = ?");
      params.add(enterprise);
    }
    sql.append(" ORDER BY d.enterprise_id, d.id");
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        q.setObject(i + 1, params.get(i));
      }
      List<AgentRow> rows = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(agent(rs));
        }
      }
      return rows;
    }
  }

  /** One agent of {@code enterprise}, if it is one. */
  public Optional<AgentRow> agent(String enterprise, String device) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(AGENTS + " AND d.enterprise_id = ? AND d.id = ?")) {
      q.setString(1, enterprise);
      q.setString(2, device);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(agent(rs)) : Optional.empty();
      }
    }
  }

  /** The configuration versions of {@code device}, newest first. */
  public List<VersionRow> versions(String device) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT version, hash, rollout_id, created_at FROM agent_config"
                    + " WHERE device_id = ? ORDER BY version DESC")) {
      q.setString(1, device);
      List<VersionRow> rows = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new VersionRow(
                  rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant()));
        }
      }
      return rows;
    }
  }

  /** The text of one version of {@code device}'s configuration. */
  public Optional<String> body(String device, int version) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT body FROM agent_config WHERE device_id = ? AND version = ?")) {
      q.setString(1, device);
      q.setInt(2, version);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static AgentRow agent(ResultSet rs) throws SQLException {
    JsonNode report = report(rs.getString(7));
    Integer desired = (Integer) rs.getObject(8);
    String desiredHash = rs.getString(9);
    Long running = number(report, AgentFleet.CONFIG_VERSION);
    String runningHash = hash(text(report, AgentFleet.CONFIG_HASH));
    boolean drift =
        desired != null
            && (running == null
                || running.intValue() != desired
                || !desiredHash.equals(runningHash));
    return new AgentRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getBoolean(4),
        instant(rs.getTimestamp(5)),
        instant(rs.getTimestamp(6)),
        text(report, AgentFleet.AGENT_VERSION),
        running,
        runningHash,
        text(report, AgentFleet.CONFIG_STATE),
        number(report, AgentFleet.TRIAL_VERSION),
        number(report, AgentFleet.LAST_VERSION),
        text(report, AgentFleet.LAST_OUTCOME),
        text(report, AgentFleet.LAST_REASON),
        instant(text(report, AgentFleet.LAST_AT)),
        number(report, AgentFleet.MACHINES),
        number(report, AgentFleet.MACHINES_OK),
        text(report, AgentFleet.FAILING),
        number(report, AgentFleet.STORED_UNSENT),
        desired,
        desiredHash,
        drift);
  }

  /** A hash as agents report it, 64 lowercase hex digits; null for anything else. */
  private static String hash(String text) {
    return text != null && text.matches("[0-9a-f]{64}") ? text : null;
  }

  private static JsonNode report(String details) {
    if (details == null) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(details);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static Long number(JsonNode report, String key) {
    JsonNode n = report.get(key);
    return n != null && n.isNumber() ? n.asLong() : null;
  }

  private static String text(JsonNode report, String key) {
    JsonNode n = report.get(key);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
