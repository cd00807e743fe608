package io.parkpulse.platform.energy.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Measures a park's energy meters and production counters for one day (in the park's time zone)
 * from the 1-minute rollups, and writes the result over what was measured before ({@code
 * energy_meter_day}, {@code energy_output_day}): measuring a day again gives the same rows, so the
 * job may repeat a day whenever late readings arrive.
 *
 * <p>Per meter point (kinds {@code energy.active_kwh} and {@code energy.generated_kwh}):
 *
 * <ul>
 *   <li><b>slots</b>: the 15-minute slots of the day that hold at least one reading (96 in a full
 *       day; the energy online-monitoring grade asks for 90% of them);
 *   <li><b>register rise</b>: the rises of the counter from the last reading before the day to the
 *       day's last, a fall being a reset (the counter counts again from zero). It includes what was
 *       consumed over a gap in the data, which the register still counted;
 *   <li><b>interval rise</b>: the same rises between readings at most 15 minutes apart only, the
 *       sum of the 15-minute values an online-monitoring terminal would have reported. Where it
 *       falls short of the register rise, the day had holes.
 * </ul>
 *
 * A meter without any reading that day is written with no register rise (null), so the figures list
 * it as unmonitored instead of counting zero.
 */
public final class MeterDays {

  /** The longest step between two readings that still counts as a 15-minute value. */
  static final Duration SLOT = Duration.ofMinutes(15);

  /** How far back the last reading before a day is looked for. */
  static final Duration LOOK_BACK = Duration.ofDays(35);

  /**
   * Each counter point's day: its slots, its register and interval rises, its last value. The
   * previous reading before the day joins the day's rows so that the first rise starts from it.
   * Parameters: park (twice), day start, day end, day start (look-back end), look-back start, day
   * start (slots).
   */
  private static final String MEASURE =
      "WITH pts AS ("
          + " SELECT d.enterprise_id AS enterprise, d.id AS device, p->>'name' AS point,"
          + "  p->>'kind' AS kind"
          + " FROM device d JOIN device_profile dp ON dp.id = d.profile_id,"
          + "  jsonb_array_elements(dp.points) p"
          + " WHERE d.park_id = ? AND p->>'kind' IN"
          + "  ('energy.active_kwh', 'energy.generated_kwh', 'counter.good', 'counter.total')),"
          + " day_rows AS ("
          + " SELECT r.enterprise, r.device, r.point, r.bucket, r.first_ts, r.first_value,"
          + "  r.last_ts, r.last_value, true AS in_day"
          + " FROM rollup_1m r JOIN pts ON pts.enterprise = r.enterprise AND pts.device = r.device"
          + "  AND pts.point = r.point"
          + " WHERE r.park = ? AND r.bucket >= ? AND r.bucket < ?),"
          + " prev_rows AS ("
          + " SELECT pts.enterprise, pts.device, pts.point, x.bucket, x.first_ts, x.first_value,"
          + "  x.last_ts, x.last_value, false AS in_day"
          + " FROM pts CROSS JOIN LATERAL (SELECT r.bucket, r.first_ts, r.first_value, r.last_ts,"
          + "  r.last_value FROM rollup_1m r WHERE r.enterprise = pts.enterprise"
          + "  AND r.device = pts.device AND r.point = pts.point AND r.bucket < ? AND r.bucket >= ?"
          + "  ORDER BY r.bucket DESC LIMIT 1) x),"
          + " steps AS ("
          + " SELECT u.*, lag(u.last_ts) OVER w AS prev_ts, lag(u.last_value) OVER w AS prev_value"
          + " FROM (SELECT * FROM day_rows UNION ALL SELECT * FROM prev_rows) u"
          + " WINDOW w AS (PARTITION BY u.enterprise, u.device, u.point ORDER BY u.bucket)),"
          + " rises AS ("
          + " SELECT s.*,"
          + "  CASE WHEN s.last_value >= s.first_value THEN s.last_value - s.first_value"
          + "   ELSE s.last_value END AS within,"
          + "  CASE WHEN s.prev_value IS NULL THEN 0 WHEN s.first_value >= s.prev_value"
          + "   THEN s.first_value - s.prev_value ELSE s.first_value END AS between_rise"
          + " FROM steps s)"
          + " SELECT pts.enterprise, pts.device, pts.point, pts.kind,"
          + "  count(DISTINCT floor(extract(epoch FROM r.bucket - ?::timestamptz) / 900))"
          + "   FILTER (WHERE r.in_day) AS slots,"
          + "  sum(r.within + r.between_rise) FILTER (WHERE r.in_day) AS counter_rise,"
          + "  coalesce(sum(r.within + CASE WHEN r.first_ts - r.prev_ts <= interval '15 minutes'"
          + "   THEN r.between_rise ELSE 0 END) FILTER (WHERE r.in_day), 0) AS interval_rise,"
          + "  (array_agg(r.last_value ORDER BY r.bucket DESC) FILTER (WHERE r.in_day))[1]"
          + "   AS last_value,"
          + "  count(*) FILTER (WHERE r.in_day AND (r.last_value < r.first_value"
          + "   OR r.first_value < r.prev_value)) AS resets"
          + " FROM pts LEFT JOIN rises r ON r.enterprise = pts.enterprise AND r.device = pts.device"
          + "  AND r.point = pts.point"
          + " GROUP BY pts.enterprise, pts.device, pts.point, pts.kind";

