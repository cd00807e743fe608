package io.parkpulse.platform.alarms.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.PointKind;
import io.parkpulse.platform.alarms.AlarmCondition;
import io.parkpulse.platform.alarms.AlarmEvents;
import io.parkpulse.platform.alarms.Polygon;
import io.parkpulse.platform.api.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Evaluates every enabled alarm rule on the stored telemetry of the devices it covers: opens an
 * alarm (at most one not yet closed per rule and device) when the condition has held long enough,
 * and marks it cleared when the condition no longer holds; an opened alarm is published through
 * {@link AlarmEvents}. Runs on the ingest side with JDBC: it reads telemetry in bulk.
 */
public final class AlarmEvaluator {

  /** How far before the hold duration samples are read, to know the state entering it. */
  private static final Duration LOOKBACK = Duration.ofMinutes(15);

  private static final TypeReference<List<List<Double>>> CORNERS = new TypeReference<>() {};

  private final DataSource dataSource;
  private final AlarmEvents events;

  public AlarmEvaluator(DataSource dataSource, AlarmEvents events) {
    this.dataSource = dataSource;
    this.events = events;
  }

  private record Rule(
      String id,
      String park,
      String enterprise,
      String pointKind,
      String point,
      AlarmCondition condition,
      String severity,
      int slaSeconds) {}

  /**
   * A device a rule covers.
   *
   * @param point the point the rule reads; for a geofence's rule, the latitude
   * @param lon for a geofence's rule, the longitude point; else null
   */
  private record Target(String enterprise, String device, String point, String lon) {}

