package io.parkpulse.platform.policy.readmodel;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the park's policy sheet computes from data, per enterprise, in one query bounded by the park
 * the tenancy gate resolved.
 */
@ApplicationScoped
public class PolicyReadModel {

  /** How recently a device must have reported for its enterprise to count as networked. */
  static final Duration NETWORKED_WITHIN = Duration.ofDays(30);

  private static final String ENTERPRISES =
      "WITH latest AS ("
          + " SELECT DISTINCT ON (enterprise_id) enterprise_id, level,"
          + "  (result->'miit'->>'level')::int AS miit_level"
          + " FROM maturity_assessment WHERE park_id = ?"
          + " ORDER BY enterprise_id, assessed_at DESC),"
          + " net AS ("
          + " SELECT d.enterprise_id, count(*) AS devices FROM device d JOIN device_status s"
          + "  ON s.enterprise = d.enterprise_id AND s.device = d.id"
          + " WHERE d.park_id = ? AND s.last_seen >= ? GROUP BY d.enterprise_id),"
          + " energy AS ("
          + " SELECT enterprise, count(*) AS meters, min(completeness) AS completeness,"
          + "  sum(without_data) AS without_data FROM ("
          + "  SELECT enterprise, device, point,"
          + "   sum(slots)::float8 / nullif(sum(expected_slots), 0) AS completeness,"
          + "   count(*) FILTER (WHERE counter_kwh IS NULL) AS without_data"
          + "  FROM energy_meter_day WHERE park = ? AND carrier = 'electricity'"
          + "   AND day >= ? AND day < ? GROUP BY enterprise, device, point) m"
          + " GROUP BY enterprise),"
          + " plan AS ("
          + " SELECT enterprise_id FROM questionnaire_answer WHERE question = 'digital-plan'"
          + "  AND answer IN ('FULLY', 'MOSTLY', 'PARTLY') AND verification = 'VERIFIED')"
          + " SELECT e.id, e.name, coalesce(net.devices, 0), l.level, l.miit_level,"
          + "  en.meters, en.completeness, en.without_data, plan.enterprise_id IS NOT NULL"
          + " FROM enterprise e LEFT JOIN latest l ON l.enterprise_id = e.id"
          + " LEFT JOIN net ON net.enterprise_id = e.id"
          + " LEFT JOIN energy en ON en.enterprise = e.id"
          + " LEFT JOIN plan ON plan.enterprise_id = e.id"
          + " WHERE e.park_id = ? ORDER BY e.name, e.id";

  private final DataSource dataSource;

  PolicyReadModel(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * An enterprise as the sheet counts it.
   *
   * @param networkedDevices its devices that reported in the last 30 days
   * @param level its latest GB/T 39116 level, null if never assessed
   * @param miitLevel its latest MIIT estimate level, null if never assessed
   * @param meters its electricity meters measured last month; 0 if none
   * @param energyCompleteness the least complete meter's 15-minute values received ÷ expected last
   *     month; null if none
   * @param meterDaysWithoutData their days without any reading
   * @param retrofit whether it has a verified digital-plan answer
   */
  public record EnterpriseFacts(
      String enterprise,
      String name,
      int networkedDevices,
      Integer level,
      Integer miitLevel,
      int meters,
      Double energyCompleteness,
      int meterDaysWithoutData,
      boolean retrofit) {

    public boolean networked() {
      return networkedDevices > 0;
    }

    /**
     * Every meter at 90% of its 15-minute values or more over the month (the least complete one
     * decides), none with a day without data.
     */
    public boolean energyMonitored() {
      return meters > 0
          && energyCompleteness != null
          && energyCompleteness >= 0.9
          && meterDaysWithoutData == 0;
    }
  }

  /** The park's enterprises, with {@code month} the month their energy monitoring is judged on. */
  public List<EnterpriseFacts> enterprises(String park, YearMonth month, Instant now)
      throws SQLException {
    List<EnterpriseFacts> facts = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement(ENTERPRISES)) {
      q.setString(1, park);
      q.setString(2, park);
      q.setTimestamp(3, Timestamp.from(now.minus(NETWORKED_WITHIN)));
      q.setString(4, park);
      q.setDate(5, Date.valueOf(month.atDay(1)));
      q.setDate(6, Date.valueOf(month.plusMonths(1).atDay(1)));
      q.setString(7, park);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          facts.add(
              new EnterpriseFacts(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getInt(3),
                  (Integer) rs.getObject(4),
                  (Integer) rs.getObject(5),
                  rs.getInt(6),
                  (Double) rs.getObject(7),
                  rs.getInt(8),
                  rs.getBoolean(9)));
        }
      }
    }
    return facts;
  }
}
