package io.parkpulse.platform.telemetry.jobs;

import io.parkpulse.platform.telemetry.readmodel.HourBlock;
import io.parkpulse.platform.telemetry.readmodel.Partitions;
import io.parkpulse.platform.telemetry.readmodel.Readings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Compacts a park's closed days: the readings of every UTC day that ended before the park's hot
 * window become one {@code telemetry_hour} row per device and hour ({@link HourBlock}).
 *
 * <p>One device-day is one transaction: its rows are deleted with {@code DELETE … RETURNING} (so
 * exactly the rows read are removed, and a reading that arrives meanwhile stays for the next run),
 * merged with the hours already compacted (a late reading joins its hour; a redelivered one is kept
 * once) and written back. A kill at any point rolls back the device-day it was in; the next run
 * starts again from what is left, so compaction never loses or doubles a reading and can be run any
 * number of times. Device-days of one device are serialised by an advisory lock, so two replicas
 * that overlap cannot overwrite each other's merge.
 */
public final class Compactor {

  private static final Logger LOG = Logger.getLogger(Compactor.class);
  private static final long HOUR_MICROS = Duration.ofHours(1).toNanos() / 1_000;

  private final DataSource dataSource;
  private final Partitions partitions;

  /** What one run did. */
  public record Result(int days, int deviceDays, long readings, long blocks, int failed) {
    Result plus(Result other) {
      return new Result(
          days + other.days,
          deviceDays + other.deviceDays,
          readings + other.readings,
          blocks + other.blocks,
          failed + other.failed);
    }
  }

  public Compactor(DataSource dataSource, Partitions partitions) {
    this.dataSource = dataSource;
    this.partitions = partitions;
  }

  /**
   * Compacts every day of {@code park} that ended at least {@code hotDays} days before {@code now}.
   */
  public Result compact(String park, int hotDays, Instant now) throws SQLException {
    LocalDate before = LocalDate.ofInstant(now.minus(Duration.ofDays(hotDays)), ZoneOffset.UTC);
    Result total = new Result(0, 0, 0, 0, 0);
    for (Partitions.HotDay day : partitions.hotDays(park, before)) {
      total = total.plus(compactDay(park, day));
    }
    if (total.readings() > 0) {
      LOG.infof(
          "park %s: compacted %d readings of %d device-days into %d hour blocks",
          park, total.readings(), total.deviceDays(), total.blocks());
    }
    return total;
  }

  private Result compactDay(String park, Partitions.HotDay day) throws SQLException {
    Instant start = day.day().atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = start.plus(Duration.ofDays(1));
    Result done = new Result(1, 0, 0, 0, 0);
    for (String[] device : devices(park, start, end)) {
      try {
        done = done.plus(compactDeviceDay(park, device[0], device[1], start, end));
      } catch (SQLException | RuntimeException e) {
        if (e instanceof SQLException sql && isConnectionLost(sql)) {
          throw sql;
        }
        // One device-day that cannot be compacted (say, a stored value the codec refuses) stays
        // rows and is tried again next run; the rest of the park goes on.
        LOG.warnf(
            "park %s: %s/%s of %s not compacted: %s",
            park, device[0], device[1], day.day(), e.toString());
        done = done.plus(new Result(0, 0, 0, 0, 1));
      }
    }
    if (!day.table().endsWith("_other") && done.failed() == 0) {
      // The day's rows are all gone: give their space back now rather than at the next autovacuum.
      try (Connection c = dataSource.getConnection();
          Statement sql = c.createStatement()) {
        c.setAutoCommit(true);
        sql.execute("VACUUM " + day.table());
      }
    }
    return done;
  }

  /** Whether PostgreSQL went away (class 08, or the server shut the session): stop the run. */
  private static boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  /** The devices with rows in {@code [start, end)}: a loose scan of the primary key. */
  private List<String[]> devices(String park, Instant start, Instant end) throws SQLException {
    String range = " WHERE park = ? AND ts >= ? AND ts < ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "WITH RECURSIVE d AS ((SELECT enterprise, device FROM telemetry"
                    + range
                    + " ORDER BY enterprise, device LIMIT 1) UNION ALL SELECT n.enterprise,"
                    + " n.device FROM d CROSS JOIN LATERAL (SELECT enterprise, device FROM"
                    + " telemetry"
                    + range
                    + " AND (enterprise, device) > (d.enterprise, d.device)"
                    + " ORDER BY enterprise, device LIMIT 1) n) SELECT enterprise, device FROM d")) {
      for (int i = 0; i < 2; i++) {
        q.setString(1 + 3 * i, park);
        q.setTimestamp(2 + 3 * i, Timestamp.from(start));
        q.setTimestamp(3 + 3 * i, Timestamp.from(end));
      }
      List<String[]> devices = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          devices.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      return devices;
    }
  }

