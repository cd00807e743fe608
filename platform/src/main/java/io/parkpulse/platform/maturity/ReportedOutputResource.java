package io.parkpulse.platform.maturity;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.access.EnterpriseScope;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.audit.Audit;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * An enterprise's production output as it reports it, good units per day in its park's time zone:
 * what O11 compares with what its machines counted. Set by the enterprise's admin or the park's
 * operator, seen by whoever sees the enterprise.
 */
@Path("/api/v1/enterprises/{enterprise}/reported-output")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReportedOutputResource {

  /** Longest period one listing covers. */
  static final int MAX_DAYS = 366;

  static final int MAX_UNIT_LENGTH = 32;

  private final DataSource dataSource;
  private final EnterpriseScope scope;
  private final SecurityIdentity identity;

  ReportedOutputResource(DataSource dataSource, EnterpriseScope scope, SecurityIdentity identity) {
    this.dataSource = dataSource;
    this.scope = scope;
    this.identity = identity;
  }

  /** One day's reported output. */
  public record ReportedOutput(
      String enterprise,
      LocalDate day,
      double quantity,
      String unit,
      String reportedBy,
      Instant reportedAt) {}

  /** A day's output: good units, and optionally their unit (e.g. {@code pcs}). */
  public record ReportRequest(Double quantity, String unit) {}

  /** Reports (or corrects) the output of {@code day}; today or before, in the park's zone. */
  @PUT
  @Path("/{day}")
  public ReportedOutput report(
      @PathParam("enterprise") String enterprise,
      @PathParam("day") String day,
      ReportRequest request)
      throws SQLException {
    Caller caller = caller();
    String park = scope.visiblePark(caller, enterprise);
    if (!caller.managesEnterprise(park, enterprise)) {
      throw ApiErrors.forbidden("viewers cannot report output");
    }
    LocalDate date = date("day", day);
    LocalDate today = today(park);
    require(
        !date.isAfter(today),
        "day",
        "is in the future (today is " + today + " in the park's time zone)");
    require(request != null && request.quantity() != null, "quantity", "is required");
    double quantity = request.quantity();
    require(Double.isFinite(quantity) && quantity >= 0, "quantity", "must be a number ≥ 0");
    String unit = request.unit() == null || request.unit().isBlank() ? null : request.unit().trim();
    require(
        unit == null || unit.length() <= MAX_UNIT_LENGTH,
        "unit",
        "is longer than " + MAX_UNIT_LENGTH + " characters");
    Instant now = Instant.now();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Double previous = null;
        try (PreparedStatement q =
            c.prepareStatement(
                "SELECT quantity FROM reported_output WHERE enterprise_id = ? AND day = ?"
                    + " FOR UPDATE")) {
          q.setString(1, enterprise);
          q.setDate(2, Date.valueOf(date));
          try (ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
              previous = rs.getDouble(1);
            }
          }
        }
        try (PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO reported_output (enterprise_id, day, quantity, unit, reported_by,"
                    + " reported_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (enterprise_id, day)"
                    + " DO UPDATE SET quantity = EXCLUDED.quantity, unit = EXCLUDED.unit,"
                    + " reported_by = EXCLUDED.reported_by, reported_at = EXCLUDED.reported_at")) {
          upsert.setString(1, enterprise);
          upsert.setDate(2, Date.valueOf(date));
          upsert.setDouble(3, quantity);
          upsert.setString(4, unit);
          upsert.setString(5, caller.subject());
          upsert.setTimestamp(6, Timestamp.from(now));
          upsert.executeUpdate();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("day", date.toString());
        details.put("quantity", quantity);
        details.put("unit", unit);
        details.put("previousQuantity", previous);
        Audit.record(
            c,
            caller,
            "enterprise.reported-output",
            "enterprise",
            enterprise,
            park,
            enterprise,
            details);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return new ReportedOutput(enterprise, date, quantity, unit, caller.subject(), now);
  }

  /**
   * The days reported from {@code from} to {@code to} (ISO dates, both included; by default the 30
   * days to today in the park's time zone), oldest first.
   */
  @GET
  public List<ReportedOutput> list(
      @PathParam("enterprise") String enterprise,
      @QueryParam("from") String from,
      @QueryParam("to") String to)
      throws SQLException {
    String park = scope.visiblePark(caller(), enterprise);
    LocalDate last = to == null ? today(park) : date("to", to);
    LocalDate first = from == null ? last.minusDays(29) : date("from", from);
    require(!first.isAfter(last), "from", "is after to");
    require(
        ChronoUnit.DAYS.between(first, last) < MAX_DAYS,
        "from",
        "is more than " + MAX_DAYS + " days before to");
    List<ReportedOutput> days = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT day, quantity, unit, reported_by, reported_at FROM reported_output"
                    + " WHERE enterprise_id = ? AND day BETWEEN ? AND ? ORDER BY day")) {
      q.setString(1, enterprise);
      q.setDate(2, Date.valueOf(first));
      q.setDate(3, Date.valueOf(last));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          days.add(
              new ReportedOutput(
                  enterprise,
                  rs.getDate(1).toLocalDate(),
                  rs.getDouble(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getTimestamp(5).toInstant()));
        }
      }
    }
    return days;
  }

  private static LocalDate date(String field, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiErrors.badRequest(field, "must be an ISO date (yyyy-MM-dd)");
    }
  }

  /** Today in the park's time zone. */
  private LocalDate today(String park) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT timezone FROM park WHERE id = ?")) {
      q.setString(1, park);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return LocalDate.now(ZoneId.of(rs.getString(1)));
      }
    }
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
