package io.parkpulse.platform.portal.readmodel;

import io.parkpulse.platform.maturity.readmodel.OeeCoverage;
import io.parkpulse.platform.production.Oee;
import io.parkpulse.platform.production.ShiftCalendar;
import io.parkpulse.platform.tenancy.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the portal's pages show, read in a few set-based queries per page. Every query is bounded by
 * a park (and an enterprise) that the tenancy gate resolved for the caller, or by the caller's
 * {@link Scope}: this class decides no scope itself.
 */
@ApplicationScoped
public class PortalQueries {

  /**
   * Each hour's rise of the energy counters (kind {@code energy.active_kwh}) of a park, or of one
   * enterprise: its last value minus the previous stored hour's (its own first value for the first
   * hour). Parameters: park, enterprise or null (twice), the first hour.
   */
  private static final String ENERGY_RISES =
      "WITH h AS (SELECT r.bucket, r.last_value - coalesce(lag(r.last_value) OVER"
          + "   (PARTITION BY r.enterprise, r.device, r.point ORDER BY r.bucket), r.first_value)"
          + "   AS rise"
          + " FROM rollup_1h r JOIN device d ON d.enterprise_id = r.enterprise AND d.id = r.device"
          + " WHERE r.park = ? AND (?::text IS NULL OR r.enterprise = ?) AND r.bucket >= ?"
          + " AND EXISTS (SELECT 1 FROM device_profile dp, jsonb_array_elements(dp.points) p"
          + "   WHERE dp.id = d.profile_id AND p->>'kind' = 'energy.active_kwh'"
          + "   AND p->>'name' = r.point))";

  /** The zone of a park whose own is not valid. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  /** How far back an enterprise's trend looks. */
  static final Duration TREND_WINDOW = Duration.ofDays(30);

  private final DataSource dataSource;