  private static final String UPSERT_METER =
      "INSERT INTO energy_meter_day (park, enterprise, device, point, carrier, day, slots,"
          + " expected_slots, counter_kwh, interval_kwh, last_value, resets, computed_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (enterprise, device, point, day) DO UPDATE SET park = excluded.park,"
          + " carrier = excluded.carrier, slots = excluded.slots,"
          + " expected_slots = excluded.expected_slots, counter_kwh = excluded.counter_kwh,"
          + " interval_kwh = excluded.interval_kwh, last_value = excluded.last_value,"
          + " resets = excluded.resets, computed_at = excluded.computed_at";

  private static final String UPSERT_OUTPUT =
      "INSERT INTO energy_output_day (park, enterprise, day, good, total, computed_at)"
          + " VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (enterprise, day) DO UPDATE SET park = excluded.park,"
          + " good = excluded.good, total = excluded.total, computed_at = excluded.computed_at";

  private final DataSource dataSource;

  public MeterDays(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Measures {@code day} of {@code park} and writes its meter days and output days.
   *
   * @param zone the park's time zone
   * @param now up to when a day still under way counts its expected slots
   * @return the meter points measured
   */
  public int measure(String park, ZoneId zone, LocalDate day, Instant now) throws SQLException {
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    int expected = expectedSlots(start, end, now);
    if (expected == 0) {
      return 0;
    }
    Timestamp from = Timestamp.from(start);
    Timestamp computedAt = Timestamp.from(now);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      List<Object[]> meters = new ArrayList<>();
      Map<String, double[]> output = new HashMap<>();
      Map<String, boolean[]> outputSeen = new HashMap<>();
      try (PreparedStatement q = c.prepareStatement(MEASURE)) {
        q.setString(1, park);
        q.setString(2, park);
        q.setTimestamp(3, from);
        q.setTimestamp(4, Timestamp.from(end));
        q.setTimestamp(5, from);
        q.setTimestamp(6, Timestamp.from(start.minus(LOOK_BACK)));
        q.setTimestamp(7, from);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            String enterprise = rs.getString(1);
            String kind = rs.getString(4);
            int slots = rs.getInt(5);
            double counter = rs.getDouble(6);
            boolean hasData = !rs.wasNull();
            double interval = rs.getDouble(7);
            double last = rs.getDouble(8);
            boolean hasLast = !rs.wasNull();
            int resets = rs.getInt(9);
            switch (kind) {
              case "energy.active_kwh", "energy.generated_kwh" ->
                  meters.add(
                      new Object[] {
                        enterprise,
                        rs.getString(2),
                        rs.getString(3),
                        kind.equals("energy.active_kwh") ? "electricity" : "pv",
                        slots,
                        hasData ? counter : null,
                        interval,
                        hasLast ? last : null,
                        resets
                      });
              default -> {
                int at = kind.equals("counter.good") ? 0 : 1;
                double[] sums = output.computeIfAbsent(enterprise, e -> new double[2]);
                boolean[] seen = outputSeen.computeIfAbsent(enterprise, e -> new boolean[2]);
                if (hasData) {
                  sums[at] += counter;
                  seen[at] = true;
                }
              }
            }
          }
        }
      }
      try (PreparedStatement up = c.prepareStatement(UPSERT_METER)) {
        for (Object[] m : meters) {
          up.setString(1, park);
          up.setString(2, (String) m[0]);
          up.setString(3, (String) m[1]);
          up.setString(4, (String) m[2]);
          up.setString(5, (String) m[3]);
          up.setObject(6, day);
          up.setInt(7, (Integer) m[4]);
          up.setInt(8, expected);
          setDouble(up, 9, (Double) m[5]);
          up.setDouble(10, (Double) m[6]);
          setDouble(up, 11, (Double) m[7]);
          up.setInt(12, (Integer) m[8]);
          up.setTimestamp(13, computedAt);
          up.addBatch();
        }
        up.executeBatch();
      }
      try (PreparedStatement up = c.prepareStatement(UPSERT_OUTPUT)) {
        for (Map.Entry<String, double[]> e : output.entrySet()) {
          boolean[] seen = outputSeen.get(e.getKey());
          up.setString(1, park);
          up.setString(2, e.getKey());
          up.setObject(3, day);
          setDouble(up, 4, seen[0] ? e.getValue()[0] : null);
          setDouble(up, 5, seen[1] ? e.getValue()[1] : null);
          up.setTimestamp(6, computedAt);
          up.addBatch();
        }
        up.executeBatch();
      }
      c.commit();
      return meters.size();
    }
  }

  /** Whether the park has any meter day or output day yet: a park measured before. */
  public boolean measuredBefore(String park) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT 1 FROM energy_meter_day WHERE park = ?"
                    + " UNION ALL SELECT 1 FROM energy_output_day WHERE park = ? LIMIT 1")) {
      q.setString(1, park);
      q.setString(2, park);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The 15-minute slots of a day that have begun by {@code now} (96 for a day gone by). */
  static int expectedSlots(Instant start, Instant end, Instant now) {
    Instant until = now.isBefore(end) ? now : end;
    if (!until.isAfter(start)) {
      return 0;
    }
    long seconds = Duration.between(start, until).toSeconds();
    return (int) ((seconds + SLOT.toSeconds() - 1) / SLOT.toSeconds());
  }

  private static void setDouble(PreparedStatement s, int i, Double v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.DOUBLE);
    } else {
      s.setDouble(i, v);
    }
  }
}
