package io.parkpulse.platform.maturity.readmodel;

import io.parkpulse.platform.maturity.scoring.Evidence.IndicatorValue;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Computes enterprises' indicators from what the platform stores (devices, profiles, rollups,
 * device status and events, API tokens), over a window ending now: a whole park's at once, one
 * query per indicator grouped by enterprise, or one enterprise's with the same queries. The
 * production assets A are the enterprise's devices of type {@code machine}. O6 is computed by
 * {@link OeeCoverage}. O11 compares the machines' good-part counters with the output the enterprise
 * reported ({@link ReportedOutputResource}); without a report in the window it is absent, so its
 * requirements score 0 with {@code NO_DATA}.
 *
 * <p>O3 and O4 count each point's samples and fresh hours over 30 days: 720 hourly rollups a point,
 * 28.8 million rows for a park of 500 enterprises with 40 machines of two points. They read a
 * point's closed days from the day summaries instead (30 rows), and only the hours around them from
 * the hourly rollups. The gateway uptime reads the enterprise's hours with data, which the ingest
 * keeps beside the rollups.
 */
public final class IndicatorQueries {

  private static final Duration CONNECTED_WITHIN = Duration.ofDays(7);
  private static final long MAX_ENERGY_INTERVAL_SECONDS = 900;

  /**
   * For the statements of one computation: plans made for the actual enterprises (a generic plan
   * would guess the size of the park), and room to aggregate a park's points in memory.
   */
  private static final String SETTINGS =
      "SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL work_mem = '64MB'";

  private final DataSource dataSource;

