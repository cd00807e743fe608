package io.parkpulse.platform.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Telemetry rows in PostgreSQL. */
public final class TelemetryStore {

  private static final TypeReference<Map<String, Object>> METRICS = new TypeReference<>() {};

  private final DataSource dataSource;
  private final ObjectMapper mapper = new ObjectMapper();

  public TelemetryStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores {@code records} in one transaction, skipping readings already stored.
   *
   * @return how many rows were new
   * @throws SQLException if PostgreSQL did not commit them (nothing is stored then)
   */
  public int insert(List<TelemetryRecord> records) throws SQLException {
    String sql =
        "INSERT INTO telemetry (enterprise, device, seq, park, ts, received_at, metrics)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(sql)) {
        for (TelemetryRecord r : records) {
          insert.setString(1, r.device().enterprise());
          insert.setString(2, r.device().device());
          insert.setLong(3, r.seq());
          insert.setString(4, r.park());
          insert.setTimestamp(5, Timestamp.from(r.ts()));
          insert.setTimestamp(6, Timestamp.from(r.receivedAt()));
          insert.setString(7, json(r.metrics()));
          insert.addBatch();
        }
        int stored = 0;
        for (int n : insert.executeBatch()) {
          stored += Math.max(n, 0);
        }
        c.commit();
        return stored;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Readings of {@code device} taken in {@code [from, to)}, oldest first, at most {@code limit}.
   */
  public List<StoredReading> find(DeviceRef device, Instant from, Instant to, int limit)
      throws SQLException {
    String sql =
        "SELECT seq, ts, received_at, metrics FROM telemetry"
            + " WHERE enterprise = ? AND device = ? AND ts >= ? AND ts < ?"
            + " ORDER BY ts, seq LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement(sql)) {
      query.setString(1, device.enterprise());
      query.setString(2, device.device());
      query.setTimestamp(3, Timestamp.from(from));
      query.setTimestamp(4, Timestamp.from(to));
      query.setInt(5, limit);
      List<StoredReading> readings = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          readings.add(
              new StoredReading(
                  rs.getLong(1),
                  rs.getTimestamp(2).toInstant(),
                  rs.getTimestamp(3).toInstant(),
                  parse(rs.getString(4))));
        }
      }
      return readings;
    }
  }

  private String json(Map<String, Object> metrics) {
    try {
      return mapper.writeValueAsString(metrics);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metrics of plain values always serialise", e);
    }
  }

  private Map<String, Object> parse(String json) throws SQLException {
    try {
      return mapper.readValue(json, METRICS);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored metrics are not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
