package io.parkpulse.platform.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.SeqGaps.Gap;
import io.parkpulse.platform.telemetry.jobs.Compactor;
import io.parkpulse.platform.telemetry.readmodel.HourBlock;
import io.parkpulse.platform.telemetry.readmodel.Readings;
import io.parkpulse.platform.telemetry.readmodel.Resolution;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Writes a batch to PostgreSQL in one transaction: the readings by COPY into a staging table, then
 * into the partitioned telemetry table skipping readings already stored, then the rollups, seq gaps
 * and device status of the readings that were new, and the device events. Either all of it is
 * committed or none.
 */
public final class TelemetryWriter {

  private static final String UNIQUE_VIOLATION = "23505";

  /** Readings older than this may have been compacted: the ingest looks for them in hour blocks. */
  private static final Duration COMPACTED_HORIZON = Duration.ofHours(12);

  private static final String STAGING =
      "CREATE TEMP TABLE IF NOT EXISTS telemetry_batch (park text, enterprise text, device text,"
          + " seq bigint, ts timestamptz, received_at timestamptz, metrics jsonb)"
          + " ON COMMIT DELETE ROWS;"
          + "CREATE TEMP TABLE IF NOT EXISTS rollup_batch (resolution text, park text,"
          + " enterprise text, device text, point text, bucket timestamptz, n bigint,"
          + " sum float8, min float8, max float8, first_ts timestamptz, first_value float8,"
          + " last_ts timestamptz, last_value float8) ON COMMIT DELETE ROWS";

  private final DataSource dataSource;
  private final ObjectMapper mapper = new ObjectMapper();
  private final int expectedRows;
  private final ParkZones zones;

  public TelemetryWriter(DataSource dataSource) {
    this(dataSource, 1000);
  }

  /**
   * A writer whose batches are sized for about {@code expectedRows} readings (they may hold more).
   */
  public TelemetryWriter(DataSource dataSource, int expectedRows) {
    this.dataSource = dataSource;
    this.expectedRows = expectedRows;
    this.zones = new ParkZones(dataSource);
  }

  /**
   * A batch being made ready for PostgreSQL, from the records of one or more polls: the binary COPY
   * of its readings and their rollups, computed as if every reading were new, which is the usual
   * case. Adding to it is CPU work without I/O, done on the ingest's thread while the previous
   * batch is written.
   */
  public final class Prepared {
    private final List<TelemetryRecord> readings = new ArrayList<>();
    private final List<DeviceEvent> events = new ArrayList<>();
    private final BinaryCopy copy = new BinaryCopy(expectedRows);
    private final Rollups rollups = new Rollups(zones::of);

    private Prepared() {}

    /** Adds the readings and events of {@code part}. */
    public void add(IngestBatch part) {
      for (int i = 0; i < part.readings().size(); i++) {
        TelemetryRecord r = part.readings().get(i);
        copy.row(7)
            .text(r.park())
            .text(r.device().enterprise())
            .text(r.device().device())
            .int8(r.seq())
            .timestamptz(r.ts())
            .timestamptz(r.receivedAt())
            .jsonb(part.metricsJson().get(i));
      }
      rollups.add(part.readings());
      readings.addAll(part.readings());
      events.addAll(part.events());
    }

    /** Whether it holds nothing to store. */
    public boolean isEmpty() {
      return readings.isEmpty() && events.isEmpty();
    }
  }

  /** An empty batch to {@link Prepared#add add} to. */
  public Prepared prepare() {
    return new Prepared();
  }

  /** Prepares {@code batch} for {@link #write(Prepared)}. */
  public Prepared prepare(IngestBatch batch) {
    Prepared prepared = new Prepared();
    prepared.add(batch);
    return prepared;
  }

  /** Prepares and stores {@code batch}. */
  public int write(IngestBatch batch) throws SQLException {
    return write(prepare(batch));
  }

