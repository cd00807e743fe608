package io.parkpulse.platform.access;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.tenancy.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** For the JDBC resources: an enterprise's park, if the caller may see the enterprise. */
@ApplicationScoped
public class EnterpriseScope {

  private final DataSource dataSource;

  EnterpriseScope(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The park of {@code enterprise}, or a 404 if it does not exist or is out of scope. */
  public String visiblePark(Caller caller, String enterprise) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT park_id FROM enterprise WHERE id = ?")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next() || !caller.sees(rs.getString(1), enterprise)) {
          throw ApiErrors.notFound("enterprise", enterprise);
        }
        return rs.getString(1);
      }
    }
  }
}