  public IndicatorQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The indicators of {@code enterprise} over {@code window} ending at {@code now}. */
  public Map<String, IndicatorValue> compute(String enterprise, Instant now, Duration window)
      throws SQLException {
    String park;
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT park_id FROM enterprise WHERE id = ?")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        park = rs.next() ? rs.getString(1) : null;
      }
    }
    return compute(park, List.of(enterprise), now, window).get(enterprise);
  }

  /**
   * The indicators of every enterprise of {@code park} over {@code window} ending at {@code now},
   * by enterprise id in order; each the same as {@link #compute(String, Instant, Duration)} gives.
   */
  public Map<String, Map<String, IndicatorValue>> computePark(
      String park, Instant now, Duration window) throws SQLException {
    List<String> enterprises = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement("SELECT id FROM enterprise WHERE park_id = ? ORDER BY id")) {
      q.setString(1, park);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          enterprises.add(rs.getString(1));
        }
      }
    }
    return compute(park, enterprises, now, window);
  }

  private Map<String, Map<String, IndicatorValue>> compute(
      String park, List<String> enterprises, Instant now, Duration window) throws SQLException {
    Instant from = now.minus(window);
    String label = window.toDays() + "d to " + now;
    Map<String, Map<String, IndicatorValue>> values = new LinkedHashMap<>();
    for (String enterprise : enterprises) {
      values.put(enterprise, new LinkedHashMap<>());
    }
    if (enterprises.isEmpty()) {
      return values;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement settings = c.createStatement()) {
          settings.execute(SETTINGS);
        }
        Scope scope = new Scope(c, park, enterprises, from, now, label, values);
        assets(scope);
        completenessAndFreshness(scope);
        energyCoverage(scope);
        energyMonitoring(scope, park);
        OeeCoverage.compute(c, park, enterprises, from, now, label)
            .forEach((enterprise, value) -> values.get(enterprise).put("O6", value));
        alarmLoop(scope);
        integrations(scope);
        secureSessions(scope);
        uptime(scope);
        automaticReporting(scope);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return values;
  }

  /** What one computation works on, and where its values go. */
  private record Scope(
      Connection c,
      String park,
      List<String> enterprises,
      Instant from,
      Instant now,
      String label,
      Map<String, Map<String, IndicatorValue>> values) {

    Array ids() throws SQLException {
      return c.createArrayOf("text", enterprises.toArray());
    }

    void put(String enterprise, String indicator, Optional<IndicatorValue> value) {
      value.ifPresent(v -> values.get(enterprise).put(indicator, v));
    }
  }

  /** O1 (machines that sent data in 7 days) and O2 (machines with rated power) ÷ machines. */
  private static void assets(Scope s) throws SQLException {
    Map<String, double[]> rows =
        rows(
            s.c(),
            "SELECT d.enterprise_id, count(*), count(*) FILTER (WHERE EXISTS (SELECT 1"
                + " FROM device_status st WHERE st.enterprise = d.enterprise_id"
                + " AND st.device = d.id AND st.last_seen >= ?)),"
                + " count(*) FILTER (WHERE d.rated_power_kw IS NOT NULL)"
                + " FROM device d WHERE d.enterprise_id = ANY(?) AND d.type = 'machine'"
                + " GROUP BY d.enterprise_id",
            ts(s.now().minus(CONNECTED_WITHIN)),
            s.ids());
    for (String enterprise : s.enterprises()) {
      double[] r = rows.get(enterprise);
      if (r == null) {
        IndicatorValue none =
            new IndicatorValue(0, 1, true, false, s.label(), "no production assets");
        s.put(enterprise, "O1", Optional.of(none));
        s.put(enterprise, "O2", Optional.of(none));
        continue;
      }
      long assets = (long) r[0];
      long connected = (long) r[1];
      long registered = (long) r[2];
      s.put(
          enterprise,
          "O1",
          Optional.of(
              IndicatorValue.of(
                  (double) connected / assets,
                  s.label(),
                  connected + " of " + assets + " machines sent data in the last 7 days")));
      s.put(
          enterprise,
          "O2",
          Optional.of(
              IndicatorValue.of(
                  (double) registered / assets,
                  s.label(),
                  registered
                      + " of "
                      + assets
                      + " machines with type, rated power and criticality")));
    }
  }

  /** A numeric profile point of a connected machine, as O3 and O4 count it. */
  private static final class Point {
    final String enterprise;
    final String device;
    final String name;
    final Double every;
    final Timestamp low;

    /** (now − since) ÷ interval, null without an interval. */
    final Double expected;

    final double probes;
    long received;
    long fresh;

    Point(ResultSet rs) throws SQLException {
      enterprise = rs.getString(1);
      device = rs.getString(2);
      name = rs.getString(3);
      every = nullable(rs, 4);
      low = rs.getTimestamp(5);
      expected = nullable(rs, 6);
      probes = rs.getDouble(7);
    }

    String key() {
      return key(enterprise, device, name);
    }

    static String key(String enterprise, String device, String point) {
      return enterprise + '\u0000' + device + '\u0000' + point;
    }
  }

  /**
   * O3: received ÷ expected samples of the measured numeric points of connected machines (derived
   * points, computed from them, are not counted again), each point's received capped at its
   * expected; O4: the share of hourly probes at which such a point had a value younger than 3 × its
   * declared interval, from the last value of the hour before each probe (exact for intervals up to
   * 20 minutes, conservative above).
   *
   * <p>A point counts from the hour of {@code since}, its machine's creation or the window's start.
   * Every point's samples and fresh probes are summed from the window's first hour ({@link
   * #sumSamplesAndProbes}); the few machines created inside the window then have their rows from
   * before their first hour taken off again.
   */
  private static void completenessAndFreshness(Scope s) throws SQLException {
    List<Point> points = new ArrayList<>();
    try (PreparedStatement q =
        s.c()
            .prepareStatement(
                "SELECT d.enterprise_id, d.id, p->>'name', (p->>'intervalSeconds')::float8,"
                    + " date_trunc('hour', greatest(d.created_at, ?)),"
                    + " extract(epoch FROM (? - greatest(d.created_at, ?)))"
                    + " / (p->>'intervalSeconds')::float8,"
                    + " greatest(0, floor(extract(epoch FROM (? - (date_trunc('hour',"
                    + " greatest(d.created_at, ?)) + interval '1 hour'))) / 3600) + 1)"
                    + " FROM device d JOIN device_status st ON st.enterprise = d.enterprise_id"
                    + " AND st.device = d.id JOIN device_profile dp ON dp.id = d.profile_id,"
                    + " jsonb_array_elements(dp.points) p"
                    + " WHERE d.enterprise_id = ANY(?) AND d.type = 'machine'"
                    + " AND st.last_seen >= ? AND p->>'dataType' <> 'string'"
                    // Derived points are computed from the measured ones: not data of their own.
                    + " AND p->>'expression' IS NULL")) {
      set(
          q,
          ts(s.from()),
          ts(s.now()),
          ts(s.from()),
          ts(s.now()),
          ts(s.from()),
          s.ids(),
          ts(s.now().minus(CONNECTED_WITHIN)));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          points.add(new Point(rs));
        }
      }
    }
    if (points.isEmpty()) {
      return;
    }
    Timestamp firstHour;
    try (PreparedStatement q =
        s.c().prepareStatement("SELECT date_trunc('hour', ?::timestamptz)")) {
      q.setTimestamp(1, ts(s.from()));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        firstHour = rs.getTimestamp(1);
      }
    }
    sumSamplesAndProbes(s, points, firstHour);
    takeOffRowsBeforeFirstHour(s, points, firstHour);
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (Point p : points) {
      double[] r = sums.computeIfAbsent(p.enterprise, e -> new double[4]);
      // As least(received, expected) and sum(expected) do in SQL: a null is left out.
      r[0] += p.expected == null ? p.received : Math.min((double) p.received, p.expected);
      r[1] += p.expected == null ? 0 : p.expected;
      r[2] += p.fresh;
      r[3] += p.probes;
    }
    sums.forEach(
        (enterprise, r) -> {
          s.put(
              enterprise,
              "O3",
              share(
                  Math.min(r[0], r[1]),
                  r[1],
                  s.label(),
                  format("%.0f of %.0f expected samples of numeric profile points", r[0], r[1])));
          s.put(
              enterprise,
              "O4",
              share(
                  Math.min(r[2], r[3]),
                  r[3],
                  s.label(),
                  format("%.0f of %.0f hourly probes found a fresh value", r[2], r[3])));
        });
  }

  /**
   * Sums each point's samples and fresh probes from {@code firstHour} on, its fresh probes counted
   * once per interval in use. A probe is fresh if the last value of the hour before is at most 3 ×
   * the interval before the hour's end: bucket + 1 h <= now and last_ts >= bucket + 1 h - 3 ×
   * interval, written so that a row costs one addition (the intervals are whole microseconds, so
   * the sums are the same) and every bound is a constant (PostgreSQL would compute an expression
   * such as date_trunc(…) again for each of the millions of rows).
   *
   * <p>The window's whole local days that have ended are read from the day summaries ({@code
   * point_day}, kept by the telemetry's DaySummaryJob) for every point that has one for each of
   * those days, still true: a row a day instead of 24. The hours before and after those days, and
   * all the hours of the other points, are read from the hourly rollups.
   */
  private static void sumSamplesAndProbes(Scope s, List<Point> points, Timestamp firstHour)
      throws SQLException {
    List<Double> intervals =
        new ArrayList<>(
            new TreeSet<>(points.stream().map(p -> p.every).filter(e -> e != null).toList()));
    Map<String, Point> byKey = new HashMap<>();
    for (Point p : points) {
      byKey.put(p.key(), p);
    }
    Optional<WholeDays> days = wholeDays(s, firstHour);
    if (days.isEmpty()) {
      sumHours(s, intervals, "bucket >= ?", List.of(firstHour), null, byKey);
      return;
    }
    WholeDays d = days.get();
    Map<String, Point> rest = new HashMap<>(byKey);
    sumDays(s, intervals, byKey, d).forEach(rest::remove);
    // A park's hours around the whole days through its (park, bucket) index; one enterprise's
    // through its own rows, of which the park's index would read every other enterprise's too.
    String around = "((bucket >= ? AND bucket < ?) OR bucket >= ?)";
    List<Object> bounds = new ArrayList<>(List.of(firstHour, d.first(), d.end()));
    if (s.enterprises().size() > 1) {
      around = "park = ? AND " + around;
      bounds.add(0, s.park());
    }
    sumHours(s, intervals, around, bounds, null, byKey);
    if (!rest.isEmpty()) {
      List<String> devices = rest.values().stream().map(p -> p.device).distinct().toList();
      sumHours(
          s, intervals, "bucket >= ? AND bucket < ?", List.of(d.first(), d.end()), devices, rest);
    }
  }

  /**
   * The window's whole local days in the park's time zone that ended by now: their starts and ends,
   * each a whole UTC hour (else hourly rollups would straddle them).
   */
  private record WholeDays(Array starts, Array ends, int count, Timestamp first, Timestamp end) {}

  private static Optional<WholeDays> wholeDays(Scope s, Timestamp firstHour) throws SQLException {
    try (PreparedStatement q =
        s.c()
            .prepareStatement(
                "SELECT array_agg(g AT TIME ZONE timezone ORDER BY g),"
                    + " array_agg((g + interval '1 day') AT TIME ZONE timezone ORDER BY g)"
                    + " FROM park, generate_series(date_trunc('day', (?::timestamptz"
                    + " - interval '1 microsecond') AT TIME ZONE timezone) + interval '1 day',"
                    + " date_trunc('day', ?::timestamptz AT TIME ZONE timezone) - interval '1 day',"
                    + " interval '1 day') AS g WHERE id = ?")) {
      set(q, firstHour, ts(s.now()), s.park());
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next() || rs.getArray(1) == null) {
          return Optional.empty();
        }
        Timestamp[] starts = (Timestamp[]) rs.getArray(1).getArray();
        Timestamp[] ends = (Timestamp[]) rs.getArray(2).getArray();
        for (int i = 0; i < starts.length; i++) {
          boolean contiguous = i == 0 || starts[i].equals(ends[i - 1]);
          if (!contiguous
              || starts[i].getTime() % 3_600_000 != 0
              || ends[i].getTime() % 3_600_000 != 0) {
            return Optional.empty();
          }
        }
        // Instants as ISO text: a Timestamp array would be written in the JVM's local time.
        return Optional.of(
            new WholeDays(
                s.c().createArrayOf("text", iso(starts)),
                s.c().createArrayOf("text", iso(ends)),
                starts.length,
                starts[0],
                ends[ends.length - 1]));
      }
    }
  }

  private static String[] iso(Timestamp[] times) {
    String[] iso = new String[times.length];
    for (int i = 0; i < times.length; i++) {
      iso[i] = times[i].toInstant().toString();
    }
    return iso;
  }

  /**
   * Adds the day summaries of the points that have one still true for each of {@code days}.
   *
   * @return the keys of those points
   */
  private static List<String> sumDays(
      Scope s, List<Double> intervals, Map<String, Point> points, WholeDays days)
      throws SQLException {
    // A summary's n is the daily rollup's when it was written, and a daily rollup's n only grows:
    // the point's summaries all still hold when their n add up to its daily rollups' in the range.
    // A summary counts as one of the days only if it ends where the day does in the park's zone
    // now; joined on the day's start alone, so that the planner, which would multiply the two
    // conditions' selectivities although the end follows from the start, estimates the rows
    // right and groups them by hashing instead of sorting a million rows it took for six thousand.
    StringBuilder sql =
        new StringBuilder(
            "WITH s AS (SELECT pd.enterprise, pd.device, pd.point,"
                + " count(*) FILTER (WHERE pd.day_end = dy.day_end) AS days, sum(pd.n) AS n");
    List<Object> params = new ArrayList<>();
    for (int i = 0; i < intervals.size(); i++) {
      sql.append(
              ", sum(width_bucket((extract(epoch FROM 3 * ?::float8 * interval '1 second')"
                  + " * 1000000)::bigint, pd.staleness)) AS f")
          .append(i);
      params.add(intervals.get(i));
    }
    sql.append(
        " FROM point_day pd JOIN unnest(?::text[]::timestamptz[], ?::text[]::timestamptz[])"
            + " AS dy(bucket, day_end) ON dy.bucket = pd.bucket"
            + " WHERE pd.enterprise = ANY(?) AND pd.bucket >= ? AND pd.bucket < ?"
            + " GROUP BY pd.enterprise, pd.device, pd.point),"
            + " d AS (SELECT enterprise, device, point, sum(n) AS n FROM rollup_1d"
            + " WHERE enterprise = ANY(?) AND bucket >= ? AND bucket < ?"
            + " GROUP BY enterprise, device, point)"
            + " SELECT s.enterprise, s.device, s.point, s.days, s.n");
    for (int i = 0; i < intervals.size(); i++) {
      sql.append(", s.f").append(i);
    }
    sql.append(
        " FROM s LEFT JOIN d ON d.enterprise = s.enterprise AND d.device = s.device"
            + " AND d.point = s.point WHERE s.n = coalesce(d.n, 0)");
    params.addAll(
        List.of(
            days.starts(),
            days.ends(),
            s.ids(),
            days.first(),
            days.end(),
            s.ids(),
            days.first(),
            days.end()));
    List<String> covered = new ArrayList<>();
    try (PreparedStatement q = s.c().prepareStatement(sql.toString())) {
      set(q, params.toArray());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String key = Point.key(rs.getString(1), rs.getString(2), rs.getString(3));
          Point p = points.get(key);
          if (p != null && rs.getInt(4) == days.count()) {
            add(p, rs, 5, intervals);
            covered.add(key);
          }
        }
      }
    }
    return covered;
  }

  /**
   * Adds the hourly rollups of the scope's enterprises in {@code range} (of {@code devices} only,
   * if not null) to the points among {@code points}.
   */
  private static void sumHours(
      Scope s,
      List<Double> intervals,
      String range,
      List<Object> rangeParams,
      List<String> devices,
      Map<String, Point> points)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT enterprise, device, point, sum(n)");
    List<Object> params = new ArrayList<>();
    for (Double every : intervals) {
      sql.append(
          ", count(*) FILTER (WHERE bucket <= ? AND last_ts >= bucket"
              + " + (interval '1 hour' - 3 * ?::float8 * interval '1 second'))");
      params.add(ts(s.now().minus(Duration.ofHours(1))));
      params.add(every);
    }
    sql.append(" FROM rollup_1h WHERE enterprise = ANY(?) AND ").append(range);
    params.add(s.ids());
    params.addAll(rangeParams);
    if (devices != null) {
      sql.append(" AND device = ANY(?)");
      params.add(s.c().createArrayOf("text", devices.toArray()));
    }
    sql.append(" GROUP BY enterprise, device, point");
    try (PreparedStatement q = s.c().prepareStatement(sql.toString())) {
      set(q, params.toArray());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Point p = points.get(Point.key(rs.getString(1), rs.getString(2), rs.getString(3)));
          if (p != null) {
            add(p, rs, 4, intervals);
          }
        }
      }
    }
  }

  /**
   * Adds a row's samples (column {@code first}) and its fresh probes for the point's interval (the
   * columns after it, one per interval) to the point.
   */
  private static void add(Point p, ResultSet rs, int first, List<Double> intervals)
      throws SQLException {
    p.received += rs.getLong(first);
    if (p.every != null) {
      p.fresh += rs.getLong(first + 1 + intervals.indexOf(p.every));
    }
  }

  /**
   * For points whose first hour is after the window's first (machines created in the window), takes
   * the rows from before their first hour off what the single pass counted.
   */
  private static void takeOffRowsBeforeFirstHour(Scope s, List<Point> points, Timestamp firstHour)
      throws SQLException {
    List<Point> late = new ArrayList<>();
    for (Point p : points) {
      if (p.low.after(firstHour)) {
        late.add(p);
      }
    }
    if (late.isEmpty()) {
      return;
    }
    try (PreparedStatement q =
        s.c()
            .prepareStatement(
                "SELECT pt.i, sum(r.n), count(*) FILTER (WHERE r.bucket + interval '1 hour' <= ?"
                    + " AND r.last_ts >= r.bucket + interval '1 hour' - 3 * pt.every"
                    + " * interval '1 second') FROM unnest(?::text[], ?::text[], ?::text[], ?::float8[],"
                    + " ?::timestamptz[]) WITH ORDINALITY AS pt(enterprise, device, point, every,"
                    + " low, i) JOIN rollup_1h r ON r.enterprise = pt.enterprise"
                    + " AND r.device = pt.device AND r.point = pt.point"
                    + " AND r.bucket >= ? AND r.bucket < pt.low GROUP BY pt.i")) {
      set(
          q,
          ts(s.now()),
          s.c().createArrayOf("text", late.stream().map(p -> p.enterprise).toArray()),
          s.c().createArrayOf("text", late.stream().map(p -> p.device).toArray()),
          s.c().createArrayOf("text", late.stream().map(p -> p.name).toArray()),
          s.c().createArrayOf("float8", late.stream().map(p -> p.every).toArray()),
          s.c().createArrayOf("timestamptz", late.stream().map(p -> p.low).toArray()),
          firstHour);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Point p = late.get(rs.getInt(1) - 1);
          p.received -= rs.getLong(2);
          p.fresh -= rs.getLong(3);
        }
      }
    }
  }

  /** O5: rated kW of machines with energy telemetry every 15 min or faster ÷ all rated kW. */
  private static void energyCoverage(Scope s) throws SQLException {
    Map<String, double[]> rows =
        rows(
            s.c(),
            "SELECT d.enterprise_id, coalesce(sum(d.rated_power_kw) FILTER (WHERE EXISTS ("
                + "  SELECT 1 FROM device_profile dp, jsonb_array_elements(dp.points) p"
                + "  WHERE dp.id = d.profile_id AND p->>'kind' = 'energy.active_kwh'"
                + "  AND (p->>'intervalSeconds')::int <= ?"
                + "  AND EXISTS (SELECT 1 FROM rollup_1h r WHERE r.enterprise = d.enterprise_id"
                + "   AND r.device = d.id AND r.point = p->>'name' AND r.bucket >= ?))), 0),"
                + " coalesce(sum(d.rated_power_kw), 0)"
                + " FROM device d WHERE d.enterprise_id = ANY(?) AND d.type = 'machine'"
                + " AND d.rated_power_kw IS NOT NULL GROUP BY d.enterprise_id",
            MAX_ENERGY_INTERVAL_SECONDS,
            ts(s.from()),
            s.ids());
    rows.forEach(
        (enterprise, r) ->
            s.put(
                enterprise,
                "O5",
                share(r[0], r[1], s.label(), format("%.1f of %.1f rated kW metered", r[0], r[1]))));
  }

  /**
   * E1: electricity meter-days with at least 90% of their 15-minute values ÷ meter-days in the
   * window, the energy online-monitoring grade; its completeness is the share of 15-minute values
   * received, so a sparsely read enterprise is not evaluable (the gate of every indicator).
   *
   * <p>The meter days are kept for years and read by their park's (park, day) index, so that only
   * the window's are read: an enterprise's meter days are all of its park, as it never changes park
   * and its id is never given to another. They are the park's days, so the window's are counted in
   * the park's time zone: from the day the window starts in to yesterday, both there. (Counted in
   * UTC, as before, a park east of it lost its yesterday from midnight to 08:00 local time.)
   */
  private static void energyMonitoring(Scope s, String park) throws SQLException {
    try (PreparedStatement q =
        s.c()
            .prepareStatement(
                "SELECT m.enterprise, count(*) FILTER (WHERE m.slots >= 0.9 * m.expected_slots),"
                    + " count(*), sum(m.slots), sum(m.expected_slots)"
                    + " FROM energy_meter_day m JOIN park pk ON pk.id = m.park"
                    + " WHERE m.park = ? AND m.enterprise = ANY(?) AND m.carrier = 'electricity'"
                    + " AND m.day >= (?::timestamptz AT TIME ZONE pk.timezone)::date"
                    + " AND m.day < (?::timestamptz AT TIME ZONE pk.timezone)::date"
                    + " GROUP BY m.enterprise")) {
      q.setString(1, park);
      q.setArray(2, s.ids());
      q.setTimestamp(3, ts(s.from()));
      q.setTimestamp(4, ts(s.now()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          long monitored = rs.getLong(2);
          long days = rs.getLong(3);
          double completeness = rs.getDouble(4) / Math.max(1, rs.getDouble(5));
          s.put(
              rs.getString(1),
              "E1",
              Optional.of(
                  new IndicatorValue(
                      (double) monitored / days,
                      completeness,
                      true,
                      true,
                      s.label(),
                      format(
                          "%d of %d meter-days at 90%% of 15-minute values or more; %.1f%% of the"
                              + " values received",
                          monitored, days, completeness * 100))));
        }
      }
    }
  }

  /** O7: alarms acknowledged within their SLA and closed ÷ all alarms opened in the window. */
  private static void alarmLoop(Scope s) throws SQLException {
    Map<String, double[]> rows =
        rows(
            s.c(),
            "SELECT enterprise_id, count(*) FILTER (WHERE closed_at IS NOT NULL"
                + " AND acknowledged_at <= opened_at + sla_seconds * interval '1 second'),"
                + " count(*) FROM alarm WHERE enterprise_id = ANY(?) AND opened_at >= ?"
                + " GROUP BY enterprise_id",
            s.ids(),
            ts(s.from()));
    rows.forEach(
        (enterprise, r) ->
            s.put(
                enterprise,
                "O7",
                share(
                    r[0],
                    r[1],
                    s.label(),
                    format("%.0f of %.0f alarms acknowledged within SLA and closed", r[0], r[1]))));
  }

  /**
   * O9: the enterprise's systems that exchanged data in the window: its API tokens used and its
   * Kafka clients active ({@code kafka_client}, sampled from the brokers' consumer groups).
   */
  private static void integrations(Scope s) throws SQLException {
    Map<String, double[]> tokens =
        rows(
            s.c(),
            "SELECT enterprise_id, count(*) FROM api_token WHERE kind = 'api'"
                + " AND enterprise_id = ANY(?) AND last_used_at >= ? GROUP BY enterprise_id",
            s.ids(),
            ts(s.from()));
    Map<String, List<String>> clients = new HashMap<>();
    try (PreparedStatement q =
        s.c()
            .prepareStatement(
                "SELECT enterprise_id, group_id FROM kafka_client WHERE enterprise_id = ANY(?)"
                    + " AND last_active >= ? ORDER BY enterprise_id, group_id")) {
      q.setArray(1, s.ids());
      q.setTimestamp(2, ts(s.from()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          clients.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    }
    for (String enterprise : s.enterprises()) {
      long used = tokens.containsKey(enterprise) ? (long) tokens.get(enterprise)[0] : 0;
      List<String> groups = clients.getOrDefault(enterprise, List.of());
      String detail = used + " API tokens used, " + groups.size() + " Kafka clients active";
      if (!groups.isEmpty()) {
        detail += " (" + String.join(", ", groups) + ")";
      }
      s.put(
          enterprise,
          "O9",
          Optional.of(IndicatorValue.of(used + groups.size(), s.label(), detail)));
    }
  }

  /** O10: device sessions over TLS ÷ all sessions, from the gateway's connected events. */
  private static void secureSessions(Scope s) throws SQLException {
    Map<String, double[]> rows =
        rows(
            s.c(),
            "SELECT enterprise, count(*) FILTER (WHERE details->>'tls' = 'true'), count(*)"
                + " FROM device_event WHERE enterprise = ANY(?) AND type = 'connected'"
                + " AND at >= ? GROUP BY enterprise",
            s.ids(),
            ts(s.from()));
    rows.forEach(
        (enterprise, r) ->
            s.put(
                enterprise,
                "O10",
                share(
                    r[0], r[1], s.label(), format("%.0f of %.0f sessions over TLS", r[0], r[1]))));
  }

  /**
   * Share of the hours since the enterprise's first data in the window with data from it, from the
   * enterprise's hours with data that the ingest keeps with the hourly rollups ({@code
   * enterprise_hour}, one row per hour instead of one per device, point and hour).
   */
  private static void uptime(Scope s) throws SQLException {
    Map<String, double[]> rows =
        rows(
            s.c(),
            "SELECT enterprise, count(DISTINCT bucket),"
                + " floor(extract(epoch FROM (? - min(bucket))) / 3600) + 1"
                + " FROM enterprise_hour WHERE enterprise = ANY(?) AND bucket >= ?"
                + " GROUP BY enterprise",
            ts(s.now()),
            s.ids(),
            ts(s.from()));
    rows.forEach(
        (enterprise, r) -> {
          double hours = Math.max(1, r[1]);
          s.put(
              enterprise,
              "gateway-uptime",
              share(
                  Math.min(r[0], hours),
                  hours,
                  s.label(),
                  format("%.0f of %.0f hours with data", r[0], hours)));
        });
  }

  /**
   * O11: of the output the enterprise reported for the days of the window (days in its park's time
   * zone after the window's first and up to today), the share its machines counted, capped at 1:
   * min(1, Σ counted ÷ Σ reported) over the reported days. Counted is the rise of the {@code
   * counter.good} points of its machines on those days, from the hourly rollups: within each hour
   * its last minus its first value, and between an hour and the point's previous one its first
   * minus that one's last value (the rise while no hour was stored counts on the day data resumed);
   * a fall is a reset, after which the counter counts again from zero, as in {@link
   * io.parkpulse.platform.production.Energy#fromCounter}. Absent if the enterprise reported nothing
   * in the window, or only zeros.
   */
  private static void automaticReporting(Scope s) throws SQLException {
    Map<String, double[]> rows =
        rows(
            s.c(),
            // Only the machines of enterprises that reported output in the window are read.
            "WITH o AS (SELECT o.enterprise_id AS enterprise, o.day, o.quantity"
                + "  FROM reported_output o JOIN enterprise e ON e.id = o.enterprise_id"
                + "  JOIN park pk ON pk.id = e.park_id WHERE o.enterprise_id = ANY(?)"
                + "  AND o.day > (?::timestamptz AT TIME ZONE pk.timezone)::date"
                + "  AND o.day <= (?::timestamptz AT TIME ZONE pk.timezone)::date),"
                + " p AS (SELECT d.enterprise_id AS enterprise, d.id AS device,"
                + "  pt->>'name' AS point, pk.timezone AS tz"
                + "  FROM device d JOIN enterprise e ON e.id = d.enterprise_id"
                + "  JOIN park pk ON pk.id = e.park_id JOIN device_profile dp ON dp.id = d.profile_id,"
                + "  jsonb_array_elements(dp.points) pt WHERE d.enterprise_id = ANY(?)"
                + "  AND d.type = 'machine' AND pt->>'kind' = 'counter.good'"
                + "  AND EXISTS (SELECT 1 FROM o WHERE o.enterprise = d.enterprise_id)),"
                + " h AS (SELECT r.enterprise, (r.bucket AT TIME ZONE p.tz)::date AS day,"
                + "  r.first_value AS f, r.last_value AS l, lag(r.last_value) OVER"
                + "  (PARTITION BY r.enterprise, r.device, r.point ORDER BY r.bucket) AS prev"
                + "  FROM rollup_1h r JOIN p ON r.enterprise = p.enterprise AND r.device = p.device"
                + "  AND r.point = p.point WHERE r.enterprise = ANY(?) AND r.bucket >= ?),"
                + " counted AS (SELECT enterprise, day, sum(CASE WHEN l >= f THEN l - f ELSE l END"
                + "  + CASE WHEN prev IS NULL THEN 0 WHEN f >= prev THEN f - prev ELSE f END) AS n"
                + "  FROM h GROUP BY enterprise, day)"
                + " SELECT o.enterprise, count(*), sum(o.quantity), coalesce(sum(c.n), 0)"
                + " FROM o LEFT JOIN counted c ON c.enterprise = o.enterprise AND c.day = o.day"
                + " GROUP BY o.enterprise",
            s.ids(),
            ts(s.from()),
            ts(s.now()),
            s.ids(),
            s.ids(),
            // From two days before: the previous hour of each day's first, in any time zone.
            ts(s.from().minus(Duration.ofDays(2))));
    rows.forEach(
        (enterprise, r) ->
            s.put(
                enterprise,
                "O11",
                share(
                    Math.min(r[2], r[1]),
                    r[1],
                    s.label(),
                    format(
                        "%.0f units counted by machines (counter.good) of %.0f reported"
                            + " on %.0f days",
                        r[2], r[1], r[0]))));
  }

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

  private static Double nullable(ResultSet rs, int column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }

  private static void set(PreparedStatement q, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      q.setObject(i + 1, params[i]);
    }
  }

  /** By the first column (an enterprise), the other columns as numbers; a null is NaN. */
  private static Map<String, double[]> rows(Connection c, String sql, Object... params)
      throws SQLException {
    Map<String, double[]> rows = new HashMap<>();
    try (PreparedStatement q = c.prepareStatement(sql)) {
      set(q, params);
      try (ResultSet rs = q.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          double[] values = new double[columns - 1];
          for (int i = 0; i < values.length; i++) {
            values[i] = rs.getDouble(i + 2);
            if (rs.wasNull()) {
              values[i] = Double.NaN;
            }
          }
          rows.put(rs.getString(1), values);
        }
      }
    }
    return rows;
  }
}