  /**
   * Stores a prepared batch.
   *
   * @return how many readings were new
   * @throws SQLException if PostgreSQL did not commit it (nothing is stored then)
   */
  public int write(Prepared prepared) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int stored = prepared.readings.isEmpty() ? 0 : writeReadings(c, prepared);
        if (!prepared.events.isEmpty()) {
          writeEvents(c, prepared.events);
        }
        c.commit();
        return stored;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private int writeReadings(Connection c, Prepared prepared) throws SQLException {
    List<TelemetryRecord> readings = prepared.readings;
    try (Statement sql = c.createStatement()) {
      sql.execute(STAGING);
    }
    List<TelemetryRecord> fresh = copyNew(c, readings, prepared.copy);
    if (fresh.isEmpty()) {
      return 0;
    }
    // Usually every reading was new and the prepared rollups hold; else only the new ones count.
    writeRollups(
        c,
        rollupRows(
            fresh == readings ? prepared.rollups.aggregates() : Rollups.of(fresh, zones::of)));
    Map<String, DeviceBatch> devices = byDevice(fresh);
    updateGaps(c, devices);
    updateStatus(c, devices);
    return fresh.size();
  }

  /**
   * Stores the readings not yet stored and returns them. Most batches hold only new readings and
   * are COPied straight into the table; a batch with a reading already there (a redelivery) fails
   * that COPY and goes through a staging table instead, which skips what is stored.
   */
  private static List<TelemetryRecord> copyNew(
      Connection c, List<TelemetryRecord> readings, BinaryCopy rows) throws SQLException {
    Set<ReadingKey> compacted = compacted(c, readings);
    if (compacted.isEmpty()) {
      Savepoint direct = c.setSavepoint();
      try {
        copy(
            c,
            "COPY telemetry (park, enterprise, device, seq, ts, received_at, metrics)"
                + " FROM STDIN (FORMAT binary)",
            rows.reader());
        c.releaseSavepoint(direct);
        return readings;
      } catch (SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        c.rollback(direct);
      }
    }
    copy(c, "COPY telemetry_batch FROM STDIN (FORMAT binary)", rows.reader());
    if (!compacted.isEmpty()) {
      dropFromStaging(c, compacted);
    }
    Map<ReadingKey, Integer> inserted = new HashMap<>();
    try (Statement sql = c.createStatement();
        ResultSet rs =
            sql.executeQuery(
                "INSERT INTO telemetry SELECT * FROM telemetry_batch ON CONFLICT DO NOTHING"
                    + " RETURNING enterprise, device, seq, ts")) {
      while (rs.next()) {
        inserted.merge(
            new ReadingKey(
                rs.getString(1), rs.getString(2), rs.getLong(3), rs.getTimestamp(4).toInstant()),
            1,
            Integer::sum);
      }
    }
    // The readings that were new, each once: only they count in rollups, gaps and status.
    List<TelemetryRecord> fresh = new ArrayList<>(inserted.size());
    for (TelemetryRecord r : readings) {
      ReadingKey key =
          new ReadingKey(r.device().enterprise(), r.device().device(), r.seq(), micros(r.ts()));
      Integer left = inserted.get(key);
      if (left != null) {
        fresh.add(r);
        if (left == 1) {
          inserted.remove(key);
        } else {
          inserted.put(key, left - 1);
        }
      }
    }
    return fresh;
  }

