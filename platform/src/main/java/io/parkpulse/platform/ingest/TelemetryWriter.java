package io.parkpulse.platform.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.SeqGaps.Gap;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Writes a batch to PostgreSQL in one transaction: the readings by COPY into a staging table, then
 * into the partitioned telemetry table skipping readings already stored, then the rollups, seq gaps
 * and device status of the readings that were new, and the device events. Either all of it is
 * committed or none.
 */
public final class TelemetryWriter {

  /** Resolutions of the stored rollups: table suffix and {@code date_trunc} field. */
  private static final Map<String, String> ROLLUPS =
      Map.of("1m", "minute", "1h", "hour", "1d", "day");

  private static final String STAGING =
      "CREATE TEMP TABLE IF NOT EXISTS telemetry_batch (park text, enterprise text, device text,"
          + " seq bigint, ts timestamptz, received_at timestamptz, metrics jsonb)"
          + " ON COMMIT DELETE ROWS;"
          + "CREATE TEMP TABLE IF NOT EXISTS telemetry_new (LIKE telemetry_batch)"
          + " ON COMMIT DELETE ROWS";

  private final DataSource dataSource;
  private final ObjectMapper mapper = new ObjectMapper();

  public TelemetryWriter(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores {@code batch}.
   *
   * @return how many readings were new
   * @throws SQLException if PostgreSQL did not commit it (nothing is stored then)
   */
  public int write(IngestBatch batch) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        int stored = batch.readings().isEmpty() ? 0 : writeReadings(c, batch.readings());
        if (!batch.events().isEmpty()) {
          writeEvents(c, batch.events());
        }
        c.commit();
        return stored;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private int writeReadings(Connection c, List<TelemetryRecord> readings) throws SQLException {
    try (Statement sql = c.createStatement()) {
      sql.execute(STAGING);
    }
    copy(c, readings);
    int stored;
    try (Statement sql = c.createStatement()) {
      stored =
          sql.executeUpdate(
              "WITH inserted AS (INSERT INTO telemetry"
                  + " SELECT * FROM telemetry_batch ON CONFLICT DO NOTHING RETURNING *)"
                  + " INSERT INTO telemetry_new SELECT * FROM inserted");
      if (stored == 0) {
        return 0;
      }
      for (Map.Entry<String, String> rollup : ROLLUPS.entrySet()) {
        sql.executeUpdate(rollupSql(rollup.getKey(), rollup.getValue()));
      }
    }
    updateGaps(c);
    try (Statement sql = c.createStatement()) {
      sql.executeUpdate(
          "INSERT INTO device_status AS s (enterprise, device, park, online, state_changed_at,"
              + " last_seen, max_seq, readings)"
              + " SELECT enterprise, device, min(park), true, max(received_at), max(received_at),"
              + " max(seq), count(*) FROM telemetry_new GROUP BY enterprise, device"
              + " ON CONFLICT (enterprise, device) DO UPDATE SET"
              + " last_seen = GREATEST(s.last_seen, EXCLUDED.last_seen),"
              + " max_seq = GREATEST(s.max_seq, EXCLUDED.max_seq),"
              + " readings = s.readings + EXCLUDED.readings,"
              // A reading received after the last state change means the device is connected.
              + " online = s.online OR EXCLUDED.last_seen > s.state_changed_at,"
              + " state_changed_at = CASE WHEN NOT s.online AND EXCLUDED.last_seen >"
              + " s.state_changed_at THEN EXCLUDED.last_seen ELSE s.state_changed_at END");
    }
    return stored;
  }

  private void copy(Connection c, List<TelemetryRecord> readings) throws SQLException {
    StringBuilder rows = new StringBuilder(readings.size() * 160);
    for (TelemetryRecord r : readings) {
      rows.append(r.park())
          .append('\t')
          .append(r.device().enterprise())
          .append('\t')
          .append(r.device().device())
          .append('\t')
          .append(r.seq())
          .append('\t')
          .append(r.ts())
          .append('\t')
          .append(r.receivedAt())
          .append('\t');
      escape(rows, json(r.metrics()));
      rows.append('\n');
    }
    try {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn("COPY telemetry_batch FROM STDIN", new StringReader(rows.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY of the batch failed: " + e.getMessage(), e);
    }
  }

  /** Escapes a value for COPY's text format. Ids and numbers never need it; metrics might. */
  private static void escape(StringBuilder out, String value) {
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

  private static String rollupSql(String resolution, String field) {
    String table = "rollup_" + resolution;
    return "INSERT INTO "
        + table
        + " AS r (park, enterprise, device, point, bucket, n, sum, min, max,"
        + " first_ts, first_value, last_ts, last_value)"
        + " SELECT min(park), enterprise, device, point, date_trunc('"
        + field
        + "', ts, 'UTC'), count(*), sum(v), min(v), max(v), min(ts),"
        + " (array_agg(v ORDER BY ts, seq))[1], max(ts), (array_agg(v ORDER BY ts DESC, seq DESC))[1]"
        + " FROM (SELECT n.park, n.enterprise, n.device, n.seq, n.ts, m.key AS point,"
        + " CASE jsonb_typeof(m.value) WHEN 'number' THEN m.value::float8"
        + " WHEN 'boolean' THEN CASE WHEN m.value::boolean THEN 1 ELSE 0 END END AS v"
        + " FROM telemetry_new n, jsonb_each(n.metrics) m) x WHERE v IS NOT NULL"
        + " GROUP BY enterprise, device, point, 5"
        + " ON CONFLICT (enterprise, device, point, bucket) DO UPDATE SET"
        + " n = r.n + EXCLUDED.n, sum = r.sum + EXCLUDED.sum,"
        + " min = LEAST(r.min, EXCLUDED.min), max = GREATEST(r.max, EXCLUDED.max),"
        + " first_value = CASE WHEN EXCLUDED.first_ts < r.first_ts"
        + " THEN EXCLUDED.first_value ELSE r.first_value END,"
        + " first_ts = LEAST(r.first_ts, EXCLUDED.first_ts),"
        + " last_value = CASE WHEN EXCLUDED.last_ts >= r.last_ts"
        + " THEN EXCLUDED.last_value ELSE r.last_value END,"
        + " last_ts = GREATEST(r.last_ts, EXCLUDED.last_ts)";
  }

  private void updateGaps(Connection c) throws SQLException {
    Map<String, long[]> seqs = new HashMap<>();
    Map<String, Long> maxBefore = new HashMap<>();
    try (Statement sql = c.createStatement();
        ResultSet rs =
            sql.executeQuery(
                "SELECT n.enterprise, n.device, s.max_seq, array_agg(n.seq ORDER BY n.seq)"
                    + " FROM telemetry_new n LEFT JOIN device_status s"
                    + " ON s.enterprise = n.enterprise AND s.device = n.device"
                    + " GROUP BY n.enterprise, n.device, s.max_seq")) {
      while (rs.next()) {
        String key = rs.getString(1) + "/" + rs.getString(2);
        long max = rs.getLong(3);
        maxBefore.put(key, rs.wasNull() ? null : max);
        Array array = rs.getArray(4);
        Long[] values = (Long[]) array.getArray();
        long[] sorted = new long[values.length];
        for (int i = 0; i < values.length; i++) {
          sorted[i] = values[i];
        }
        seqs.put(key, sorted);
      }
    }
    Instant now = Instant.now();
    for (Map.Entry<String, long[]> device : seqs.entrySet()) {
      Long before = maxBefore.get(device.getKey());
      long[] sorted = device.getValue();
      boolean late = before != null && sorted[0] <= before;
      String[] ref = device.getKey().split("/", 2);
      List<Gap> open = late ? openGaps(c, ref[0], ref[1]) : List.of();
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
          delete.setString(1, ref[0]);
          delete.setString(2, ref[1]);
          delete.executeUpdate();
        }
        for (Gap gap : result.gaps()) {
          insert.setString(1, ref[0]);
          insert.setString(2, ref[1]);
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
      for (DeviceEvent e : events) {
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
          status.setBoolean(4, DeviceEvent.CONNECTED.equals(e.type()));
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
