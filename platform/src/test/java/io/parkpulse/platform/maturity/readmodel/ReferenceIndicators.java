package io.parkpulse.platform.maturity.readmodel;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.maturity.scoring.Evidence.IndicatorValue;
import io.parkpulse.platform.production.ShiftCalendar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The indicators as the platform computed them before parks were assessed at once: one enterprise
 * at a time, with a few queries each over its own rows. Kept as it was, so that tests can show that
 * {@link IndicatorQueries} computes the same.
 */
public final class ReferenceIndicators {

  private static final Duration CONNECTED_WITHIN = Duration.ofDays(7);
  private static final long MAX_ENERGY_INTERVAL_SECONDS = 900;

  private static final TypeReference<List<Map<String, String>>> SHIFTS = new TypeReference<>() {};

  private final DataSource dataSource;

  public ReferenceIndicators(DataSource dataSource) {
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
      oeeCoverage(c, enterprise, from, now, label).ifPresent(v -> values.put("O6", v));
      alarmLoop(c, enterprise, from, label).ifPresent(v -> values.put("O7", v));
      long systems =
          count(
              c,
              "SELECT count(*) FROM api_token WHERE kind = 'api' AND enterprise_id = ?"
                  + " AND last_used_at >= ?",
              enterprise,
              Timestamp.from(from));
      List<String> clients = new ArrayList<>();
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT group_id FROM kafka_client WHERE enterprise_id = ? AND last_active >= ?"
                  + " ORDER BY group_id")) {
        q.setString(1, enterprise);
        q.setTimestamp(2, Timestamp.from(from));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            clients.add(rs.getString(1));
          }
        }
      }
      String detail = systems + " API tokens used, " + clients.size() + " Kafka clients active";
      if (!clients.isEmpty()) {
        detail += " (" + String.join(", ", clients) + ")";
      }
      values.put("O9", IndicatorValue.of(systems + clients.size(), label, detail));
      secureSessions(c, enterprise, from, label).ifPresent(v -> values.put("O10", v));
      uptime(c, enterprise, from, now, label).ifPresent(v -> values.put("gateway-uptime", v));
    }
    return values;
  }

  /** O6, as {@code OeeCoverage} computed it for one enterprise. */
  private static Optional<IndicatorValue> oeeCoverage(
      Connection c, String enterprise, Instant from, Instant now, String label)
      throws SQLException {
    ShiftCalendar calendar;
    String park;
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT p.shift_calendar::text, p.timezone, p.id FROM park p"
                + " JOIN enterprise e ON e.park_id = p.id WHERE e.id = ?")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        List<ShiftCalendar.Shift> shifts = new ArrayList<>();
        for (Map<String, String> s : Json.read(rs.getString(1), SHIFTS)) {
          shifts.add(
              new ShiftCalendar.Shift(
                  s.get("name"), LocalTime.parse(s.get("start")), LocalTime.parse(s.get("end"))));
        }
        calendar = new ShiftCalendar(shifts, ZoneId.of(rs.getString(2)));
        park = rs.getString(3);
      }
    }
    ZoneId utc = ZoneId.of("UTC");
    List<ShiftCalendar.Window> shifts =
        calendar
            .windows(from.atZone(utc).toLocalDate().minusDays(1), now.atZone(utc).toLocalDate())
            .stream()
            .filter(w -> !w.start().isBefore(from) && !w.end().isAfter(now))
            .toList();
    int critical = 0;
    int computable = 0;
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT d.id, d.ideal_cycle_seconds, dp.points::text FROM device d"
                + " LEFT JOIN device_profile dp ON dp.id = d.profile_id"
                + " WHERE d.enterprise_id = ? AND d.type = 'machine' AND d.criticality = 'high'"
                + " ORDER BY d.id")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          critical++;
          String points = rs.getString(3);
          double cycle = rs.getDouble(2);
          Optional<Duration> ideal =
              rs.wasNull()
                  ? Optional.empty()
                  : Optional.of(Duration.ofMillis((long) (cycle * 1000)));
          if (points != null
              && !shifts.isEmpty()
              && OeeCoverage.computableShare(
                      c, park, enterprise, rs.getString(1), points, ideal, shifts, from)
                  >= OeeCoverage.MIN_SHIFT_SHARE) {
            computable++;
          }
        }
      }
    }
    if (critical == 0) {
      return Optional.of(new IndicatorValue(0, 1, true, false, label, "no critical machines"));
    }
    return Optional.of(
        IndicatorValue.of(
            (double) computable / critical,
            label,
            computable
                + " of "
                + critical
                + " critical machines with computable OEE on 90% of "
                + shifts.size()
                + " planned shifts"));
  }

  /** O3: received ÷ expected samples of the numeric points of connected machines. */
  private static Optional<IndicatorValue> completeness(
      Connection c, String enterprise, Instant from, Instant now, String label)
      throws SQLException {
    double[] r =
        row(
            c,
            "WITH points AS ("
                + " SELECT d.id AS device, p->>'name' AS point,"
                + " (p->>'intervalSeconds')::float8 AS every, greatest(d.created_at, ?) AS since"
                + CONNECTED_NUMERIC_POINTS
                + " SELECT coalesce(sum(least(received, expected)), 0),"
                + " coalesce(sum(expected), 0) FROM ("
                + " SELECT extract(epoch FROM (? - since)) / every AS expected,"
                + " coalesce((SELECT sum(n) FROM rollup_1h r WHERE r.enterprise = ?"
                + " AND r.device = pt.device AND r.point = pt.point"
                + " AND r.bucket >= date_trunc('hour', pt.since)), 0) AS received"
                + " FROM points pt) x",
            ts(from),
            enterprise,
            ts(now.minus(CONNECTED_WITHIN)),
            ts(now),
            enterprise);
    return share(
        Math.min(r[0], r[1]),
        r[1],
        label,
        format("%.0f of %.0f expected samples of numeric profile points", r[0], r[1]));
  }

  /**
   * O4: the share of hourly probes at which a numeric profile point of a connected machine had a
   * value younger than 3 × its declared interval, from the last value of the hour before each probe
   * (exact for intervals up to 20 minutes, conservative above).
   */
  private static Optional<IndicatorValue> freshness(
      Connection c, String enterprise, Instant from, Instant now, String label)
      throws SQLException {
    double[] r =
        row(
            c,
            "WITH points AS ("
                + " SELECT d.id AS device, p->>'name' AS point,"
                + " (p->>'intervalSeconds')::float8 AS every,"
                + " date_trunc('hour', greatest(d.created_at, ?)) + interval '1 hour' AS first_probe"
                + CONNECTED_NUMERIC_POINTS
                + " SELECT coalesce(sum((SELECT count(*) FROM rollup_1h r WHERE r.enterprise = ?"
                + "  AND r.device = pt.device AND r.point = pt.point"
                + "  AND r.bucket >= pt.first_probe - interval '1 hour'"
                + "  AND r.bucket + interval '1 hour' <= ?"
                + "  AND r.last_ts >= r.bucket + interval '1 hour'"
                + "  - 3 * pt.every * interval '1 second')), 0),"
                + " coalesce(sum(greatest(0,"
                + " floor(extract(epoch FROM (? - first_probe)) / 3600) + 1)), 0)"
                + " FROM points pt",
            ts(from),
            enterprise,
            ts(now.minus(CONNECTED_WITHIN)),
            enterprise,
            ts(now),
            ts(now));
    return share(
        Math.min(r[0], r[1]),
        r[1],
        label,
        format("%.0f of %.0f hourly probes found a fresh value", r[0], r[1]));
  }

  /** O5: rated kW of machines with energy telemetry every 15 min or faster ÷ all rated kW. */
  private static Optional<IndicatorValue> energyCoverage(
      Connection c, String enterprise, Instant from, String label) throws SQLException {
    double[] r =
        row(
            c,
            "SELECT coalesce(sum(d.rated_power_kw) FILTER (WHERE EXISTS ("
                + "  SELECT 1 FROM device_profile dp, jsonb_array_elements(dp.points) p"
                + "  WHERE dp.id = d.profile_id AND p->>'kind' = 'energy.active_kwh'"
                + "  AND (p->>'intervalSeconds')::int <= ?"
                + "  AND EXISTS (SELECT 1 FROM rollup_1h r WHERE r.enterprise = d.enterprise_id"
                + "   AND r.device = d.id AND r.point = p->>'name' AND r.bucket >= ?))), 0),"
                + " coalesce(sum(d.rated_power_kw), 0)"
                + " FROM device d WHERE d.enterprise_id = ? AND d.type = 'machine'"
                + " AND d.rated_power_kw IS NOT NULL",
            MAX_ENERGY_INTERVAL_SECONDS,
            ts(from),
            enterprise);
    return share(r[0], r[1], label, format("%.1f of %.1f rated kW metered", r[0], r[1]));
  }

  /** O7: alarms acknowledged within their SLA and closed ÷ all alarms opened in the window. */
  private static Optional<IndicatorValue> alarmLoop(
      Connection c, String enterprise, Instant from, String label) throws SQLException {
    double[] r =
        row(
            c,
            "SELECT count(*) FILTER (WHERE closed_at IS NOT NULL"
                + " AND acknowledged_at <= opened_at + sla_seconds * interval '1 second'),"
                + " count(*) FROM alarm WHERE enterprise_id = ? AND opened_at >= ?",
            enterprise,
            ts(from));
    return share(
        r[0],
        r[1],
        label,
        format("%.0f of %.0f alarms acknowledged within SLA and closed", r[0], r[1]));
  }

  /** O10: device sessions over TLS ÷ all sessions, from the gateway's connected events. */
  private static Optional<IndicatorValue> secureSessions(
      Connection c, String enterprise, Instant from, String label) throws SQLException {
    double[] r =
        row(
            c,
            "SELECT count(*) FILTER (WHERE details->>'tls' = 'true'), count(*) FROM device_event"
                + " WHERE enterprise = ? AND type = 'connected' AND at >= ?",
            enterprise,
            ts(from));
    return share(r[0], r[1], label, format("%.0f of %.0f sessions over TLS", r[0], r[1]));
  }

  /** Share of the hours since the enterprise's first data in the window with data from it. */
  private static Optional<IndicatorValue> uptime(
      Connection c, String enterprise, Instant from, Instant now, String label)
      throws SQLException {
    double[] r =
        row(
            c,
            "SELECT count(DISTINCT bucket),"
                + " floor(extract(epoch FROM (? - min(bucket))) / 3600) + 1"
                + " FROM rollup_1h WHERE enterprise = ? AND bucket >= ?",
            ts(now),
            enterprise,
            ts(from));
    double hours = Double.isNaN(r[1]) ? 0 : Math.max(1, r[1]);
    return share(
        Math.min(r[0], hours), hours, label, format("%.0f of %.0f hours with data", r[0], hours));
  }

  /** The machines' numeric profile points, for the {@code points} CTEs of O3 and O4. */
  private static final String CONNECTED_NUMERIC_POINTS =
      " FROM device d JOIN device_status s ON s.enterprise = d.enterprise_id AND s.device = d.id"
          + " JOIN device_profile dp ON dp.id = d.profile_id, jsonb_array_elements(dp.points) p"
          + " WHERE d.enterprise_id = ? AND d.type = 'machine' AND s.last_seen >= ?"
          + " AND p->>'dataType' <> 'string')";

  /** {@code part ÷ whole} as an indicator, or absent if there is nothing to divide by. */
  private static Optional<IndicatorValue> share(
      double part, double whole, String label, String source) {
    return whole > 0
        ? Optional.of(IndicatorValue.of(part / whole, label, source))
        : Optional.empty();
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static long count(Connection c, String sql, Object... params) throws SQLException {
    return (long) row(c, sql, params)[0];
  }

  /** The first row of a query's numeric columns; a null column is NaN. */
  private static double[] row(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        q.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        double[] values = new double[rs.getMetaData().getColumnCount()];
        for (int i = 0; i < values.length; i++) {
          values[i] = rs.getDouble(i + 1);
          if (rs.wasNull()) {
            values[i] = Double.NaN;
          }
        }
        return values;
      }
    }
  }
}
