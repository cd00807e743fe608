package io.parkpulse.platform.telemetry.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Telemetry partitions: one per park (by list), split by UTC day (by range), with a default day
 * partition per park for readings outside the days created. Days are created ahead; days older than
 * the park's retention are dropped whole, and the rows of the default partition that old are
 * deleted. A partition is always created empty, filled with any matching rows from the default it
 * replaces, and attached, so that no reading is ever refused for want of a partition.
 */
public final class Partitions {

  private static final Logger LOG = Logger.getLogger(Partitions.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final DataSource dataSource;
  private final int daysAhead;

  public Partitions(DataSource dataSource, int daysAhead) {
    this.dataSource = dataSource;
    this.daysAhead = daysAhead;
  }

  /** Creates the park's partition and its days from yesterday to {@code daysAhead} ahead. */
  public void ensurePark(String park) throws SQLException {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        String parent = parkTable(c, park);
        if (!exists(c, parent)) {
          createPark(c, park, parent);
        }
        for (LocalDate day = today.minusDays(1);
            !day.isAfter(today.plusDays(daysAhead));
            day = day.plusDays(1)) {
          String name = parent + "_" + DAY.format(day);
          if (!exists(c, name)) {
            createDay(c, parent, name, day);
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Drops the park's day partitions wholly older than {@code retentionDays} and deletes older rows
   * of its default partition and rollups.
   *
   * @return the partitions dropped
   */
  public List<String> expire(String park, int retentionDays) throws SQLException {
    LocalDate cutoff = LocalDate.now(ZoneOffset.UTC).minusDays(retentionDays);
    List<String> dropped = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        String parent = parkTable(c, park);
        for (String child : children(c, parent)) {
          String suffix = child.substring(child.lastIndexOf('_') + 1);
          if (suffix.matches("\\d{8}") && LocalDate.parse(suffix, DAY).isBefore(cutoff)) {
            try (Statement sql = c.createStatement()) {
              sql.execute("DROP TABLE " + child);
            }
            dropped.add(child);
          }
        }
        java.sql.Timestamp before =
            java.sql.Timestamp.from(cutoff.atStartOfDay(ZoneOffset.UTC).toInstant());
        if (exists(c, parent + "_other")) {
          delete(c, "DELETE FROM " + parent + "_other WHERE ts < ?", before, null);
        }
        for (String rollup :
            List.of("rollup_1m", "rollup_1h", "rollup_1d", "enterprise_hour", "point_day")) {
          delete(c, "DELETE FROM " + rollup + " WHERE bucket < ? AND park = ?", before, park);
        }
        delete(c, "DELETE FROM telemetry_hour WHERE hour < ? AND park = ?", before, park);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    if (!dropped.isEmpty()) {
      LOG.infof(
          "park %s: dropped telemetry partitions older than %d days: %s",
          park, retentionDays, dropped);
    }
    return dropped;
  }

  private static void delete(Connection c, String sql, java.sql.Timestamp before, String park)
      throws SQLException {
    try (PreparedStatement delete = c.prepareStatement(sql)) {
      delete.setTimestamp(1, before);
      if (park != null) {
        delete.setString(2, park);
      }
      delete.executeUpdate();
    }
  }

  /**
   * Drops everything stored for a park that is being deleted: its telemetry partitions and
   * compacted hours, rollups, device status and events.
   */
  public void dropPark(String park) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        String parent = parkTable(c, park);
        if (exists(c, parent)) {
          try (Statement sql = c.createStatement()) {
            sql.execute("DROP TABLE " + parent);
          }
        }
        for (String table :
            List.of(
                "telemetry_hour",
                "rollup_1m",
                "rollup_1h",
                "rollup_1d",
                "enterprise_hour",
                "point_day",
                "device_status",
                "device_event")) {
          try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM " + table + " WHERE park = ?")) {
            delete.setString(1, park);
            delete.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    LOG.infof("park %s: dropped its telemetry, rollups, device status and events", park);
  }

  /**
   * Bytes on disk (tables, indexes and TOAST) of every telemetry partition and of the rollups:
   * sizes from the catalogue, no table is read.
   */
  public long storedBytes() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement sql = c.createStatement();
        ResultSet rs =
            sql.executeQuery(
                "SELECT coalesce(sum(pg_total_relation_size(relid)), 0)"
                    + " FROM pg_partition_tree('telemetry') WHERE isleaf"
                    + " UNION ALL SELECT coalesce(sum(pg_total_relation_size(to_regclass(name))), 0)"
                    + " FROM unnest(ARRAY['telemetry_hour', 'rollup_1m', 'rollup_1h', 'rollup_1d',"
                    + " 'enterprise_hour', 'point_day'])"
                    + " AS name")) {
      long bytes = 0;
      while (rs.next()) {
        bytes += rs.getLong(1);
      }
      return bytes;
    }
  }

  /** Parks with their retention, for the periodic maintenance. */
  public List<ParkRetention> parks() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement sql = c.createStatement();
        ResultSet rs =
            sql.executeQuery("SELECT id, retention_days, hot_days FROM park ORDER BY id")) {
      List<ParkRetention> parks = new ArrayList<>();
      while (rs.next()) {
        parks.add(new ParkRetention(rs.getString(1), rs.getInt(2), rs.getInt(3)));
      }
      return parks;
    }
  }