  /**
   * The readings of the batch already in an hour block: redeliveries of readings whose day was
   * compacted, which the primary key of {@code telemetry} no longer sees. Only readings older than
   * half a day are looked up (a day is compacted a whole day after it ended at the earliest), so
   * the usual batch costs one pass over its times.
   */
  private static Set<ReadingKey> compacted(Connection c, List<TelemetryRecord> readings)
      throws SQLException {
    Instant horizon = Instant.now().minus(COMPACTED_HORIZON);
    Map<List<Object>, List<TelemetryRecord>> byHour = new HashMap<>();
    for (TelemetryRecord r : readings) {
      if (r.ts().isBefore(horizon)) {
        byHour
            .computeIfAbsent(
                List.of(
                    r.park(),
                    r.device().enterprise(),
                    r.device().device(),
                    r.ts().truncatedTo(ChronoUnit.HOURS)),
                k -> new ArrayList<>())
            .add(r);
      }
    }
    if (byHour.isEmpty()) {
      return Set.of();
    }
    // The compactor holds a device's lock while it moves rows into blocks: with it, this batch
    // sees a reading either as a row (the primary key refuses it) or in a block, never in neither.
    // Taken in one order by every writer, so that two never wait for each other in a circle.
    java.util.TreeSet<List<String>> devices =
        new java.util.TreeSet<>(Comparator.comparing((List<String> d) -> String.join("/", d)));
    for (List<Object> key : byHour.keySet()) {
      devices.add(List.of((String) key.get(0), (String) key.get(1), (String) key.get(2)));
    }
    for (List<String> d : devices) {
      Compactor.lockDevice(c, d.get(0), d.get(1), d.get(2));
    }
    List<List<Object>> keys = new ArrayList<>(byHour.keySet());
    Set<ReadingKey> found = new HashSet<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT park, enterprise, device, hour, block FROM telemetry_hour"
                + " WHERE (park, enterprise, device, hour) IN (SELECT * FROM"
                + " unnest(?::text[], ?::text[], ?::text[], ?::text[]::timestamptz[]))")) {
      for (int column = 0; column < 4; column++) {
        // Instants as ISO text: a Timestamp array would be written in the JVM's local time.
        Object[] values = new Object[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
          values[i] = keys.get(i).get(column).toString();
        }
        q.setArray(column + 1, c.createArrayOf("text", values));
      }
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Instant hour = rs.getTimestamp(4).toInstant();
          Set<List<Long>> stored = new HashSet<>();
          for (HourBlock.Entry e :
              HourBlock.decode(Readings.micros(hour), rs.getBytes(5), Set.of())) {
            stored.add(List.of(e.seq(), e.tsMicros()));
          }
          List<TelemetryRecord> inHour =
              byHour.getOrDefault(
                  List.of(rs.getString(1), rs.getString(2), rs.getString(3), hour), List.of());
          for (TelemetryRecord r : inHour) {
            if (stored.contains(List.of(r.seq(), Readings.micros(r.ts())))) {
              found.add(
                  new ReadingKey(
                      r.device().enterprise(), r.device().device(), r.seq(), micros(r.ts())));
            }
          }
        }
      }
    }
    return found;
  }

  /** Takes readings out of the staging table before it is inserted. */
  private static void dropFromStaging(Connection c, Set<ReadingKey> keys) throws SQLException {
    try (PreparedStatement delete =
        c.prepareStatement(
            "DELETE FROM telemetry_batch WHERE (enterprise, device, seq, ts) IN (SELECT * FROM"
                + " unnest(?::text[], ?::text[], ?::int8[], ?::text[]::timestamptz[]))")) {
      List<ReadingKey> list = new ArrayList<>(keys);
      delete.setArray(
          1, c.createArrayOf("text", list.stream().map(ReadingKey::enterprise).toArray()));
      delete.setArray(2, c.createArrayOf("text", list.stream().map(ReadingKey::device).toArray()));
      delete.setArray(3, c.createArrayOf("int8", list.stream().map(ReadingKey::seq).toArray()));
      delete.setArray(
          4, c.createArrayOf("text", list.stream().map(k -> k.ts().toString()).toArray()));
      delete.executeUpdate();
    }
  }

  /** A stored reading's identity, with the time as PostgreSQL keeps it (microseconds). */
  private record ReadingKey(String enterprise, String device, long seq, Instant ts) {}

  /** What a batch's new readings say about one device. */
  private static final class DeviceBatch {
    final String park;
    final String enterprise;
    final String device;
    final List<Long> seqs = new ArrayList<>();
    Instant lastReceived;

    DeviceBatch(TelemetryRecord r) {
      this.park = r.park();
      this.enterprise = r.device().enterprise();
      this.device = r.device().device();
    }
  }

  /**
   * The new readings by device, in the order of the devices' keys: the order in which every writer
   * locks device rows, so that two writers never wait for each other in a circle.
   */
  private static Map<String, DeviceBatch> byDevice(List<TelemetryRecord> fresh) {
    Map<String, DeviceBatch> devices = new TreeMap<>();
    for (TelemetryRecord r : fresh) {
      DeviceBatch d = devices.computeIfAbsent(r.device().kafkaKey(), k -> new DeviceBatch(r));
      d.seqs.add(r.seq());
      if (d.lastReceived == null || r.receivedAt().isAfter(d.lastReceived)) {
        d.lastReceived = r.receivedAt();
      }
    }
    return devices;
  }

  private static Instant micros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }

  private static void row(StringBuilder rows, Object... values) {
    for (Object value : values) {
      rows.append(value).append('\t');
    }
  }

  private static void copy(Connection c, String sql, InputStream rows) throws SQLException {
    try {
      c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, rows);
    } catch (IOException e) {
      throw new SQLException("COPY of the batch failed: " + e.getMessage(), e);
    }
  }

  private static void copy(Connection c, String sql, String rows) throws SQLException {
    try {
      c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(rows));
    } catch (IOException e) {
      throw new SQLException("COPY of the batch failed: " + e.getMessage(), e);
    }
  }

  /** Escapes a value for COPY's text format. Ids and numbers never need it; metrics might. */
  private static void escape(StringBuilder out, String value) {
    if (value.indexOf('\\') < 0
        && value.indexOf('\t') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      out.append(value);
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(ch);
      }
    }
  }

  /** Aggregates as COPY text for {@code rollup_batch}. */
  private static String rollupRows(Map<Rollups.Key, Rollups.Aggregate> rollups) {
    StringBuilder rows = new StringBuilder(rollups.size() * 160);
    for (Map.Entry<Rollups.Key, Rollups.Aggregate> e : rollups.entrySet()) {
      Rollups.Key k = e.getKey();
      Rollups.Aggregate a = e.getValue();
      row(rows, k.resolution().id(), k.park(), k.enterprise(), k.device());
      escape(rows, k.point());
      rows.append('\t');
      row(
          rows,
          k.bucket(),
          a.count(),
          a.sum(),
          a.min(),
          a.max(),
          micros(a.firstTs()),
          a.first(),
          micros(a.lastTs()));
      rows.append(a.last()).append('\n');
    }
    return rows.toString();
  }

  private static void writeRollups(Connection c, String rows) throws SQLException {
    copy(c, "COPY rollup_batch FROM STDIN", rows);
    StringBuilder merges = new StringBuilder();
    for (Resolution resolution : Resolution.values()) {
      merges.append(mergeRollups(resolution.id())).append(';');
    }
    // The hours with data of each enterprise, for its gateway uptime (see the V6 migration).
    // Writers of other devices of the enterprise may insert the same hours at the same time: in
    // key order, so that they wait for each other without a deadlock.
    merges.append(
        "INSERT INTO enterprise_hour (enterprise, bucket, park)"
            + " SELECT DISTINCT enterprise, bucket, park FROM rollup_batch"
            + " WHERE resolution = '"
            + Resolution.HOUR.id()
            + "' ORDER BY enterprise, bucket, park ON CONFLICT DO NOTHING");
    try (Statement sql = c.createStatement()) {
      sql.execute(merges.toString());
    }
  }

  private static String mergeRollups(String resolution) {
    return "INSERT INTO rollup_"
        + resolution
        + " AS r (park, enterprise, device, point, bucket, n, sum, min, max,"
        + " first_ts, first_value, last_ts, last_value)"
        + " SELECT park, enterprise, device, point, bucket, n, sum, min, max,"
        + " first_ts, first_value, last_ts, last_value FROM rollup_batch"
        + " WHERE resolution = '"
        + resolution
        + "' ON CONFLICT (enterprise, device, point, bucket) DO UPDATE SET"
        + " n = r.n + EXCLUDED.n, sum = r.sum + EXCLUDED.sum,"
        + " min = LEAST(r.min, EXCLUDED.min), max = GREATEST(r.max, EXCLUDED.max),"
        + " first_value = CASE WHEN EXCLUDED.first_ts < r.first_ts"
        + " THEN EXCLUDED.first_value ELSE r.first_value END,"
        + " first_ts = LEAST(r.first_ts, EXCLUDED.first_ts),"
        + " last_value = CASE WHEN EXCLUDED.last_ts >= r.last_ts"
        + " THEN EXCLUDED.last_value ELSE r.last_value END,"
        + " last_ts = GREATEST(r.last_ts, EXCLUDED.last_ts)";
  }

  private static void updateGaps(Connection c, Map<String, DeviceBatch> devices)
      throws SQLException {
    Map<String, Long> maxBefore = new HashMap<>();
    try (PreparedStatement query =
        c.prepareStatement(
            "SELECT enterprise, device, max_seq FROM device_status"
                + " WHERE (enterprise, device) IN (SELECT * FROM unnest(?::text[], ?::text[]))")) {
      query.setArray(1, c.createArrayOf("text", field(devices, d -> d.enterprise)));
      query.setArray(2, c.createArrayOf("text", field(devices, d -> d.device)));
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          long max = rs.getLong(3);
          if (!rs.wasNull()) {
            maxBefore.put(rs.getString(1) + "/" + rs.getString(2), max);
          }
        }
      }
    }
    Instant now = Instant.now();
    for (Map.Entry<String, DeviceBatch> entry : devices.entrySet()) {
      DeviceBatch d = entry.getValue();
      long[] sorted = d.seqs.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
      Long before = maxBefore.get(entry.getKey());
      boolean late = before != null && sorted[0] <= before;
      List<Gap> open = late ? openGaps(c, d.enterprise, d.device) : List.of();
      SeqGaps.Result result = SeqGaps.apply(before, open, sorted);
      if (result.gaps().equals(open)) {
        continue;
      }
      // Without late seqs only new gaps are in the result; with them the device's gaps are
      // replaced by the result.
      try (PreparedStatement delete =
              c.prepareStatement("DELETE FROM telemetry_gap WHERE enterprise = ? AND device = ?");
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO telemetry_gap (enterprise, device, from_seq, to_seq, detected_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
        if (late) {
          delete.setString(1, d.enterprise);
          delete.setString(2, d.device);
          delete.executeUpdate();
        }
        for (Gap gap : result.gaps()) {
          insert.setString(1, d.enterprise);
          insert.setString(2, d.device);
          insert.setLong(3, gap.from());
          insert.setLong(4, gap.to());
          insert.setTimestamp(5, Timestamp.from(now));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  private static List<Gap> openGaps(Connection c, String enterprise, String device)
      throws SQLException {
    try (PreparedStatement query =
        c.prepareStatement(
            "SELECT from_seq, to_seq FROM telemetry_gap WHERE enterprise = ? AND device = ?"
                + " ORDER BY from_seq")) {
      query.setString(1, enterprise);
      query.setString(2, device);
      List<Gap> gaps = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          gaps.add(new Gap(rs.getLong(1), rs.getLong(2)));
        }
      }
      return gaps;
    }
  }

  private static void updateStatus(Connection c, Map<String, DeviceBatch> devices)
      throws SQLException {
    try (PreparedStatement upsert =
        c.prepareStatement(
            "INSERT INTO device_status AS s (enterprise, device, park, online, state_changed_at,"
                + " last_seen, max_seq, readings)"
                + " SELECT e, d, p, true, r, r, m, n FROM unnest(?::text[], ?::text[], ?::text[],"
                + " ?::timestamptz[], ?::bigint[], ?::bigint[]) AS u(e, d, p, r, m, n)"
                + " ON CONFLICT (enterprise, device) DO UPDATE SET"
                + " last_seen = GREATEST(s.last_seen, EXCLUDED.last_seen),"
                + " max_seq = GREATEST(s.max_seq, EXCLUDED.max_seq),"
                + " readings = s.readings + EXCLUDED.readings,"
                // A reading received after the last state change means the device is connected.
                + " online = s.online OR EXCLUDED.last_seen > s.state_changed_at,"
                + " state_changed_at = CASE WHEN NOT s.online AND EXCLUDED.last_seen >"
                + " s.state_changed_at THEN EXCLUDED.last_seen ELSE s.state_changed_at END")) {
      upsert.setArray(1, c.createArrayOf("text", field(devices, d -> d.enterprise)));
      upsert.setArray(2, c.createArrayOf("text", field(devices, d -> d.device)));
      upsert.setArray(3, c.createArrayOf("text", field(devices, d -> d.park)));
      upsert.setArray(
          4, c.createArrayOf("timestamptz", field(devices, d -> Timestamp.from(d.lastReceived))));
      upsert.setArray(
          5,
          c.createArrayOf(
              "bigint",
              field(devices, d -> d.seqs.stream().mapToLong(Long::longValue).max().orElseThrow())));
      upsert.setArray(6, c.createArrayOf("bigint", field(devices, d -> (long) d.seqs.size())));
      upsert.executeUpdate();
    }
  }

  private static Object[] field(Map<String, DeviceBatch> devices, Function<DeviceBatch, Object> f) {
    return devices.values().stream().map(f).toArray();
  }

  private void writeEvents(Connection c, List<DeviceEvent> events) throws SQLException {
    try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO device_event (park, enterprise, device, type, at, details)"
                    + " VALUES (?, ?, ?, ?, ?, ?::jsonb)");
        PreparedStatement status =
            c.prepareStatement(
                "INSERT INTO device_status AS s (enterprise, device, park, online,"
                    + " state_changed_at, last_event, last_event_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (enterprise, device) DO UPDATE SET"
                    + " online = CASE WHEN EXCLUDED.state_changed_at >= s.state_changed_at"
                    + " THEN EXCLUDED.online ELSE s.online END,"
                    + " last_event = CASE WHEN s.last_event_at IS NULL"
                    + " OR EXCLUDED.last_event_at >= s.last_event_at"
                    + " THEN EXCLUDED.last_event ELSE s.last_event END,"
                    + " last_event_at = GREATEST(s.last_event_at, EXCLUDED.last_event_at),"
                    + " state_changed_at = GREATEST(s.state_changed_at,"
                    + " EXCLUDED.state_changed_at)")) {
      // Device rows are locked in the order of the devices' keys, as the readings' writer does.
      List<DeviceEvent> byDevice = new ArrayList<>(events);
      byDevice.sort(Comparator.comparing(e -> e.device().kafkaKey()));
      for (DeviceEvent e : byDevice) {
        insert.setString(1, e.park());
        insert.setString(2, e.device().enterprise());
        insert.setString(3, e.device().device());
        insert.setString(4, e.type());
        insert.setTimestamp(5, Timestamp.from(e.ts()));
        insert.setString(6, json(e.attributes()));
        insert.addBatch();
        if (DeviceEvent.GATEWAY_TYPES.contains(e.type())) {
          status.setString(1, e.device().enterprise());
          status.setString(2, e.device().device());
          status.setString(3, e.park());
          status.setBoolean(4, DeviceEvent.saysOnline(e.type()));
          status.setTimestamp(5, Timestamp.from(e.ts()));
          status.setString(6, e.type());
          status.setTimestamp(7, Timestamp.from(e.ts()));
          status.addBatch();
        }
      }
      insert.executeBatch();
      status.executeBatch();
    }
  }

  private String json(Map<String, Object> values) {
    try {
      return mapper.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain values always serialise", e);
    }
  }
}
