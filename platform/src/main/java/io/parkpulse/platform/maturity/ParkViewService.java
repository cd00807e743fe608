package io.parkpulse.platform.maturity;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.maturity.readmodel.ParkAssessments;
import io.parkpulse.platform.maturity.reports.ParkReport;
import io.parkpulse.platform.maturity.reports.ParkReport.Language;
import io.parkpulse.platform.maturity.reports.ParkReportCsv;
import io.parkpulse.platform.maturity.reports.ParkReportPdf;
import io.parkpulse.platform.maturity.reports.ParkView;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Park;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A park's maturity as a whole, for the park's operator and platform admins: the report, and its
 * CSV and PDF files. Everyone else gets 404, as for anything outside their scope, before any 400.
 */
@ApplicationScoped
public class ParkViewService {

  private final TenancyGate gate;
  private final ParkAssessments assessments;
  private final Catalog catalog;
  private final ParkReportPdf pdf;
  private final Workers workers;
  private final Clock clock = Clock.systemUTC();

  ParkViewService(
      TenancyGate gate,
      ParkAssessments assessments,
      Catalog catalog,
      ParkReportPdf pdf,
      Workers workers) {
    this.gate = gate;
    this.assessments = assessments;
    this.catalog = catalog;
    this.pdf = pdf;
    this.workers = workers;
  }

  /** A report as a file to hand over. */
  public record ReportFile(String name, byte[] content) {}

  /**
   * The park as its assessments made at or before {@code asOf} (ISO-8601 instant, default now) show
   * it, each enterprise's trend against its assessment {@code trendDays} earlier (or its first).
   */
  public Uni<ParkReport> report(Caller caller, String park, String asOf, int trendDays) {
    return built(caller, park, asOf, trendDays, report -> report);
  }

  /** The report as CSV, with level names and recommendations in {@code lang} (zh or en). */
  public Uni<ReportFile> csv(Caller caller, String park, String asOf, int trendDays, String lang) {
    return file(
        caller,
        park,
        asOf,
        trendDays,
        lang,
        (report, language) ->
            new ReportFile(ParkReportCsv.fileName(report), ParkReportCsv.write(report, language)));
  }

  /** The report as a PDF in {@code lang} (zh or en). */
  public Uni<ReportFile> pdf(Caller caller, String park, String asOf, int trendDays, String lang) {
    return file(
        caller,
        park,
        asOf,
        trendDays,
        lang,
        (report, language) ->
            new ReportFile(ParkReportPdf.fileName(report, language), pdf.render(report, language)));
  }

  /** What a report file is written with, on a worker thread. */
  private interface Writer {
    ReportFile write(ParkReport report, Language language) throws Exception;
  }

  /** What is made of the report, on a worker thread. */
  private interface Use<T> {
    T apply(ParkReport report) throws Exception;
  }

  private Uni<ReportFile> file(
      Caller caller, String park, String asOf, int trendDays, String lang, Writer writer) {
    return built(caller, park, asOf, trendDays, report -> writer.write(report, language(lang)));
  }

  /** The report of a park the caller runs, built and used off the event loop. */
  private <T> Uni<T> built(Caller caller, String park, String asOf, int trendDays, Use<T> use) {
    return operated(caller, park)
        .flatMap(
            p -> {
              Instant at = asOf(asOf);
              return workers.run(() -> use.apply(build(p, at, trendDays)));
            });
  }

  /**
   * The park if the caller runs it, a 404 otherwise, as if it did not exist; in a session of its
   * own, which the report's reading and rendering on a worker thread do not hold.
   */
  private Uni<Park> operated(Caller caller, String park) {
    return Panache.withSession(() -> gate.managedPark(caller, park, "not the caller's park"))
        .onFailure(ForbiddenException.class)
        .transform(e -> ApiErrors.notFound("park", park));
  }

  private ParkReport build(Park park, Instant asOf, int trendDays) throws Exception {
    ApiErrors.require(trendDays >= 0 && trendDays <= 3650, "trendDays", "must be 0 to 3650");
    Instant trendFrom = asOf.minus(Duration.ofDays(trendDays));
    return ParkView.aggregate(
        catalog,
        new ParkView.ParkInfo(park.id, park.name, park.timezone),
        asOf,
        trendFrom,
        clock.instant(),
        assessments.read(park.id, asOf, trendFrom));
  }

  private Instant asOf(String asOf) {
    if (asOf == null || asOf.isBlank()) {
      return clock.instant();
    }
    try {
      return Instant.parse(asOf);
    } catch (DateTimeParseException e) {
      throw ApiErrors.badRequest(
          "asOf", "'" + asOf + "' is not an ISO-8601 instant such as 2026-11-29T00:00:00Z");
    }
  }

  private static Language language(String lang) {
    return Language.of(lang).orElseThrow(() -> ApiErrors.badRequest("lang", "must be zh or en"));
  }
}
