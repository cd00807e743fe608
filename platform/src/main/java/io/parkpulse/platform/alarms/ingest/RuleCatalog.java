package io.parkpulse.platform.alarms.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.platform.alarms.Polygon;
import io.parkpulse.platform.alarms.rules.Condition;
import io.parkpulse.platform.alarms.rules.RuleState.FlapLimit;
import io.parkpulse.platform.alarms.rules.RuleTrees;
import io.parkpulse.platform.api.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The enabled rules and what they need to know of a device (its park, profile and the names of its
 * points by kind), read from PostgreSQL with JDBC.
 */
public final class RuleCatalog {

  private static final Logger LOG = Logger.getLogger(RuleCatalog.class);
  private static final TypeReference<List<List<Double>>> CORNERS = new TypeReference<>() {};
  private static final TypeReference<JsonNode> TREE = new TypeReference<>() {};

  private final DataSource dataSource;
  private final FlapLimit defaultFlap;

  public RuleCatalog(DataSource dataSource, FlapLimit defaultFlap) {
    this.dataSource = dataSource;
    this.defaultFlap = defaultFlap;
  }

  /**
   * A rule ready to evaluate.
   *
   * @param version its stored definition: a state is kept across reloads while it is the same
   */
  public record Rule(
      String id,
      String park,
      String enterprise,
      String device,
      String profile,
      Condition condition,
      Duration holdFor,
      FlapLimit flap,
      AlarmStore.Rule store,
      String version) {

    /** Whether the rule covers the device. */
    public boolean covers(Device d) {
      return park.equals(d.park())
          && (enterprise == null || enterprise.equals(d.ref().enterprise()))
          && (device == null || device.equals(d.ref().device()))
          && (profile == null || profile.equals(d.profile()));
    }
  }

  /** A device as rules see it: {@code points} maps each point kind to its first point's name. */
  public record Device(DeviceRef ref, String park, String profile, Map<String, String> points) {}

  /** The enabled rules; one that cannot be read is logged and left out. */
  public List<Rule> rules() throws SQLException {
    List<Rule> rules = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT r.id, r.park_id, r.enterprise_id, r.device_id, r.profile_id, r.point_kind,"
                    + " r.point, r.condition, r.threshold, r.state, r.when_tree::text,"
                    + " r.for_seconds, r.severity, r.sla_seconds, r.flap_transitions,"
                    + " r.flap_window_seconds, g.polygon::text FROM alarm_rule r"
                    + " LEFT JOIN geofence g ON g.id = r.geofence_id WHERE r.enabled ORDER BY r.id");
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        try {
          rules.add(rule(rs));
        } catch (RuntimeException e) {
          LOG.warnf("alarm rule '%s' is left out: %s", id, e.getMessage());
        }
      }
    }
    return rules;
  }

  private Rule rule(ResultSet rs) throws SQLException {
    double t = rs.getDouble(9);
    Double threshold = rs.wasNull() ? null : t;
    String tree = rs.getString(11);
    String corners = rs.getString(17);
    Condition condition =
        tree != null
            ? RuleTrees.parse(Json.read(tree, TREE))
            : RuleTrees.legacy(
                rs.getString(8),
                rs.getString(6),
                rs.getString(7),
                threshold,
                rs.getString(10),
                corners == null ? null : Polygon.of(Json.read(corners, CORNERS)));
    int flapTransitions = rs.getInt(15);
    boolean defaultTransitions = rs.wasNull();
    int flapWindow = rs.getInt(16);
    boolean defaultWindow = rs.wasNull();
    FlapLimit flap =
        new FlapLimit(
            defaultTransitions ? defaultFlap.transitions() : flapTransitions,
            defaultWindow ? defaultFlap.window() : Duration.ofSeconds(flapWindow));
    StringBuilder version = new StringBuilder();
    for (int i = 1; i <= 17; i++) {
      version.append(rs.getString(i)).append('|');
    }
    return new Rule(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        condition,
        Duration.ofSeconds(rs.getInt(12)),
        flap,
        new AlarmStore.Rule(rs.getString(1), rs.getString(2), rs.getString(13), rs.getInt(14)),
        version.toString());
  }

  /** The device, or empty if it is not registered (a reading of an unknown device). */
  public Optional<Device> device(DeviceRef ref) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT d.park_id, d.profile_id, dp.points::text FROM device d"
                    + " LEFT JOIN device_profile dp ON dp.id = d.profile_id"
                    + " WHERE d.id = ? AND d.enterprise_id = ?")) {
      q.setString(1, ref.device());
      q.setString(2, ref.enterprise());
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Map<String, String> points = new HashMap<>();
        String json = rs.getString(3);
        if (json != null) {
          for (JsonNode p : Json.read(json, TREE)) {
            points.putIfAbsent(p.path("kind").asText(), p.path("name").asText());
          }
        }
        return Optional.of(new Device(ref, rs.getString(1), rs.getString(2), points));
      }
    }
  }

  /** The devices a silence rule covers, with when each was last seen (null: never). */
  public List<Map.Entry<DeviceRef, java.time.Instant>> lastSeen(Rule rule) throws SQLException {
    List<Map.Entry<DeviceRef, java.time.Instant>> seen = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT d.enterprise_id, d.id, s.last_seen FROM device d LEFT JOIN device_status s"
                    + " ON s.enterprise = d.enterprise_id AND s.device = d.id WHERE d.park_id = ?"
                    + " AND d.enabled AND (?::text IS NULL OR d.enterprise_id = ?)"
                    + " AND (?::text IS NULL OR d.id = ?) AND (?::text IS NULL OR d.profile_id = ?)")) {
      q.setString(1, rule.park());
      q.setString(2, rule.enterprise());
      q.setString(3, rule.enterprise());
      q.setString(4, rule.device());
      q.setString(5, rule.device());
      q.setString(6, rule.profile());
      q.setString(7, rule.profile());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          java.sql.Timestamp ts = rs.getTimestamp(3);
          seen.add(
              new java.util.AbstractMap.SimpleEntry<>(
                  new DeviceRef(rs.getString(1), rs.getString(2)),
                  ts == null ? null : ts.toInstant()));
        }
      }
    }
    return seen;
  }
}
