package io.parkpulse.platform.energy.jobs;

import io.parkpulse.platform.energy.accounting.DefaultFactors;
import io.parkpulse.platform.energy.accounting.Factor;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Writes the shipped national factors ({@link DefaultFactors}) into {@code energy_factor} at start
 * where they are missing, so that their values and sources live in one place. A row once written is
 * never changed: a corrected default would be a new row with a later {@code valid_from}.
 */
public final class DefaultFactorRows {

  private static final String INSERT =
      "INSERT INTO energy_factor (kind, carrier, park_id, province, valid_from, value, unit,"
          + " source, created_by)"
          + " VALUES (?, ?, NULL, NULL, ?, ?, ?, ?, 'parkpulse')"
          + " ON CONFLICT (kind, carrier, valid_from) WHERE created_by = 'parkpulse'"
          + "  AND park_id IS NULL AND province IS NULL DO NOTHING";

  private DefaultFactorRows() {}

  /** Inserts the missing defaults; returns how many. */
  public static int ensure(DataSource dataSource) throws SQLException {
    int inserted = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement(INSERT)) {
      for (Factor f : DefaultFactors.national()) {
        q.setString(1, f.kind().id());
        q.setString(2, f.carrier().id());
        q.setDate(3, Date.valueOf(f.validFrom()));
        q.setDouble(4, f.value());
        q.setString(5, f.unit());
        q.setString(6, f.source());
        inserted += q.executeUpdate();
      }
    }
    return inserted;
  }
}