  /**
   * Evaluates every rule as of {@code now}.
   *
   * @return how many alarms were opened
   */
  public int evaluate(Instant now)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    int opened = 0;
    try (Connection c = dataSource.getConnection()) {
      for (Rule rule : rules(c)) {
        for (Target target : targets(c, rule)) {
          List<AlarmCondition.Sample> samples = samples(c, rule, target, now);
          var trigger = rule.condition().triggered(samples, now);
          if (trigger.isPresent()) {
            if (open(c, rule, target, String.valueOf(trigger.get().value()), now)) {
              opened++;
            }
          } else if (!samples.isEmpty()
              && !rule.condition().holds(samples.get(samples.size() - 1).value())) {
            clear(c, rule, target, samples.get(samples.size() - 1), now);
          }
        }
      }
    }
    return opened;
  }

  private List<Rule> rules(Connection c) throws SQLException {
    List<Rule> rules = new ArrayList<>();
    try (PreparedStatement q =
            c.prepareStatement(
                "SELECT r.id, r.park_id, r.enterprise_id, r.point_kind, r.point, r.condition,"
                    + " r.threshold, r.state, r.for_seconds, r.severity, r.sla_seconds,"
                    + " g.polygon::text FROM alarm_rule r LEFT JOIN geofence g ON g.id ="
                    + " r.geofence_id WHERE r.enabled ORDER BY r.id");
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        double threshold = rs.getDouble(7);
        Double t = rs.wasNull() ? null : threshold;
        rules.add(
            new Rule(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                new AlarmCondition(
                    rs.getString(6),
                    t,
                    rs.getString(8),
                    Duration.ofSeconds(rs.getInt(9)),
                    zone(rs.getString(12))),
                rs.getString(10),
                rs.getInt(11)));
      }
    }
    return rules;
  }

  /** The zone of a geofence's rule from its stored corners; null for other rules. */
  private static Polygon zone(String corners) {
    return corners == null ? null : Polygon.of(Json.read(corners, CORNERS));
  }

  /** The devices a rule covers, with the name of the point it reads on each. */
  private static List<Target> targets(Connection c, Rule rule) throws SQLException {
    if (rule.condition().zone() != null) {
      return trackedDevices(c, rule);
    }
    String sql =
        rule.point() != null
            ? "SELECT d.enterprise_id, d.id, ? FROM device d WHERE d.park_id = ?"
                + " AND (?::text IS NULL OR d.enterprise_id = ?)"
            : "SELECT d.enterprise_id, d.id, p->>'name' FROM device d"
                + " JOIN device_profile dp ON dp.id = d.profile_id,"
                + " jsonb_array_elements(dp.points) p WHERE p->>'kind' = ? AND d.park_id = ?"
                + " AND (?::text IS NULL OR d.enterprise_id = ?)";
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, rule.point() != null ? rule.point() : rule.pointKind());
      q.setString(2, rule.park());
      q.setString(3, rule.enterprise());
      q.setString(4, rule.enterprise());
      List<Target> targets = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          targets.add(new Target(rs.getString(1), rs.getString(2), rs.getString(3), null));
        }
      }
      return targets;
    }
  }

  /** The devices of a geofence rule's park whose profile has a latitude and a longitude point. */
  private static List<Target> trackedDevices(Connection c, Rule rule) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT enterprise_id, id, lat, lon FROM (SELECT d.enterprise_id, d.id,"
                + " (SELECT e->>'name' FROM jsonb_array_elements(dp.points) e"
                + "   WHERE e->>'kind' = ? LIMIT 1) AS lat,"
                + " (SELECT e->>'name' FROM jsonb_array_elements(dp.points) e"
                + "   WHERE e->>'kind' = ? LIMIT 1) AS lon"
                + " FROM device d JOIN device_profile dp ON dp.id = d.profile_id"
                + " WHERE d.park_id = ? AND (?::text IS NULL OR d.enterprise_id = ?)) tracked"
                + " WHERE lat IS NOT NULL AND lon IS NOT NULL")) {
      q.setString(1, PointKind.POSITION_LAT.id());
      q.setString(2, PointKind.POSITION_LON.id());
      q.setString(3, rule.park());
      q.setString(4, rule.enterprise());
      q.setString(5, rule.enterprise());
      List<Target> targets = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          targets.add(
              new Target(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      return targets;
    }
  }

  private static List<AlarmCondition.Sample> samples(
      Connection c, Rule rule, Target target, Instant now) throws SQLException {
    if (target.lon() != null) {
      return positions(c, rule, target, now);
    }
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT ts, jsonb_typeof(metrics->?), metrics->>? FROM telemetry"
                + " WHERE park = ? AND enterprise = ? AND device = ? AND ts > ? AND ts <= ?"
                + " AND metrics->>? IS NOT NULL"
                + " ORDER BY ts")) {
      q.setString(1, target.point());
      q.setString(2, target.point());
      q.setString(3, rule.park());
      q.setString(4, target.enterprise());
      q.setString(5, target.device());
      q.setTimestamp(6, Timestamp.from(now.minus(rule.condition().holdFor()).minus(LOOKBACK)));
      q.setTimestamp(7, Timestamp.from(now));
      q.setString(8, target.point());
      List<AlarmCondition.Sample> samples = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Object value =
              "number".equals(rs.getString(2))
                  ? (Object) Double.parseDouble(rs.getString(3))
                  : rs.getString(3);
          samples.add(new AlarmCondition.Sample(rs.getTimestamp(1).toInstant(), value));
        }
      }
      return samples;
    }
  }

  /** The device's positions (readings with both a numeric latitude and longitude) by time. */
  private static List<AlarmCondition.Sample> positions(
      Connection c, Rule rule, Target target, Instant now) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT ts, (metrics->>?)::float8, (metrics->>?)::float8 FROM telemetry"
                + " WHERE park = ? AND enterprise = ? AND device = ? AND ts > ? AND ts <= ?"
                + " AND jsonb_typeof(metrics->?) = 'number' AND jsonb_typeof(metrics->?) = 'number'"
                + " ORDER BY ts")) {
      q.setString(1, target.point());
      q.setString(2, target.lon());
      q.setString(3, rule.park());
      q.setString(4, target.enterprise());
      q.setString(5, target.device());
      q.setTimestamp(6, Timestamp.from(now.minus(rule.condition().holdFor()).minus(LOOKBACK)));
      q.setTimestamp(7, Timestamp.from(now));
      q.setString(8, target.point());
      q.setString(9, target.lon());
      List<AlarmCondition.Sample> samples = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          samples.add(
              new AlarmCondition.Sample(
                  rs.getTimestamp(1).toInstant(),
                  new Polygon.Position(rs.getDouble(2), rs.getDouble(3))));
        }
      }
      return samples;
    }
  }

  private boolean open(Connection c, Rule rule, Target target, String value, Instant now)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    long id;
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO alarm (rule_id, park_id, enterprise_id, device_id, point, value,"
                + " opened_at, sla_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (rule_id, device_id) WHERE closed_at IS NULL DO NOTHING"
                + " RETURNING id")) {
      insert.setString(1, rule.id());
      insert.setString(2, rule.park());
      insert.setString(3, target.enterprise());
      insert.setString(4, target.device());
      insert.setString(5, target.point());
      insert.setString(6, value);
      insert.setTimestamp(7, Timestamp.from(now));
      insert.setInt(8, rule.slaSeconds());
      try (ResultSet rs = insert.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        id = rs.getLong(1);
      }
    }
    events.publish(
        rule.park(),
        new DeviceRef(target.enterprise(), target.device()),
        "alarm.opened",
        now,
        Map.of(
            "alarm", id,
            "rule", rule.id(),
            "point", target.point(),
            "value", value,
            "severity", rule.severity()));
    return true;
  }

  /**
   * Marks the device's alarm of the rule cleared, if one is not yet, and publishes that with the
   * value that no longer meets the condition.
   */
  private void clear(
      Connection c, Rule rule, Target target, AlarmCondition.Sample latest, Instant now)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    long id;
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE alarm SET cleared_at = ? WHERE rule_id = ? AND device_id = ?"
                + " AND closed_at IS NULL AND cleared_at IS NULL RETURNING id")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setString(2, rule.id());
      update.setString(3, target.device());
      try (ResultSet rs = update.executeQuery()) {
        if (!rs.next()) {
          return;
        }
        id = rs.getLong(1);
      }
    }
    events.publish(
        rule.park(),
        new DeviceRef(target.enterprise(), target.device()),
        "alarm.cleared",
        now,
        Map.of(
            "alarm", id,
            "rule", rule.id(),
            "point", target.point(),
            "value", String.valueOf(latest.value())));
  }
}