  public PortalQueries(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A park as the pages name it. */
  public record ParkRef(String id, String name, ZoneId zone) {}

  /**
   * An enterprise's line in the park's lists.
   *
   * @param completeness readings received ÷ readings expected from the devices' seqs; NaN without
   *     data
   * @param level latest level, null if never assessed
   * @param trend change of S since the earliest assessment of the last 30 days; NaN without one
   * @param gapRequirement the requirement that would lift it most, null at the top or unassessed
   */
  public record EnterpriseRow(
      String id,
      String name,
      String industry,
      String size,
      int devices,
      int online,
      double completeness,
      Integer level,
      double total,
      double trend,
      Instant assessedAt,
      String gapRequirement,
      String gapZh,
      String gapEn) {

    public boolean assessed() {
      return level != null;
    }

    /** Whether an earlier assessment of the last 30 days gives a trend. */
    public boolean hasTrend() {
      return !Double.isNaN(trend);
    }

    /** "up", "down" or "flat", for the trend arrow. */
    public String trendDirection() {
      if (Double.isNaN(trend) || Math.abs(trend) < 0.005) {
        return "flat";
      }
      return trend > 0 ? "up" : "down";
    }
  }

  /**
   * The state of a park at a glance.
   *
   * @param levels enterprises at each level 0 to 5
   * @param energyKwh energy counted by the park's energy meters over the last 24 hours
   * @param history the park's average S per day of assessment (days in the park's zone), oldest
   *     first
   */
  public record Overview(
      ParkRef park,
      List<EnterpriseRow> enterprises,
      int devices,
      int online,
      double completeness,
      int[] levels,
      int unassessed,
      int openAlarms,
      double energyKwh,
      List<DayScore> history) {

    /** Share of assessed enterprises at level 2 or above; NaN if none was assessed. */
    public double shareAtLeastLevel2() {
      int assessed = 0;
      int atLeast2 = 0;
      for (int level = 0; level < levels.length; level++) {
        assessed += levels[level];
        atLeast2 += level >= 2 ? levels[level] : 0;
      }
      return assessed == 0 ? Double.NaN : (double) atLeast2 / assessed;
    }

    /** The levels as a JSON array, for the chart. */
    public String levelsJson() {
      StringBuilder json = new StringBuilder("[");
      for (int i = 0; i < levels.length; i++) {
        json.append(i == 0 ? "" : ",").append(levels[i]);
      }
      return json.append(']').toString();
    }
  }

  /** The average S of a park's enterprises assessed on a day. */
  public record DayScore(String day, double averageTotal) {}

  /**
   * A device's line in its enterprise's list.
   *
   * @param missing seqs in the open gaps of its data
   */
  public record DeviceRow(
      String id,
      String name,
      String type,
      boolean enabled,
      boolean online,
      Instant lastSeen,
      long readings,
      long missing) {

    /** Readings received ÷ readings sent; NaN before the first. */
    public double completeness() {
      return readings + missing == 0 ? Double.NaN : (double) readings / (readings + missing);
    }
  }

  /**
   * A day of an enterprise's production.
   *
   * @param oee the mean OEE of its critical machines over the day's planned shifts where it is
   *     computable; NaN if on none
   * @param shifts machine-shifts with a computable OEE
   * @param energyKwh the rise of its energy counters
   */
  public record ProductionDay(String day, double oee, int shifts, double energyKwh) {}

  /** The last {@code days} days of an enterprise's OEE and energy, oldest first. */
  public List<ProductionDay> production(ParkRef park, String enterprise, int days)
      throws SQLException {
    Instant now = Instant.now();
    Instant from =
        now.atZone(park.zone())
            .toLocalDate()
            .minusDays(days - 1L)
            .atStartOfDay(park.zone())
            .toInstant();
    Map<String, double[]> byDay = new java.util.TreeMap<>();
    for (int i = 0; i < days; i++) {
      byDay.put(from.atZone(park.zone()).toLocalDate().plusDays(i).toString(), new double[3]);
    }
    try (Connection c = dataSource.getConnection()) {
      var calendar = OeeCoverage.calendar(c, park.id());
      if (calendar.isPresent()) {
        List<ShiftCalendar.Window> shifts = OeeCoverage.plannedShifts(calendar.get(), from, now);
        for (OeeCoverage.Machine m : OeeCoverage.criticalMachines(c, List.of(enterprise))) {
          List<Oee.Result> results =
              OeeCoverage.shiftResults(
                  c, park.id(), enterprise, m.device(), m.profilePoints(), m.ideal(), shifts, from);
          for (int i = 0; i < results.size(); i++) {
            if (results.get(i).oee().isPresent()) {
              double[] day =
                  byDay.get(shifts.get(i).start().atZone(park.zone()).toLocalDate().toString());
              if (day != null) {
                day[0] += results.get(i).oee().get();
                day[1]++;
              }
            }
          }
        }
      }
      try (PreparedStatement q =
          c.prepareStatement(
              ENERGY_RISES
                  + " SELECT to_char(bucket AT TIME ZONE ?, 'YYYY-MM-DD'), sum(greatest(rise, 0))"
                  + " FROM h GROUP BY 1")) {
        q.setString(1, park.id());
        q.setString(2, enterprise);
        q.setString(3, enterprise);
        q.setTimestamp(4, Timestamp.from(from));
        q.setString(5, park.zone().getId());
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            double[] day = byDay.get(rs.getString(1));
            if (day != null) {
              day[2] = rs.getDouble(2);
            }
          }
        }
      }
    }
    List<ProductionDay> result = new ArrayList<>();
    byDay.forEach(
        (day, v) ->
            result.add(
                new ProductionDay(day, v[1] == 0 ? Double.NaN : v[0] / v[1], (int) v[1], v[2])));
    return result;
  }

  /** A command sent to a device, from the audit log. */
  public record SentCommand(
      Instant at, String actor, String name, String requestId, String payload) {}

  /** The latest commands sent to a device, newest first. */
  public List<SentCommand> commands(ParkRef park, String enterprise, String device, int limit)
      throws SQLException {
    List<SentCommand> sent = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT at, actor, details->>'name', details->>'requestId', details->>'payload'"
                    + " FROM audit_log WHERE action = 'device.command' AND park_id = ?"
                    + " AND enterprise_id = ? AND target_id = ? ORDER BY at DESC LIMIT ?")) {
      q.setString(1, park.id());
      q.setString(2, enterprise);
      q.setString(3, device);
      q.setInt(4, limit);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          sent.add(
              new SentCommand(
                  instant(rs.getTimestamp(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5)));
        }
      }
    }
    return sent;
  }

  /** The parks within {@code scope}, by name. */
  public List<ParkRef> parks(Scope scope) throws SQLException {
    Scope.SqlFilter filter = scope.sql("id", null);
    List<ParkRef> parks = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT id, name, timezone FROM park WHERE true"
                    + filter.clause()
                    + " ORDER BY name")) {
      for (int i = 0; i < filter.params().size(); i++) {
        q.setObject(i + 1, filter.params().get(i));
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          parks.add(new ParkRef(rs.getString(1), rs.getString(2), zone(rs.getString(3))));
        }
      }
    }
    return parks;
  }

  /** A park's state for its operator. */
  public Overview overview(ParkRef park) throws SQLException {
    List<EnterpriseRow> enterprises = enterprises(park.id(), null);
    int devices = 0;
    int online = 0;
    long readings = 0;
    long missing = 0;
    int[] levels = new int[6];
    int unassessed = 0;
    for (EnterpriseRow e : enterprises) {
      devices += e.devices();
      online += e.online();
      if (e.assessed()) {
        levels[Math.max(0, Math.min(5, e.level()))]++;
      } else {
        unassessed++;
      }
    }
    try (Connection c = dataSource.getConnection()) {
      long[] data = deviceData(c, park.id());
      readings = data[0];
      missing = data[1];
      return new Overview(
          park,
          enterprises,
          devices,
          online,
          readings + missing == 0 ? Double.NaN : (double) readings / (readings + missing),
          levels,
          unassessed,
          openAlarms(c, park.id()),
          energyKwh(c, park.id()),
          history(c, park));
    }
  }

  /** The enterprises of a park with their devices and maturity; one if {@code only} is set. */
  public List<EnterpriseRow> enterprises(String park, String only) throws SQLException {
    Map<String, EnterpriseRow> rows = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      Map<String, long[]> devices = new HashMap<>();
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT d.enterprise_id, count(*), count(*) FILTER (WHERE s.online),"
                  + " coalesce(sum(s.readings), 0),"
                  + " coalesce(sum((SELECT sum(g.to_seq - g.from_seq + 1) FROM telemetry_gap g"
                  + "   WHERE g.enterprise = d.enterprise_id AND g.device = d.id)), 0)"
                  + " FROM device d LEFT JOIN device_status s"
                  + "   ON s.enterprise = d.enterprise_id AND s.device = d.id"
                  + " WHERE d.park_id = ? AND (?::text IS NULL OR d.enterprise_id = ?)"
                  + " GROUP BY d.enterprise_id")) {
        q.setString(1, park);
        q.setString(2, only);
        q.setString(3, only);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            devices.put(
                rs.getString(1),
                new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
          }
        }
      }
      Map<String, Latest> latest = latestAssessments(c, park, only);
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT id, name, industry, size FROM enterprise"
                  + " WHERE park_id = ? AND (?::text IS NULL OR id = ?) ORDER BY name")) {
        q.setString(1, park);
        q.setString(2, only);
        q.setString(3, only);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(1);
            long[] d = devices.getOrDefault(id, new long[4]);
            Latest a = latest.get(id);
            rows.put(
                id,
                new EnterpriseRow(
                    id,
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    (int) d[0],
                    (int) d[1],
                    d[2] + d[3] == 0 ? Double.NaN : (double) d[2] / (d[2] + d[3]),
                    a == null ? null : a.level(),
                    a == null ? Double.NaN : a.total(),
                    a == null ? Double.NaN : a.trend(),
                    a == null ? null : a.at(),
                    a == null ? null : a.gapRequirement(),
                    a == null ? null : a.gapZh(),
                    a == null ? null : a.gapEn()));
          }
        }
      }
    }
    return new ArrayList<>(rows.values());
  }

  /** The devices of an enterprise with their connection and data. */
  public List<DeviceRow> devices(ParkRef park, String enterprise) throws SQLException {
    List<DeviceRow> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT d.id, d.name, d.type, d.enabled, coalesce(s.online, false), s.last_seen,"
                    + " coalesce(s.readings, 0),"
                    + " coalesce((SELECT sum(g.to_seq - g.from_seq + 1) FROM telemetry_gap g"
                    + "   WHERE g.enterprise = d.enterprise_id AND g.device = d.id), 0)"
                    + " FROM device d LEFT JOIN device_status s"
                    + "   ON s.enterprise = d.enterprise_id AND s.device = d.id"
                    + " WHERE d.park_id = ? AND d.enterprise_id = ? ORDER BY d.id")) {
      q.setString(1, park.id());
      q.setString(2, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new DeviceRow(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getBoolean(4),
                  rs.getBoolean(5),
                  instant(rs.getTimestamp(6)),
                  rs.getLong(7),
                  rs.getLong(8)));
        }
      }
    }
    return rows;
  }

  private record Latest(
      int level,
      double total,
      double trend,
      Instant at,
      String gapRequirement,
      String gapZh,
      String gapEn) {}

  private static Map<String, Latest> latestAssessments(Connection c, String park, String only)
      throws SQLException {
    Map<String, Latest> latest = new HashMap<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "WITH a AS (SELECT enterprise_id, level, total, assessed_at, id,"
                + "  max(assessed_at) OVER (PARTITION BY enterprise_id) AS last_at"
                + "  FROM maturity_assessment"
                + "  WHERE park_id = ? AND (?::text IS NULL OR enterprise_id = ?))"
                + " SELECT DISTINCT ON (a.enterprise_id) a.enterprise_id, a.level, a.total,"
                + "  a.assessed_at,"
                + "  (SELECT b.total FROM a b WHERE b.enterprise_id = a.enterprise_id"
                + "    AND b.assessed_at >= a.last_at - ?::interval AND b.id <> a.id"
                + "    ORDER BY b.assessed_at LIMIT 1),"
                + "  m.result->'gap'->'ranked'->0->>'requirement',"
                + "  m.result->'gap'->'ranked'->0->>'zh', m.result->'gap'->'ranked'->0->>'en'"
                + " FROM a JOIN maturity_assessment m ON m.id = a.id"
                + " WHERE a.assessed_at = a.last_at"
                + " ORDER BY a.enterprise_id, a.id DESC")) {
      q.setString(1, park);
      q.setString(2, only);
      q.setString(3, only);
      q.setString(4, TREND_WINDOW.toDays() + " days");
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          double total = rs.getDouble(3);
          double baseline = rs.getDouble(5);
          boolean hasBaseline = !rs.wasNull();
          latest.put(
              rs.getString(1),
              new Latest(
                  rs.getInt(2),
                  total,
                  hasBaseline ? total - baseline : Double.NaN,
                  instant(rs.getTimestamp(4)),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8)));
        }
      }
    }
    return latest;
  }

  private static long[] deviceData(Connection c, String park) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT coalesce(sum(readings), 0),"
                + " coalesce((SELECT sum(g.to_seq - g.from_seq + 1) FROM telemetry_gap g"
                + "   JOIN device d ON d.enterprise_id = g.enterprise AND d.id = g.device"
                + "   WHERE d.park_id = ?), 0)"
                + " FROM device_status WHERE park = ?")) {
      q.setString(1, park);
      q.setString(2, park);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  private static int openAlarms(Connection c, String park) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT count(*) FROM alarm WHERE park_id = ? AND closed_at IS NULL")) {
      q.setString(1, park);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /**
   * Rises of the energy counters (kind {@code energy.active_kwh}) in the last 24 hours, counted as
   * on the enterprise page: within each hour and from the previous stored hour, a fall a reset.
   */
  private static double energyKwh(Connection c, String park) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(ENERGY_RISES + " SELECT coalesce(sum(greatest(rise, 0)), 0) FROM h")) {
      q.setString(1, park);
      q.setNull(2, Types.VARCHAR);
      q.setNull(3, Types.VARCHAR);
      q.setTimestamp(4, Timestamp.from(Instant.now().minus(Duration.ofHours(24))));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getDouble(1);
      }
    }
  }

  /** The average S per day, the days being the park's (not the database session's). */
  private static List<DayScore> history(Connection c, ParkRef park) throws SQLException {
    List<DayScore> days = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT to_char(date_trunc('day', assessed_at AT TIME ZONE ?), 'YYYY-MM-DD'),"
                + " avg(total)"
                + " FROM maturity_assessment WHERE park_id = ? AND assessed_at >= ?"
                + " GROUP BY 1 ORDER BY 1")) {
      q.setString(1, park.zone().getId());
      q.setString(2, park.id());
      q.setTimestamp(3, Timestamp.from(Instant.now().minus(TREND_WINDOW)));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          days.add(new DayScore(rs.getString(1), rs.getDouble(2)));
        }
      }
    }
    return days;
  }

  /** The zone of a park as the pages use it: its own if valid, else {@link #DEFAULT_ZONE}. */
  public static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      return DEFAULT_ZONE;
    }
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