  /**
   * A park, how many days of telemetry it keeps and how many recent days it keeps a row per reading
   * before they are compacted.
   */
  public record ParkRetention(String park, int retentionDays, int hotDays) {}

  /** A UTC day of a park with readings still one row each, and the table that holds them. */
  public record HotDay(LocalDate day, String table) {}

  /**
   * The park's UTC days before {@code before} that hold readings one row each, oldest first: day
   * partitions that are not empty, and days of the park's default partition (late readings).
   */
  public List<HotDay> hotDays(String park, LocalDate before) throws SQLException {
    java.util.TreeMap<LocalDate, HotDay> days = new java.util.TreeMap<>();
    try (Connection c = dataSource.getConnection()) {
      String parent = parkTable(c, park);
      if (!exists(c, parent)) {
        return List.of();
      }
      for (String child : children(c, parent)) {
        String suffix = child.substring(child.lastIndexOf('_') + 1);
        if (suffix.matches("\\d{8}") && LocalDate.parse(suffix, DAY).isBefore(before)) {
          try (Statement sql = c.createStatement();
              ResultSet rs = sql.executeQuery("SELECT EXISTS (SELECT 1 FROM " + child + ")")) {
            rs.next();
            if (rs.getBoolean(1)) {
              LocalDate day = LocalDate.parse(suffix, DAY);
              days.put(day, new HotDay(day, child));
            }
          }
        }
      }
      if (exists(c, parent + "_other")) {
        try (PreparedStatement q =
            c.prepareStatement(
                "SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date FROM "
                    + parent
                    + "_other WHERE ts < ?")) {
          q.setTimestamp(
              1, java.sql.Timestamp.from(before.atStartOfDay(ZoneOffset.UTC).toInstant()));
          try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
              LocalDate day = rs.getObject(1, LocalDate.class);
              days.putIfAbsent(day, new HotDay(day, parent + "_other"));
            }
          }
        }
      }
    }
    return new ArrayList<>(days.values());
  }

  private static void createPark(Connection c, String park, String parent) throws SQLException {
    try (Statement sql = c.createStatement()) {
      sql.execute(
          "CREATE TABLE "
              + parent
              + " (LIKE telemetry INCLUDING DEFAULTS) PARTITION BY RANGE (ts)");
      sql.execute("CREATE TABLE " + parent + "_other PARTITION OF " + parent + " DEFAULT");
    }
    // Readings that arrived before the park had its partition move into it.
    try (PreparedStatement move =
        c.prepareStatement(
            "WITH moved AS (DELETE FROM telemetry_unassigned WHERE park = ? RETURNING *)"
                + " INSERT INTO "
                + parent
                + " SELECT * FROM moved")) {
      move.setString(1, park);
      int moved = move.executeUpdate();
      if (moved > 0) {
        LOG.infof("park %s: moved %d readings into its own partition", park, moved);
      }
    }
    try (PreparedStatement attach =
        c.prepareStatement(
            "ALTER TABLE telemetry ATTACH PARTITION "
                + parent
                + " FOR VALUES IN ("
                + literal(park)
                + ")")) {
      attach.execute();
    }
  }

  private static void createDay(Connection c, String parent, String name, LocalDate day)
      throws SQLException {
    String from = day.toString();
    String to = day.plusDays(1).toString();
    String range = "ts >= '" + from + "T00:00:00Z' AND ts < '" + to + "T00:00:00Z'";
    try (Statement sql = c.createStatement()) {
      sql.execute("CREATE TABLE " + name + " (LIKE " + parent + " INCLUDING DEFAULTS)");
      sql.execute(
          "WITH moved AS (DELETE FROM "
              + parent
              + "_other WHERE "
              + range
              + " RETURNING *) INSERT INTO "
              + name
              + " SELECT * FROM moved");
      sql.execute(
          "ALTER TABLE "
              + parent
              + " ATTACH PARTITION "
              + name
              + " FOR VALUES FROM ('"
              + from
              + "T00:00:00Z') TO ('"
              + to
              + "T00:00:00Z')");
    }
  }

  /** The name of a park's partition: {@code telemetry_p{num}}, park ids being too long. */
  private static String parkTable(Connection c, String park) throws SQLException {
    try (PreparedStatement query = c.prepareStatement("SELECT num FROM park WHERE id = ?")) {
      query.setString(1, park);
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("park '" + park + "' does not exist");
        }
        return "telemetry_p" + rs.getInt(1);
      }
    }
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement query = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      query.setString(1, table);
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static List<String> children(Connection c, String parent) throws SQLException {
    try (PreparedStatement query =
        c.prepareStatement(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = ?::regclass")) {
      query.setString(1, parent);
      List<String> names = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    }
  }

  /** Park ids are slugs (checked on creation), so quoting is enough. */
  private static String literal(String park) {
    return "'" + park.replace("'", "''") + "'";
  }
}