  private Result compactDeviceDay(
      String park, String enterprise, String device, Instant start, Instant end)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        // First the device's lock: the ingest takes it too before it looks for a redelivered
        // reading in the hour blocks, so it sees either the rows or the blocks, never neither;
        // and a second compactor of this device waits until this one has written its hours.
        lockDevice(c, park, enterprise, device);
        TreeMap<Long, List<HourBlock.Entry>> hours = new TreeMap<>();
        long moved = 0;
        try (PreparedStatement delete =
            c.prepareStatement(
                "DELETE FROM telemetry WHERE park = ? AND enterprise = ? AND device = ?"
                    + " AND ts >= ? AND ts < ? RETURNING seq, ts, received_at, metrics::text")) {
          bind(delete, park, enterprise, device, start, end);
          try (ResultSet rs = delete.executeQuery()) {
            while (rs.next()) {
              long ts = Readings.micros(rs.getTimestamp(2).toInstant());
              hours
                  .computeIfAbsent(Math.floorDiv(ts, HOUR_MICROS), h -> new ArrayList<>())
                  .add(
                      new HourBlock.Entry(
                          rs.getLong(1),
                          ts,
                          Readings.micros(rs.getTimestamp(3).toInstant()),
                          HourBlock.metrics(rs.getString(4))));
              moved++;
            }
          }
        }
        try (PreparedStatement existing =
            c.prepareStatement(
                "SELECT hour, block FROM telemetry_hour WHERE park = ? AND enterprise = ?"
                    + " AND device = ? AND hour >= ? AND hour < ? FOR UPDATE")) {
          bind(existing, park, enterprise, device, start, end);
          try (ResultSet rs = existing.executeQuery()) {
            while (rs.next()) {
              long hour = Readings.micros(rs.getTimestamp(1).toInstant());
              List<HourBlock.Entry> entries = hours.get(hour / HOUR_MICROS);
              if (entries != null) {
                // First, so that a redelivered reading keeps what was stored first.
                entries.addAll(0, HourBlock.decode(hour, rs.getBytes(2), null));
              }
            }
          }
        }
        try (PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO telemetry_hour (park, enterprise, device, hour, readings, block)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (park, enterprise, device, hour)"
                    + " DO UPDATE SET readings = excluded.readings, block = excluded.block")) {
          for (Map.Entry<Long, List<HourBlock.Entry>> hour : hours.entrySet()) {
            long hourMicros = hour.getKey() * HOUR_MICROS;
            List<HourBlock.Entry> entries = HourBlock.merge(hour.getValue());
            upsert.setString(1, park);
            upsert.setString(2, enterprise);
            upsert.setString(3, device);
            upsert.setTimestamp(4, Timestamp.from(Readings.instant(hourMicros)));
            upsert.setInt(5, entries.size());
            upsert.setBytes(6, HourBlock.encode(hourMicros, entries));
            upsert.addBatch();
          }
          upsert.executeBatch();
        }
        c.commit();
        return new Result(0, 1, moved, hours.size(), 0);
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException lost) {
          // The connection is gone (a kill): the server rolled back already.
          e.addSuppressed(lost);
        }
        throw e;
      }
    }
  }

  /**
   * Takes the transaction's lock on one device's compacted hours: held by the compactor while it
   * moves a device-day, and by the ingest while it checks a batch's old readings against the hour
   * blocks.
   */
  public static void lockDevice(Connection c, String park, String enterprise, String device)
      throws SQLException {
    try (PreparedStatement lock =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
      lock.setString(1, park + "/" + enterprise + "/" + device);
      lock.execute();
    }
  }

  private static void bind(
      PreparedStatement q,
      String park,
      String enterprise,
      String device,
      Instant start,
      Instant end)
      throws SQLException {
    q.setString(1, park);
    q.setString(2, enterprise);
    q.setString(3, device);
    q.setTimestamp(4, Timestamp.from(start));
    q.setTimestamp(5, Timestamp.from(end));
  }
}
