package io.parkpulse.platform.alarms.readmodel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.telemetry.readmodel.Readings;
import io.parkpulse.platform.telemetry.readmodel.StoredReading;
import io.parkpulse.platform.tenancy.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What a rule preview reads, with JDBC: a device as rules see it and its stored readings of a time
 * range. Callers check scope first ({@code RulePreviewService}); the device list filters by the
 * caller's scope in SQL.
 */
public final class RuleHistory {

  private static final TypeReference<JsonNode> TREE = new TypeReference<>() {};

  private final DataSource dataSource;

  public RuleHistory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A device as a rule sees it.
   *
   * @param points the name of the device's first point of each kind, by kind, from its profile
   */
  public record Device(
      String id,
      String name,
      String park,
      String enterprise,
      String profile,
      Map<String, String> points) {}

  /** A stored reading: when it was taken and the values asked for. */
  public record Reading(Instant ts, Map<String, Object> metrics) {}

  /** The device with id {@code id}, or empty if there is none. */
  public Optional<Device> device(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT d.id, d.name, d.park_id, d.enterprise_id, d.profile_id, dp.points::text"
                    + " FROM device d LEFT JOIN device_profile dp ON dp.id = d.profile_id"
                    + " WHERE d.id = ?")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? Optional.of(device(rs)) : Optional.empty();
      }
    }
  }

  /** The devices of {@code scope}, by enterprise then id, at most {@code limit}. */
  public List<Device> devices(Scope.SqlFilter scope, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT d.id, d.name, d.park_id, d.enterprise_id, d.profile_id, dp.points::text"
                    + " FROM device d LEFT JOIN device_profile dp ON dp.id = d.profile_id"
                    + " WHERE true"
                    + scope.clause()
                    + " ORDER BY d.enterprise_id, d.id LIMIT ?")) {
      int i = 1;
      for (Object p : scope.params()) {
        q.setObject(i++, p);
      }
      q.setInt(i, limit);
      List<Device> devices = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          devices.add(device(rs));
        }
      }
      return devices;
    }
  }

  /**
   * The device's readings taken in {@code [from, to)}, oldest first, at most {@code limit}, each
   * with only the metrics named in {@code points} (none if empty: the times alone).
   */
  public List<Reading> readings(
      Device device, Instant from, Instant to, Collection<String> points, int limit)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      List<Reading> readings = new ArrayList<>();
      for (StoredReading r :
          Readings.list(
              c,
              new Readings.Device(device.park(), device.enterprise(), device.id()),
              from,
              to,
              null,
              points,
              limit)) {
        readings.add(new Reading(r.ts(), r.metrics()));
      }
      return readings;
    }
  }

  private static Device device(ResultSet rs) throws SQLException {
    Map<String, String> points = new HashMap<>();
    String json = rs.getString(6);
    if (json != null) {
      for (JsonNode p : Json.read(json, TREE)) {
        points.putIfAbsent(p.path("kind").asText(), p.path("name").asText());
      }
    }
    return new Device(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        Map.copyOf(points));
  }
}
