package io.parkpulse.platform.maturity.readmodel;

import io.parkpulse.platform.maturity.scoring.Evidence.EnergyYear;
import io.parkpulse.platform.maturity.scoring.Evidence.Outcomes;
import io.parkpulse.platform.maturity.scoring.Evidence.QualityMonth;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the MIIT estimate's 成效 items read from data: each enterprise's energy of its complete years
 * (the twelve monthly records the energy job published, with its 亩均 sales as the year's revenue)
 * and its monthly good and total units, over the last {@code YEARS} years.
 */
final class OutcomeQueries {

  /** Years looked back: the two compared, and the one before in case the last is incomplete. */
  static final int YEARS = 3;

  private static final String ENERGY =
      "SELECT r.enterprise, extract(year FROM r.month)::int AS year,"
          + " sum((r.record->>'totalTce')::float8) AS tce,"
          + " avg(coalesce((r.record->'quality'->>'completeness')::float8, 0)) AS monitored,"
          + " count(*) AS months, min(m.sales_10k_yuan) AS revenue"
          + " FROM energy_month_record r LEFT JOIN mu_input m ON m.enterprise_id = r.enterprise"
          + "  AND m.year = extract(year FROM r.month)::int"
          + " WHERE r.enterprise = ANY (?) AND r.month >= ? AND r.month < ?"
          + " GROUP BY r.enterprise, extract(year FROM r.month) HAVING count(*) = 12"
          + " ORDER BY 1, 2";

  private static final String QUALITY =
      "SELECT enterprise, date_trunc('month', day)::date, sum(good), sum(total)"
          + " FROM energy_output_day WHERE enterprise = ANY (?) AND day >= ? AND day < ?"
          + " AND good IS NOT NULL AND total IS NOT NULL"
          + " GROUP BY enterprise, date_trunc('month', day) ORDER BY 1, 2";

  private OutcomeQueries() {}

  /** The outcomes of {@code enterprises}, with {@code today} the day of the assessment. */
  static Map<String, Outcomes> of(
      DataSource dataSource, Collection<String> enterprises, LocalDate today) throws SQLException {
    Map<String, List<EnergyYear>> energy = new HashMap<>();
    Map<String, List<QualityMonth>> quality = new HashMap<>();
    LocalDate from = LocalDate.of(today.getYear() - YEARS, 1, 1);
    LocalDate to = today.withDayOfMonth(1);
    try (Connection c = dataSource.getConnection()) {
      Array ids = c.createArrayOf("text", enterprises.toArray());
      try (PreparedStatement q = c.prepareStatement(ENERGY)) {
        q.setArray(1, ids);
        q.setDate(2, Date.valueOf(from));
        q.setDate(3, Date.valueOf(to));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            double revenue = rs.getDouble(6);
            boolean noRevenue = rs.wasNull();
            energy
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(
                    new EnergyYear(
                        rs.getInt(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        noRevenue ? null : revenue));
          }
        }
      }
      try (PreparedStatement q = c.prepareStatement(QUALITY)) {
        q.setArray(1, ids);
        q.setDate(2, Date.valueOf(from));
        q.setDate(3, Date.valueOf(to));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            quality
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(
                    new QualityMonth(
                        YearMonth.from(rs.getObject(2, LocalDate.class)),
                        rs.getDouble(3),
                        rs.getDouble(4)));
          }
        }
      }
    }
    Map<String, Outcomes> outcomes = new HashMap<>();
    for (String e : enterprises) {
      outcomes.put(
          e, new Outcomes(energy.getOrDefault(e, List.of()), quality.getOrDefault(e, List.of())));
    }
    return outcomes;
  }
}
