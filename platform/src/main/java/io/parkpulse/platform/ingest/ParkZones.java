package io.parkpulse.platform.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Each park's time zone, for its daily rollups: read from PostgreSQL and kept for a few minutes, so
 * that a changed zone applies soon without a query per batch. A park not (yet) known counts in UTC.
 */
final class ParkZones {

  private static final Duration KEEP = Duration.ofMinutes(5);

  private record Known(ZoneId zone, long loadedAt) {}

  private final DataSource dataSource;
  private final Map<String, Known> zones = new ConcurrentHashMap<>();

  ParkZones(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  ZoneId of(String park) {
    Known known = zones.get(park);
    long now = System.nanoTime();
    if (known != null && now - known.loadedAt() < KEEP.toNanos()) {
      return known.zone();
    }
    ZoneId zone = load(park);
    if (zone != null) {
      zones.put(park, new Known(zone, now));
      return zone;
    }
    return known != null ? known.zone() : ZoneOffset.UTC;
  }

  private ZoneId load(String park) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT timezone FROM park WHERE id = ?")) {
      query.setString(1, park);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? ZoneId.of(rs.getString(1)) : null;
      }
    } catch (SQLException | DateTimeException e) {
      // The write that follows will meet the same database; a wrong zone is not worth failing for.
      return null;
    }
  }
}
