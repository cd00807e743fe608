package io.parkpulse.platform.geo.readmodel;

import io.parkpulse.model.PointKind;
import io.parkpulse.platform.telemetry.readmodel.Readings;
import io.parkpulse.platform.telemetry.readmodel.StoredReading;
import io.parkpulse.platform.tenancy.Scope.SqlFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Where tracked devices are: those whose profile has a {@code position.lat} and a {@code
 * position.lon} point. Reads the stored telemetry; a reading counts as a position when both points
 * are numbers in it (a receiver without a fix sends neither).
 */
public final class PositionStore {

  /**
   * The tracked devices with the names of their position points, as a derived table {@code d} with
   * columns park_id, enterprise_id, id, lat, lon, fix and sats (the last two may be null).
   */
  private static final String TRACKED =
      " FROM (SELECT * FROM (SELECT d.park_id, d.enterprise_id, d.id,"
          + name("lat", PointKind.POSITION_LAT)
          + ","
          + name("lon", PointKind.POSITION_LON)
          + ","
          + name("fix", PointKind.POSITION_FIX_QUALITY)
          + ","
          + name("sats", PointKind.POSITION_SATELLITES)
          + " FROM device d JOIN device_profile dp ON dp.id = d.profile_id) named"
          + " WHERE lat IS NOT NULL AND lon IS NOT NULL) d";

  /**
   * A metric as a whole number when it is a number that fits an int, else null: a device that sends
   * its fix quality as text, or a huge number, does not break the park's positions.
   */
  private static String whole(String metrics, String point) {
    return "CASE WHEN jsonb_typeof("
        + metrics
        + "->"
        + point
        + ") = 'number' AND abs(("
        + metrics
        + "->>"
        + point
        + ")::float8) < 2147483647 THEN round(("
        + metrics
        + "->>"
        + point
        + ")::float8)::int END";
  }

  private static String name(String column, PointKind kind) {
    return " (SELECT e->>'name' FROM jsonb_array_elements(dp.points) e WHERE e->>'kind' = '"
        + kind.id()
        + "' LIMIT 1) AS "
        + column;
  }

  private final DataSource dataSource;

  public PositionStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A device's position at one time.
   *
   * @param fixQuality the receiver's fix quality (1 GNSS, 2 differential, 4 RTK...), or null if the
   *     device does not send it
   * @param satellites satellites in the fix, or null
   */
  public record Position(
      String enterprise,
      String device,
      Instant ts,
      double lat,
      double lon,
      Integer fixQuality,
      Integer satellites) {}

  /**
   * The latest position of each tracked device of a park within the filter, taken at or after
   * {@code since}; a tracked device with none since then is left out. The hot days are read for
   * every device in one statement; a device's compacted hours only where they could be newer.
   */
  public List<Position> latest(String park, SqlFilter scope, Instant since) throws SQLException {
    String sql =
        "SELECT d.enterprise_id, d.id, t.ts, t.lat, t.lon, t.fix, t.sats, d.lat, d.lon, d.fix,"
            + " d.sats"
            + TRACKED
            + " LEFT JOIN LATERAL (SELECT ts, (metrics->>d.lat)::float8 AS lat,"
            + "   (metrics->>d.lon)::float8 AS lon, "
            + whole("metrics", "d.fix")
            + " AS fix,"
            + "   "
            + whole("metrics", "d.sats")
            + " AS sats FROM telemetry"
            + "   WHERE park = d.park_id AND enterprise = d.enterprise_id AND device = d.id"
            + "   AND ts >= ? AND jsonb_typeof(metrics->d.lat) = 'number'"
            + "   AND jsonb_typeof(metrics->d.lon) = 'number'"
            + "   ORDER BY ts DESC LIMIT 1) t ON true"
            + " WHERE d.park_id = ?"
            + scope.clause()
            + " ORDER BY d.enterprise_id, d.id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      int i = 1;
      q.setTimestamp(i++, Timestamp.from(since));
      q.setString(i++, park);
      for (Object param : scope.params()) {
        q.setObject(i++, param);
      }
      List<Position> positions = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String enterprise = rs.getString(1);
          String device = rs.getString(2);
          Position hot = rs.getTimestamp(3) == null ? null : position(rs);
          Points points =
              new Points(rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11));
          Instant from = hot == null ? since : hot.ts();
          Position cold =
              Readings.latestCompacted(
                      c,
                      new Readings.Device(park, enterprise, device),
                      from,
                      points.names(),
                      points::isPosition)
                  .map(r -> points.position(enterprise, device, r))
                  .orElse(null);
          Position latest =
              cold != null && (hot == null || cold.ts().isAfter(hot.ts())) ? cold : hot;
          if (latest != null) {
            positions.add(latest);
          }
        }
      }
      return positions;
    }
  }

  /**
   * A tracked device's positions in {@code [from, to)}, oldest first, at most {@code limit}; an
   * empty list for a device that is not tracked.
   */
  public List<Position> track(
      String park, String enterprise, String device, Instant from, Instant to, int limit)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT d.lat, d.lon, d.fix, d.sats"
                    + TRACKED
                    + " WHERE d.park_id = ? AND d.enterprise_id = ? AND d.id = ?")) {
      q.setString(1, park);
      q.setString(2, enterprise);
      q.setString(3, device);
      Points points;
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return List.of();
        }
        points = new Points(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
      }
      List<Position> positions = new ArrayList<>();
      Readings.scan(
          c,
          new Readings.Device(park, enterprise, device),
          from,
          to,
          null,
          points.names(),
          r -> {
            if (points.isPosition(r)) {
              positions.add(points.position(enterprise, device, r));
            }
            return positions.size() < limit;
          });
      return positions;
    }
  }

  /** The names of a tracked device's position points; fix and sats may be null. */
  private record Points(String lat, String lon, String fix, String sats) {

    List<String> names() {
      List<String> names = new ArrayList<>(List.of(lat, lon));
      if (fix != null) {
        names.add(fix);
      }
      if (sats != null) {
        names.add(sats);
      }
      return names;
    }

    boolean isPosition(StoredReading r) {
      return r.metrics().get(lat) instanceof Number && r.metrics().get(lon) instanceof Number;
    }

    Position position(String enterprise, String device, StoredReading r) {
      return new Position(
          enterprise,
          device,
          r.ts(),
          ((Number) r.metrics().get(lat)).doubleValue(),
          ((Number) r.metrics().get(lon)).doubleValue(),
          whole(fix == null ? null : r.metrics().get(fix)),
          whole(sats == null ? null : r.metrics().get(sats)));
    }

    /** As {@link PositionStore#whole}: a number that fits an int, rounded; else null. */
    private static Integer whole(Object value) {
      if (value instanceof Number n && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
        // Ties to even, as PostgreSQL's round(float8).
        return (int) Math.rint(n.doubleValue());
      }
      return null;
    }
  }

  private static Position position(ResultSet rs) throws SQLException {
    int fix = rs.getInt(6);
    Integer fixQuality = rs.wasNull() ? null : fix;
    int sats = rs.getInt(7);
    Integer satellites = rs.wasNull() ? null : sats;
    return new Position(
        rs.getString(1),
        rs.getString(2),
        rs.getTimestamp(3).toInstant(),
        rs.getDouble(4),
        rs.getDouble(5),
        fixQuality,
        satellites);
  }
}
