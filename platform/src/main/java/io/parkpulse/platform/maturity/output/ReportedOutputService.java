package io.parkpulse.platform.maturity.output;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Park;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An enterprise's production output as it reports it, good units per day in its park's time zone:
 * what O11 compares with what its machines counted. Set by the enterprise's admin or the park's
 * operator, seen by whoever sees the enterprise.
 */
@ApplicationScoped
public class ReportedOutputService {

  /** Longest period one listing covers. */
  static final int MAX_DAYS = 366;

  static final int MAX_UNIT_LENGTH = 32;

  private final TenancyGate gate;
  private final AuditLog audit;
  private final ReportedDayRepository days;

  ReportedOutputService(TenancyGate gate, AuditLog audit, ReportedDayRepository days) {
    this.gate = gate;
    this.audit = audit;
    this.days = days;
  }

  /** One day's reported output. */
  public record ReportedOutput(
      String enterprise,
      LocalDate day,
      double quantity,
      String unit,
      String reportedBy,
      Instant reportedAt) {
    static ReportedOutput of(ReportedDay d) {
      return new ReportedOutput(
          d.enterpriseId, d.date, d.quantity, d.unit, d.reportedBy, d.reportedAt);
    }
  }

  /** A day's output: good units, and optionally their unit (e.g. {@code pcs}). */
  public record ReportRequest(Double quantity, String unit) {}

  /** Reports (or corrects) the output of {@code day}; today or before, in the park's zone. */
  @WithTransaction
  public Uni<ReportedOutput> report(
      Caller caller, String enterprise, String day, ReportRequest request) {
    return gate.tenant(caller, enterprise)
        .invoke(
            t ->
                gate.requireManagesEnterprise(
                    caller, t.enterprise(), "viewers cannot report output"))
        .flatMap(
            t -> {
              LocalDate date = date("day", day);
              LocalDate today = today(t.park());
              require(
                  !date.isAfter(today),
                  "day",
                  "is in the future (today is " + today + " in the park's time zone)");
              require(request != null && request.quantity() != null, "quantity", "is required");
              double quantity = request.quantity();
              require(
                  Double.isFinite(quantity) && quantity >= 0, "quantity", "must be a number ≥ 0");
              String unit =
                  request.unit() == null || request.unit().isBlank() ? null : request.unit().trim();
              require(
                  unit == null || unit.length() <= MAX_UNIT_LENGTH,
                  "unit",
                  "is longer than " + MAX_UNIT_LENGTH + " characters");
              String id = t.enterprise().id;
              return days.forUpdate(id, date)
                  .flatMap(
                      found -> {
                        Double previous = found == null ? null : found.quantity;
                        ReportedDay d = found != null ? found : new ReportedDay(id, date);
                        d.report(quantity, unit, caller.subject(), Instant.now());
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("day", date.toString());
                        details.put("quantity", quantity);
                        details.put("unit", unit);
                        details.put("previousQuantity", previous);
                        return days.persist(d)
                            .call(
                                () ->
                                    audit.record(
                                        caller,
                                        "enterprise.reported-output",
                                        "enterprise",
                                        id,
                                        t.park().id,
                                        id,
                                        details))
                            .map(ReportedOutput::of);
                      });
            });
  }

  /**
   * The days reported from {@code from} to {@code to} (ISO dates, both included; by default the 30
   * days to today in the park's time zone), oldest first.
   */
  @WithSession
  public Uni<List<ReportedOutput>> list(Caller caller, String enterprise, String from, String to) {
    return gate.tenant(caller, enterprise)
        .flatMap(
            t -> {
              LocalDate last = to == null ? today(t.park()) : date("to", to);
              LocalDate first = from == null ? last.minusDays(29) : date("from", from);
              require(!first.isAfter(last), "from", "is after to");
              require(
                  ChronoUnit.DAYS.between(first, last) < MAX_DAYS,
                  "from",
                  "is more than " + MAX_DAYS + " days before to");
              return days.between(t.enterprise().id, first, last)
                  .map(list -> list.stream().map(ReportedOutput::of).toList());
            });
  }

  private static LocalDate date(String field, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException | NullPointerException e) {
      throw ApiErrors.badRequest(field, "must be an ISO date (yyyy-MM-dd)");
    }
  }

  /** Today in the park's time zone. */
  private static LocalDate today(Park park) {
    return LocalDate.now(ZoneId.of(park.timezone));
  }
}
