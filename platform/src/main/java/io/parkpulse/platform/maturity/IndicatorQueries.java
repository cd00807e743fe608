package io.parkpulse.platform.maturity;

import io.parkpulse.platform.maturity.Evidence.IndicatorValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Computes an enterprise's indicators from what the platform stores (devices, profiles, rollups,
 * device status and events, API tokens), over a window ending now. The production assets A are the
 * enterprise's devices of type {@code machine}. Indicators not computed yet (O4, O6, O7, O11) are
 * absent, so their requirements score 0 with {@code NO_DATA}.
 */
public final class IndicatorQueries {

  private static final Duration CONNECTED_WITHIN = Duration.ofDays(7);
  private static final long MAX_ENERGY_INTERVAL_SECONDS = 900;

  private final DataSource dataSource;

  public IndicatorQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The indicators of {@code enterprise} over {@code window} ending at {@code now}. */
  public Map<String, IndicatorValue> compute(String enterprise, Instant now, Duration window)
      throws SQLException {
    Instant from = now.minus(window);
    String label = window.toDays() + "d to " + now;
    Map<String, IndicatorValue> values = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      long assets =
          count(
              c,
              "SELECT count(*) FROM device WHERE enterprise_id = ? AND type = 'machine'",
              enterprise);
      if (assets == 0) {
        IndicatorValue none = new IndicatorValue(0, 1, true, false, label, "no production assets");
        values.put("O1", none);
        values.put("O2", none);
      } else {
        long connected =
            count(
                c,
                "SELECT count(*) FROM device d JOIN device_status s"
                    + " ON s.enterprise = d.enterprise_id AND s.device = d.id"
                    + " WHERE d.enterprise_id = ? AND d.type = 'machine' AND s.last_seen >= ?",
                enterprise,
                Timestamp.from(now.minus(CONNECTED_WITHIN)));
        values.put(
            "O1",
            IndicatorValue.of(
                (double) connected / assets,
                label,
                connected + " of " + assets + " machines sent data in the last 7 days"));
        long registered =
            count(
                c,
                "SELECT count(*) FROM device WHERE enterprise_id = ? AND type = 'machine'"
                    + " AND rated_power_kw IS NOT NULL",
                enterprise);
        values.put(
            "O2",
            IndicatorValue.of(
                (double) registered / assets,
                label,
                registered + " of " + assets + " machines with type, rated power and criticality"));
      }
      completeness(c, enterprise, from, now, label).ifPresent(v -> values.put("O3", v));
      freshness(c, enterprise, from, now, label).ifPresent(v -> values.put("O4", v));
      energyCoverage(c, enterprise, from, label).ifPresent(v -> values.put("O5", v));
      OeeCoverage.compute(c, enterprise, from, now, label).ifPresent(v -> values.put("O6", v));
      alarmLoop(c, enterprise, from, label).ifPresent(v -> values.put("O7", v));
      long systems =
          count(
              c,
              "SELECT count(*) FROM api_token WHERE kind = 'api' AND enterprise_id = ?"
                  + " AND last_used_at >= ?",
              enterprise,
              Timestamp.from(from));
      values.put(
          "O9", IndicatorValue.of(systems, label, systems + " API tokens of the enterprise used"));
      secureSessions(c, enterprise, from, label).ifPresent(v -> values.put("O10", v));
      uptime(c, enterprise, from, now, label).ifPresent(v -> values.put("gateway-uptime", v));
    }
    return values;
  }

  /** O3: received ÷ expected samples of the numeric points of connected machines. */
  private static java.util.Optional<IndicatorValue> completeness(
      Connection c, String enterprise, Instant from, Instant now, String label)
      throws SQLException {
    String sql =
        "WITH points AS ("
            + " SELECT d.id AS device, p->>'name' AS point, (p->>'intervalSeconds')::float8 AS every,"
            + " greatest(d.created_at, ?) AS since"
            + " FROM device d JOIN device_status s ON s.enterprise = d.enterprise_id AND s.device = d.id"
            + " JOIN device_profile dp ON dp.id = d.profile_id, jsonb_array_elements(dp.points) p"
            + " WHERE d.enterprise_id = ? AND d.type = 'machine' AND s.last_seen >= ?"
            + " AND p->>'dataType' <> 'string')"
            + " SELECT coalesce(sum(least(received, expected)), 0), coalesce(sum(expected), 0) FROM ("
            + " SELECT extract(epoch FROM (? - since)) / every AS expected,"
            + " coalesce((SELECT sum(n) FROM rollup_1h r WHERE r.enterprise = ? AND r.device = pt.device"
            + " AND r.point = pt.point AND r.bucket >= date_trunc('hour', pt.since)), 0) AS received"
            + " FROM points pt) x";
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setTimestamp(1, Timestamp.from(from));
      q.setString(2, enterprise);
      q.setTimestamp(3, Timestamp.from(now.minus(CONNECTED_WITHIN)));
      q.setTimestamp(4, Timestamp.from(now));
      q.setString(5, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        double received = rs.getDouble(1);
        double expected = rs.getDouble(2);
        if (expected <= 0) {
          return java.util.Optional.empty();
        }
        double ratio = Math.min(1, received / expected);
        return java.util.Optional.of(
            new IndicatorValue(
                ratio,
                1,
                true,
                true,
                label,
                String.format(
                    java.util.Locale.ROOT,
                    "%.0f of %.0f expected samples of numeric profile points",
                    received,
                    expected)));
      }
    }
  }

  /**
   * O4: the share of hourly probes at which a numeric profile point of a connected machine had a
   * value younger than 3 × its declared interval, from the last value of the hour before each probe
   * (exact for intervals up to 20 minutes, conservative above).
   */
  private static java.util.Optional<IndicatorValue> freshness(
      Connection c, String enterprise, Instant from, Instant now, String label)
      throws SQLException {
    String sql =
        "WITH points AS ("
            + " SELECT d.id AS device, p->>'name' AS point, (p->>'intervalSeconds')::float8 AS every,"
            + " date_trunc('hour', greatest(d.created_at, ?)) + interval '1 hour' AS first_probe"
            + " FROM device d JOIN device_status s ON s.enterprise = d.enterprise_id AND s.device = d.id"
            + " JOIN device_profile dp ON dp.id = d.profile_id, jsonb_array_elements(dp.points) p"
            + " WHERE d.enterprise_id = ? AND d.type = 'machine' AND s.last_seen >= ?"
            + " AND p->>'dataType' <> 'string')"
            + " SELECT coalesce(sum(greatest(0, floor(extract(epoch FROM (? - first_probe)) / 3600) + 1)), 0),"
            + " coalesce(sum((SELECT count(*) FROM rollup_1h r WHERE r.enterprise = ?"
            + "  AND r.device = pt.device AND r.point = pt.point"
            + "  AND r.bucket >= pt.first_probe - interval '1 hour' AND r.bucket + interval '1 hour' <= ?"
            + "  AND r.last_ts >= r.bucket + interval '1 hour' - 3 * pt.every * interval '1 second')), 0)"
            + " FROM points pt";
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setTimestamp(1, Timestamp.from(from));
      q.setString(2, enterprise);
      q.setTimestamp(3, Timestamp.from(now.minus(CONNECTED_WITHIN)));
      q.setTimestamp(4, Timestamp.from(now));
      q.setString(5, enterprise);
      q.setTimestamp(6, Timestamp.from(now));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        double probes = rs.getDouble(1);
        double fresh = rs.getDouble(2);
        if (probes <= 0) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(
            IndicatorValue.of(
                Math.min(1, fresh / probes),
                label,
                String.format(
                    java.util.Locale.ROOT,
                    "%.0f of %.0f hourly probes found a fresh value",
                    fresh,
                    probes)));
      }
    }
  }

  /** O5: rated kW of machines with energy telemetry every 15 min or faster ÷ all rated kW. */
  private static java.util.Optional<IndicatorValue> energyCoverage(
      Connection c, String enterprise, Instant from, String label) throws SQLException {
    String sql =
        "SELECT coalesce(sum(d.rated_power_kw), 0),"
            + " coalesce(sum(d.rated_power_kw) FILTER (WHERE EXISTS ("
            + "  SELECT 1 FROM device_profile dp, jsonb_array_elements(dp.points) p"
            + "  WHERE dp.id = d.profile_id AND p->>'kind' = 'energy.active_kwh'"
            + "  AND (p->>'intervalSeconds')::int <= ?"
            + "  AND EXISTS (SELECT 1 FROM rollup_1h r WHERE r.enterprise = d.enterprise_id"
            + "   AND r.device = d.id AND r.point = p->>'name' AND r.bucket >= ?))), 0)"
            + " FROM device d WHERE d.enterprise_id = ? AND d.type = 'machine'"
            + " AND d.rated_power_kw IS NOT NULL";
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setLong(1, MAX_ENERGY_INTERVAL_SECONDS);
      q.setTimestamp(2, Timestamp.from(from));
      q.setString(3, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        double total = rs.getDouble(1);
        double metered = rs.getDouble(2);
        if (total <= 0) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(
            IndicatorValue.of(
                metered / total,
                label,
                String.format(
                    java.util.Locale.ROOT, "%.1f of %.1f rated kW metered", metered, total)));
      }
    }
  }

  /** O7: alarms acknowledged within their SLA and closed ÷ all alarms opened in the window. */
  private static java.util.Optional<IndicatorValue> alarmLoop(
      Connection c, String enterprise, Instant from, String label) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT count(*), count(*) FILTER (WHERE closed_at IS NOT NULL"
                + " AND acknowledged_at <= opened_at + sla_seconds * interval '1 second')"
                + " FROM alarm WHERE enterprise_id = ? AND opened_at >= ?")) {
      q.setString(1, enterprise);
      q.setTimestamp(2, Timestamp.from(from));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        long alarms = rs.getLong(1);
        if (alarms == 0) {
          return java.util.Optional.empty();
        }
        long closed = rs.getLong(2);
        return java.util.Optional.of(
            IndicatorValue.of(
                (double) closed / alarms,
                label,
                closed + " of " + alarms + " alarms acknowledged within SLA and closed"));
      }
    }
  }

  /** O10: device sessions over TLS ÷ all sessions, from the gateway's connected events. */
  private static java.util.Optional<IndicatorValue> secureSessions(
      Connection c, String enterprise, Instant from, String label) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT count(*), count(*) FILTER (WHERE details->>'tls' = 'true') FROM device_event"
                + " WHERE enterprise = ? AND type = 'connected' AND at >= ?")) {
      q.setString(1, enterprise);
      q.setTimestamp(2, Timestamp.from(from));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        long sessions = rs.getLong(1);
        if (sessions == 0) {
          return java.util.Optional.empty();
        }
        long tls = rs.getLong(2);
        return java.util.Optional.of(
            IndicatorValue.of(
                (double) tls / sessions, label, tls + " of " + sessions + " sessions over TLS"));
      }
    }
  }

  /** Share of the hours since the enterprise's first data in the window with data from it. */
  private static java.util.Optional<IndicatorValue> uptime(
      Connection c, String enterprise, Instant from, Instant now, String label)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT count(DISTINCT bucket), min(bucket) FROM rollup_1h"
                + " WHERE enterprise = ? AND bucket >= ?")) {
      q.setString(1, enterprise);
      q.setTimestamp(2, Timestamp.from(from));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        long online = rs.getLong(1);
        Timestamp first = rs.getTimestamp(2);
        if (first == null) {
          return java.util.Optional.empty();
        }
        long hours = Math.max(1, Duration.between(first.toInstant(), now).toHours() + 1);
        return java.util.Optional.of(
            IndicatorValue.of(
                Math.min(1, (double) online / hours),
                label,
                online + " of " + hours + " hours with data"));
      }
    }
  }

  private static long count(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        q.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
