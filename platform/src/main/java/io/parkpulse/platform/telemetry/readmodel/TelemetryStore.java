package io.parkpulse.platform.telemetry.readmodel;

import io.parkpulse.model.DeviceRef;
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
 * Queries of stored telemetry, rollups and device status: JDBC, as the ingest writes these tables
 * in bulk. Every query names the park as well as the enterprise and device: callers check scope
 * first ({@code TelemetryService}).
 */
public final class TelemetryStore {

  private final DataSource dataSource;

  public TelemetryStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The park of a registered device of {@code enterprise}, for scope checks. */
  public Optional<String> parkOf(DeviceRef device) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement query =
            c.prepareStatement("SELECT park_id FROM device WHERE id = ? AND enterprise_id = ?")) {
      query.setString(1, device.device());
      query.setString(2, device.enterprise());
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Where a page of readings starts: after the reading at {@code ts} with {@code seq}. */
  public record Cursor(Instant ts, long seq) {}

  /**
   * Readings of {@code device} of {@code park} taken in {@code [from, to)} after {@code after} (if
   * any), oldest first, at most {@code limit}, keeping only {@code points} (all if empty).
   */
  public List<StoredReading> find(
      String park,
      DeviceRef device,
      Instant from,
      Instant to,
      Cursor after,
      List<String> points,
      int limit)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return Readings.list(
          c,
          new Readings.Device(park, device.enterprise(), device.device()),
          from,
          to,
          after,
          points.isEmpty() ? null : points,
          limit);
    }
  }

  /** The points the device has rollups of: one index probe a point (a loose scan). */
  private List<String> pointsOf(DeviceRef device, Resolution resolution) throws SQLException {
    String table = "rollup_" + resolution.id();
    try (Connection c = dataSource.getConnection();
        PreparedStatement query =
            c.prepareStatement(
                "WITH RECURSIVE p AS (SELECT min(point) AS point FROM "
                    + table
                    + " WHERE enterprise = ? AND device = ? UNION ALL SELECT (SELECT min(point)"
                    + " FROM "
                    + table
                    + " WHERE enterprise = ? AND device = ? AND point > p.point) FROM p"
                    + " WHERE p.point IS NOT NULL) SELECT point FROM p WHERE point IS NOT NULL")) {
      query.setString(1, device.enterprise());
      query.setString(2, device.device());
      query.setString(3, device.enterprise());
      query.setString(4, device.device());
      List<String> points = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          points.add(rs.getString(1));
        }
      }
      return points;
    }
  }

  /**
   * One point's aggregate over one bucket.
   *
   * @param increase the rise of the last value since the previous bucket (since the bucket's first
   *     value for the first bucket of the answer); a counter reset counts from zero
   */
  public record Rollup(
      String point,
      Instant bucket,
      long count,
      double min,
      double max,
      double avg,
      double last,
      double increase) {}

  /**
   * Rollups of {@code device} of {@code park} with buckets in {@code [from, to)}, by point then
   * time.
   */
  public List<Rollup> rollups(
      String park,
      DeviceRef device,
      Resolution resolution,
      Instant from,
      Instant to,
      List<String> points)
      throws SQLException {
    if (points.isEmpty()) {
      // The bucket range must be an index condition: name the points first, else every bucket
      // the device ever had is read and filtered.
      points = pointsOf(device, resolution);
      if (points.isEmpty()) {
        return List.of();
      }
    }
    String sql =
        "SELECT point, bucket, n, min, max, sum / n, last_value,"
            + " last_value - coalesce(lag(last_value) OVER w, first_value)"
            + " FROM rollup_"
            + resolution.id()
            + " WHERE park = ? AND enterprise = ? AND device = ? AND bucket >= ? AND bucket < ?"
            + " AND point = ANY (?) WINDOW w AS (PARTITION BY point ORDER BY bucket) ORDER BY point, bucket";
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement(sql)) {
      query.setString(1, park);
      query.setString(2, device.enterprise());
      query.setString(3, device.device());
      query.setTimestamp(4, Timestamp.from(from));
      query.setTimestamp(5, Timestamp.from(to));
      query.setArray(6, c.createArrayOf("text", points.toArray()));
      List<Rollup> rollups = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          double last = rs.getDouble(7);
          double increase = rs.getDouble(8);
          rollups.add(
              new Rollup(
                  rs.getString(1),
                  rs.getTimestamp(2).toInstant(),
                  rs.getLong(3),
                  rs.getDouble(4),
                  rs.getDouble(5),
                  rs.getDouble(6),
                  last,
                  increase < 0 ? last : increase));
        }
      }
      return rollups;
    }
  }

  /** A missing seq range, both ends included. */
  public record SeqGap(long from, long to) {}

  /**
   * What the platform knows of a device's connection and data.
   *
   * @param online connected, by the gateway's events and the latest telemetry
   * @param missing how many seqs the open gaps hold in all
   * @param gaps the oldest open gaps (at most 100)
   */
  public record DeviceStatus(
      boolean online,
      Instant stateChangedAt,
      Instant lastSeen,
      String lastEvent,
      Long maxSeq,
      long readings,
      long missing,
      List<SeqGap> gaps) {}

  /** The status of {@code device} of {@code park}. */
  public DeviceStatus status(String park, DeviceRef device) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement status =
            c.prepareStatement(
                "SELECT online, state_changed_at, last_seen, last_event, max_seq, readings"
                    + " FROM device_status WHERE park = ? AND enterprise = ? AND device = ?");
        PreparedStatement gaps =
            c.prepareStatement(
                "SELECT from_seq, to_seq, sum(to_seq - from_seq + 1) OVER () FROM telemetry_gap"
                    + " WHERE enterprise = ? AND device = ? ORDER BY from_seq LIMIT 100")) {
      gaps.setString(1, device.enterprise());
      gaps.setString(2, device.device());
      List<SeqGap> open = new ArrayList<>();
      long missing = 0;
      try (ResultSet rs = gaps.executeQuery()) {
        while (rs.next()) {
          open.add(new SeqGap(rs.getLong(1), rs.getLong(2)));
          missing = rs.getLong(3);
        }
      }
      status.setString(1, park);
      status.setString(2, device.enterprise());
      status.setString(3, device.device());
      try (ResultSet rs = status.executeQuery()) {
        if (!rs.next()) {
          return new DeviceStatus(false, null, null, null, null, 0, missing, open);
        }
        long max = rs.getLong(5);
        Long maxSeq = rs.wasNull() ? null : max;
        return new DeviceStatus(
            rs.getBoolean(1),
            instant(rs.getTimestamp(2)),
            instant(rs.getTimestamp(3)),
            rs.getString(4),
            maxSeq,
            rs.getLong(6),
            missing,
            open);
      }
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
