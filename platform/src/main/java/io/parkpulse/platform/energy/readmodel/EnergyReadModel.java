package io.parkpulse.platform.energy.readmodel;

import io.parkpulse.platform.energy.accounting.Carrier;
import io.parkpulse.platform.energy.accounting.CoreThreshold;
import io.parkpulse.platform.energy.accounting.Declared;
import io.parkpulse.platform.energy.accounting.Factor;
import io.parkpulse.platform.energy.accounting.MeterDay;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.ParkSettings;
import io.parkpulse.platform.tenancy.Park;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the energy figures are computed from: the measured meter days and output days, the monthly
 * declarations and the factors. Every query is bounded by a park (and an enterprise) that the
 * tenancy gate resolved for the caller: this class decides no scope itself.
 */
@ApplicationScoped
public class EnergyReadModel {

  private final DataSource dataSource;

  EnergyReadModel(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** An enterprise's good and total units of a day; null where it has no such counter. */
  public record OutputDay(String enterprise, LocalDate day, Double good, Double total) {}

  /**
   * The meter days of a park, or of one of its enterprises, from {@code from} until before {@code
   * to}, ordered by enterprise, device, point and day.
   */
  public List<MeterDay> meterDays(String park, String enterprise, LocalDate from, LocalDate to)
      throws SQLException {
    List<MeterDay> days = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    Map<String, Carrier> carriers = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT enterprise, device, point, carrier, day, slots, expected_slots,"
                    + " counter_kwh, interval_kwh, resets FROM energy_meter_day"
                    + " WHERE park = ? AND (?::text IS NULL OR enterprise = ?)"
                    + " AND day >= ? AND day < ?"
                    + " ORDER BY enterprise, device, point, day")) {
      c.setAutoCommit(false);
      q.setFetchSize(10_000);
      q.setString(1, park);
      q.setString(2, enterprise);
      q.setString(3, enterprise);
      q.setDate(4, Date.valueOf(from));
      q.setDate(5, Date.valueOf(to));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          double counter = rs.getDouble(8);
          Double counterKwh = rs.wasNull() ? null : counter;
          days.add(
              new MeterDay(
                  shared(names, rs.getString(1)),
                  shared(names, rs.getString(2)),
                  shared(names, rs.getString(3)),
                  carriers.computeIfAbsent(rs.getString(4), id -> Carrier.of(id).orElseThrow()),
                  rs.getDate(5).toLocalDate(),
                  rs.getInt(6),
                  rs.getInt(7),
                  counterKwh,
                  rs.getDouble(9),
                  rs.getInt(10)));
        }
      }
      c.commit();
    }
    return days;
  }

  /**
   * The output days of a park, or of one of its enterprises, from {@code from} until {@code to}.
   */
  public List<OutputDay> outputDays(String park, String enterprise, LocalDate from, LocalDate to)
      throws SQLException {
    List<OutputDay> days = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT enterprise, day, good, total FROM energy_output_day"
                    + " WHERE park = ? AND (?::text IS NULL OR enterprise = ?)"
                    + " AND day >= ? AND day < ? ORDER BY enterprise, day")) {
      q.setString(1, park);
      q.setString(2, enterprise);
      q.setString(3, enterprise);
      q.setDate(4, Date.valueOf(from));
      q.setDate(5, Date.valueOf(to));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          days.add(
              new OutputDay(
                  rs.getString(1),
                  rs.getObject(2, LocalDate.class),
                  nullable(rs, 3),
                  nullable(rs, 4)));
        }
      }
    }
    return days;
  }

  /** The declarations of a park's enterprises (or one of them) for the months given, inclusive. */
  public List<Declared> declarations(
      String park, String enterprise, YearMonth from, YearMonth through) throws SQLException {
    List<Declared> declared = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT d.enterprise_id, d.month, d.carrier, d.quantity, d.source"
                    + " FROM energy_declaration d JOIN enterprise e ON e.id = d.enterprise_id"
                    + " WHERE e.park_id = ? AND (?::text IS NULL OR d.enterprise_id = ?)"
                    + " AND d.month >= ? AND d.month <= ?"
                    + " ORDER BY d.enterprise_id, d.month, d.carrier")) {
      q.setString(1, park);
      q.setString(2, enterprise);
      q.setString(3, enterprise);
      q.setDate(4, Date.valueOf(from.atDay(1)));
      q.setDate(5, Date.valueOf(through.atDay(1)));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          declared.add(
              new Declared(
                  rs.getString(1),
                  YearMonth.from(rs.getObject(2, LocalDate.class)),
                  Carrier.of(rs.getString(3)).orElseThrow(),
                  rs.getDouble(4),
                  rs.getString(5)));
        }
      }
    }
    return declared;
  }

  /** The factors that may apply to {@code park}: the national and provincial ones and its own. */
  public List<Factor> factors(String park) throws SQLException {
    List<Factor> factors = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT id, kind, carrier, park_id, province, valid_from, value, unit, source"
                    + " FROM energy_factor WHERE park_id IS NULL OR park_id = ? ORDER BY id")) {
      q.setString(1, park);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          factors.add(
              new Factor(
                  rs.getLong(1),
                  Factor.Kind.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                  Carrier.of(rs.getString(3)).orElseThrow(),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getObject(6, LocalDate.class),
                  rs.getDouble(7),
                  rs.getString(8),
                  rs.getString(9)));
        }
      }
    }
    return factors;
  }

  /** A park's enterprises, id to name, by name. */
  public Map<String, String> enterprises(String park) throws SQLException {
    Map<String, String> names = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT id, name FROM enterprise WHERE park_id = ? ORDER BY name, id")) {
      q.setString(1, park);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          names.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return names;
  }

  /** A park and its time zone, for the energy job. */
  public record ParkZone(String id, ZoneId zone) {}

  /** Every park, with its time zone (Asia/Shanghai where its own is not valid). */
  public List<ParkZone> parks() throws SQLException {
    List<ParkZone> parks = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT id, timezone FROM park ORDER BY id");
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        parks.add(new ParkZone(rs.getString(1), Park.zone(rs.getString(2))));
      }
    }
    return parks;
  }

  /**
   * A park's consumption over the 12 months up to {@code through}, from the monthly records the
   * energy job published: it decides which 零碳园区 threshold applies. 0 before any record.
   */
  public double parkYearTce(String park, YearMonth through) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT coalesce(sum((record->>'totalTce')::float8), 0) FROM energy_month_record"
                    + " WHERE park = ? AND month > ? AND month <= ?")) {
      q.setString(1, park);
      q.setDate(2, Date.valueOf(through.minusMonths(12).atDay(1)));
      q.setDate(3, Date.valueOf(through.atDay(1)));
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getDouble(1);
      }
    }
  }

  /**
   * What a park sets for its figures (its row of {@code park_energy_settings}, or the defaults),
   * with the threshold that applies to its last 12 months up to {@code month}.
   */
  public ParkSettings settings(String park, YearMonth month) throws SQLException {
    ParkSettings settings = new ParkSettings(park, null, CoreThreshold.ZERO_CARBON_PARK, 0, 0);
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT province, core_threshold, large_threshold, large_park_tce"
                    + " FROM park_energy_settings WHERE park_id = ?")) {
      q.setString(1, park);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          settings =
              new ParkSettings(
                  park,
                  rs.getString(1),
                  new CoreThreshold(
                      rs.getDouble(2),
                      rs.getDouble(3),
                      rs.getDouble(4),
                      "set by the park's operator; the defaults: "
                          + CoreThreshold.ZERO_CARBON_PARK.source()),
                  0,
                  0);
        }
      }
    }
    return settings.withThreshold(parkYearTce(park, month));
  }

  /** An enterprise's month as its published record gives it. */
  public record RecordedMonth(
      String enterprise, YearMonth month, double tce, double completeness) {}

  /**
   * The published monthly records of a park's enterprises, from {@code from} to {@code through}.
   */
  public List<RecordedMonth> recordedMonths(String park, YearMonth from, YearMonth through)
      throws SQLException {
    List<RecordedMonth> months = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT enterprise, month, (record->>'totalTce')::float8,"
                    + " coalesce((record->'quality'->>'completeness')::float8, 0)"
                    + " FROM energy_month_record WHERE park = ? AND month >= ? AND month <= ?"
                    + " ORDER BY enterprise, month")) {
      q.setString(1, park);
      q.setDate(2, Date.valueOf(from.atDay(1)));
      q.setDate(3, Date.valueOf(through.atDay(1)));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          months.add(
              new RecordedMonth(
                  rs.getString(1),
                  YearMonth.from(rs.getObject(2, LocalDate.class)),
                  rs.getDouble(3),
                  rs.getDouble(4)));
        }
      }
    }
    return months;
  }

  /** The months of a park marked for publishing again, oldest first, at most {@code limit}. */
  public List<YearMonth> staleMonths(String park, int limit) throws SQLException {
    List<YearMonth> months = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT month FROM energy_month_stale WHERE park = ? ORDER BY month LIMIT ?")) {
      q.setString(1, park);
      q.setInt(2, limit);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          months.add(YearMonth.from(rs.getDate(1).toLocalDate()));
        }
      }
    }
    return months;
  }

  /**
   * Takes a month off the marks once it was published again, unless it was marked again since
   * {@code before} (a change while it was computed).
   */
  public void clearStale(String park, YearMonth month, java.time.Instant before)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "DELETE FROM energy_month_stale WHERE park = ? AND month = ? AND marked_at <= ?")) {
      q.setString(1, park);
      q.setDate(2, Date.valueOf(month.atDay(1)));
      q.setTimestamp(3, java.sql.Timestamp.from(before));
      q.executeUpdate();
    }
  }

  /** One copy of each id string, for the hundreds of thousands of meter days of a park. */
  private static String shared(Map<String, String> names, String s) {
    return names.computeIfAbsent(s, k -> k);
  }

  private static Double nullable(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
