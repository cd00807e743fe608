package io.parkpulse.platform.energy;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.energy.accounting.Carrier;
import io.parkpulse.platform.energy.accounting.CoreThreshold;
import io.parkpulse.platform.energy.accounting.Factor;
import io.parkpulse.platform.energy.accounting.FactorTable;
import io.parkpulse.platform.energy.readmodel.EnergyFigures;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.EnterpriseMonth;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.ParkMonth;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.ParkSettings;
import io.parkpulse.platform.energy.readmodel.EnergyReadModel;
import io.parkpulse.platform.energy.reports.EnergyCsv;
import io.parkpulse.platform.energy.reports.EnergyPdf;
import io.parkpulse.platform.reports.PdfReportWriter;
import io.parkpulse.platform.reports.ReportLanguage;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.Park;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Energy and carbon: an enterprise's and a park's figures, the monthly declarations, the factors
 * and the park's settings. Whoever sees an enterprise reads its figures; its admin and its park's
 * operator declare; only the park's operator reads the park's figures (they compare its
 * enterprises) and sets its factors and settings; national and provincial factors are a platform
 * admin's.
 */
@ApplicationScoped
public class EnergyService {

  private static final Pattern PROVINCE = Pattern.compile("[\\p{L}\\p{N} ._-]{1,40}");

  /** Flags of each figure a park's month shows; the enterprises' counts give the rest. */
  static final int SHOWN_FLAGS = 20;

  private static final String PARK_FIGURES = "the park's energy figures are for its operator";

  private final TenancyGate gate;
  private final EnergyFactorRepository factors;
  private final EnergyDeclarationRepository declarations;
  private final ParkEnergySettingsRepository settings;
  private final EnergyMonthStaleRepository stale;
  private final EnergyReadModel model;
  private final EnergyFigures figures;
  private final Workers workers;
  private final AuditLog audit;
  private final PdfReportWriter pdf;

  EnergyService(
      TenancyGate gate,
      EnergyFactorRepository factors,
      EnergyDeclarationRepository declarations,
      ParkEnergySettingsRepository settings,
      EnergyMonthStaleRepository stale,
      EnergyReadModel model,
      EnergyFigures figures,
      Workers workers,
      AuditLog audit,
      PdfReportWriter pdf) {
    this.gate = gate;
    this.factors = factors;
    this.declarations = declarations;
    this.settings = settings;
    this.stale = stale;
    this.model = model;
    this.figures = figures;
    this.workers = workers;
    this.audit = audit;
    this.pdf = pdf;
  }

  /**
   * A park's energy settings.
   *
   * @param province which provincial factors apply; null for the national ones
   * @param coreThreshold the 零碳园区 core threshold, tCO2/tce
   * @param largeThreshold the threshold of parks consuming at least {@code largeParkTce} a year
   * @param thresholdSource where the thresholds come from
   * @param yearTce the park's consumption over its last 12 published months
   * @param threshold the threshold that applies to it now
   */
  public record SettingsView(
      String park,
      String province,
      double coreThreshold,
      double largeThreshold,
      double largeParkTce,
      String thresholdSource,
      double yearTce,
      double threshold) {}

  /** New settings; an absent threshold keeps the default. */
  public record SettingsRequest(
      String province, Double coreThreshold, Double largeThreshold, Double largeParkTce) {}

  /**
   * A factor.
   *
   * @param applies whether it is the one that applies to the park today for its kind and carrier
   */
  public record FactorView(
      long id,
      String kind,
      String carrier,
      String park,
      String province,
      LocalDate validFrom,
      double value,
      String unit,
      String source,
      String createdBy,
      Instant createdAt,
      boolean applies) {}

  /**
   * A new factor: {@code kind} {@code tce} (kgce per unit of the carrier) or {@code co2} (kgCO2 per
   * unit). For a park, it applies to that park only; a platform admin adds national ones (no
   * province) and provincial ones.
   */
  public record FactorRequest(
      String kind,
      String carrier,
      String province,
      LocalDate validFrom,
      Double value,
      String source) {}

  /** A declared quantity. */
  public record DeclarationView(
      String enterprise,
      String month,
      String carrier,
      double quantity,
      String unit,
      String source,
      String declaredBy,
      Instant declaredAt) {}

  /**
   * A month's declarations: the quantity of each declared carrier ({@code green-power} kWh, {@code
   * natural-gas} m3, {@code steam} t, {@code coal} t). A carrier absent, or given the quantity it
   * has, keeps what was declared with its source; 0 declares none.
   *
   * @param source where the quantities come from (invoices, certificate numbers)
   */
  public record DeclarationRequest(Map<String, Double> quantities, String source) {}

  /** An enterprise's figures for a month (this month if null). */
  @WithSession
  public Uni<EnterpriseMonth> enterpriseMonth(Caller caller, String enterprise, String month) {
    return gate.tenant(caller, enterprise)
        .flatMap(
            t ->
                workers.run(
                    () -> {
                      YearMonth m = month(t.park(), month);
                      return figures.enterpriseMonth(
                          model.settings(t.park().id, m),
                          t.enterprise().id,
                          t.enterprise().name,
                          m);
                    }));
  }

  /** A park's figures and its enterprises' for a month (this month if null). */
  @WithSession
  public Uni<ParkMonth> parkMonth(Caller caller, String park, String month) {
    return gate.managedPark(caller, park, PARK_FIGURES)
        .flatMap(
            p ->
                workers.run(
                    () -> {
                      YearMonth m = month(p, month);
                      return figures.parkMonth(model.settings(p.id, m), m).shown(SHOWN_FLAGS);
                    }));
  }

  /**
   * A park's month with what its page and its report show around the figures.
   *
   * @param timezone the park's time zone, in which its days are counted
   * @param province which provincial factors apply, or null for the national ones
   * @param thresholdSource where the core threshold comes from
   * @param yearTce the park's consumption over its last 12 published months, which picks the
   *     threshold
   */
  public record ParkEnergy(
      String park,
      String name,
      String timezone,
      String province,
      String thresholdSource,
      double yearTce,
      ParkMonth month) {}

  /**
   * An enterprise's month with what its page shows around the figures.
   *
   * @param declarations the month's declarations
   */
  public record EnterpriseEnergy(
      String enterprise,
      String name,
      String park,
      String timezone,
      String thresholdSource,
      EnterpriseMonth month,
      List<DeclarationView> declarations) {}

  /** A file to download. */
  public record EnergyFile(String name, String type, byte[] content) {}

  /** The media type of the CSV files. */
  public static final String CSV = "text/csv; charset=utf-8";

  /** The media type of the PDF reports. */
  public static final String PDF = "application/pdf";

  /** A park's month for its operator, with its settings (this month if null). */
  @WithSession
  public Uni<ParkEnergy> parkEnergy(Caller caller, String park, String month) {
    return gate.managedPark(caller, park, PARK_FIGURES)
        .flatMap(p -> workers.run(() -> parkEnergy(p, month)));
  }

  /** An enterprise's month for whoever sees it, with its declarations (this month if null). */
  @WithSession
  public Uni<EnterpriseEnergy> enterpriseEnergy(Caller caller, String enterprise, String month) {
    return gate.tenant(caller, enterprise)
        .flatMap(
            t -> {
              YearMonth m = month(t.park(), month);
              return declarations
                  .of(t.enterprise().id, m.atDay(1), m.plusMonths(1).atDay(1))
                  .map(rows -> rows.stream().map(EnergyService::view).toList())
                  .flatMap(
                      declared ->
                          workers.run(
                              () -> {
                                ParkSettings s = model.settings(t.park().id, m);
                                return new EnterpriseEnergy(
                                    t.enterprise().id,
                                    t.enterprise().name,
                                    t.park().id,
                                    t.park().zone().getId(),
                                    s.rule().source(),
                                    figures.enterpriseMonth(
                                        s, t.enterprise().id, t.enterprise().name, m),
                                    declared);
                              }));
            });
  }

  /**
   * A park's month as CSV: one row per enterprise, most energy first, the park's total, then the
   * factors used with their sources.
   */
  @WithSession
  public Uni<EnergyFile> parkCsv(Caller caller, String park, String month) {
    return parkEnergy(caller, park, month)
        .map(
            e ->
                new EnergyFile(
                    EnergyCsv.fileName(e.park(), e.month().month()),
                    CSV,
                    EnergyCsv.park(e.month())));
  }

  /** A park's month as a PDF report for the authorities, in Chinese (default) or English. */
  @WithSession
  public Uni<EnergyFile> parkPdf(Caller caller, String park, String month, String lang) {
    return gate.managedPark(caller, park, PARK_FIGURES)
        .flatMap(
            p ->
                workers.run(
                    () -> {
                      ReportLanguage language =
                          ReportLanguage.of(lang)
                              .orElseThrow(() -> ApiErrors.badRequest("lang", "must be zh or en"));
                      ParkEnergy e = parkEnergy(p, month);
                      EnergyPdf.ParkInfo info =
                          new EnergyPdf.ParkInfo(
                              e.park(),
                              e.name(),
                              p.zone(),
                              e.province(),
                              e.thresholdSource(),
                              e.yearTce());
                      byte[] content =
                          pdf.render(EnergyPdf.park(info, e.month(), language, Instant.now()));
                      return new EnergyFile(
                          EnergyPdf.fileName(e.park(), e.month().month(), language), PDF, content);
                    }));
  }

  /** An enterprise's month as CSV: its figures, its meters, its days and the factors used. */
  @WithSession
  public Uni<EnergyFile> enterpriseCsv(Caller caller, String enterprise, String month) {
    return enterpriseMonth(caller, enterprise, month)
        .map(
            m ->
                new EnergyFile(
                    EnergyCsv.fileName(m.enterprise(), m.month()), CSV, EnergyCsv.enterprise(m)));
  }

  private ParkEnergy parkEnergy(Park p, String month) throws Exception {
    YearMonth m = month(p, month);
    ParkSettings s = model.settings(p.id, m);
    return new ParkEnergy(
        p.id,
        p.name,
        p.zone().getId(),
        s.province(),
        s.rule().source(),
        s.yearTce(),
        figures.parkMonth(s, m));
  }

  /** A park's settings as they apply. */
  @WithSession
  public Uni<SettingsView> settings(Caller caller, String park) {
    // Its yearly consumption is a park-wide figure: the operator's, as the park's month is.
    return gate.managedPark(caller, park, PARK_FIGURES).flatMap(this::settingsView);
  }

  /** Sets a park's province and thresholds (its operator). */
  @WithTransaction
  public Uni<SettingsView> setSettings(Caller caller, String park, SettingsRequest request) {
    require(request != null, "body", "is required");
    String province = blankToNull(request.province());
    require(
        province == null || PROVINCE.matcher(province).matches(),
        "province",
        "must be a province's name or code, up to 40 letters or digits");
    positive(request.coreThreshold(), "coreThreshold");
    positive(request.largeThreshold(), "largeThreshold");
    positive(request.largeParkTce(), "largeParkTce");
    CoreThreshold defaults = CoreThreshold.ZERO_CARBON_PARK;
    return gate.managedPark(caller, park, "only the park's operator sets its energy settings")
        .flatMap(
            p ->
                settings
                    .findById(p.id)
                    .flatMap(
                        row -> {
                          ParkEnergySettings s = row != null ? row : newSettings(p.id);
                          s.province = province;
                          s.coreThreshold = orElse(request.coreThreshold(), defaults.normal());
                          s.largeThreshold = orElse(request.largeThreshold(), defaults.large());
                          s.largeParkTce =
                              orElse(request.largeParkTce(), defaults.largeParkTcePerYear());
                          s.updatedBy = caller.subject();
                          s.updatedAt = Instant.now();
                          return settings.persistAndFlush(s);
                        })
                    // Another province or threshold may change every month published.
                    .call(() -> stale.markPublished(p.id, LocalDate.of(2000, 1, 1), null))
                    .call(
                        () ->
                            audit.record(
                                caller,
                                "energy.settings",
                                "park",
                                p.id,
                                p.id,
                                null,
                                AuditLog.details(
                                    "province",
                                    province,
                                    "coreThreshold",
                                    request.coreThreshold(),
                                    "largeThreshold",
                                    request.largeThreshold(),
                                    "largeParkTce",
                                    request.largeParkTce())))
                    .flatMap(s -> settingsView(p)));
  }

  /** The factors that may apply to a park, with the ones that apply today marked. */
  @WithSession
  public Uni<List<FactorView>> parkFactors(Caller caller, String park) {
    return gate.park(caller, park)
        .flatMap(
            p ->
                workers
                    .run(() -> model.settings(p.id, YearMonth.now(p.zone())))
                    .flatMap(
                        s ->
                            factors
                                .list("parkId is null or parkId = ?1 order by id", p.id)
                                .map(rows -> views(rows, s, today(p)))));
  }

  /** National and provincial factors, for whoever is signed in. */
  @WithSession
  public Uni<List<FactorView>> sharedFactors() {
    return factors
        .list("parkId is null order by id")
        .map(
            rows ->
                views(
                    rows,
                    new ParkSettings(null, null, CoreThreshold.ZERO_CARBON_PARK, 0, 0),
                    LocalDate.now(ZoneId.of("Asia/Shanghai"))));
  }

  /** Adds a factor for one park (its operator). */
  @WithTransaction
  public Uni<FactorView> addParkFactor(Caller caller, String park, FactorRequest request) {
    return gate.managedPark(caller, park, "only the park's operator adds its factors")
        .flatMap(p -> add(caller, p.id, request));
  }

  /** Adds a national or provincial factor (a platform admin). */
  @WithTransaction
  public Uni<FactorView> addSharedFactor(Caller caller, FactorRequest request) {
    gate.requirePlatformAdmin(caller, "only a platform admin adds national or provincial factors");
    return add(caller, null, request);
  }

  /** An enterprise's declarations of a year. */
  @WithSession
  public Uni<List<DeclarationView>> declarations(Caller caller, String enterprise, int year) {
    require(year >= 2000 && year <= 2100, "year", "must be between 2000 and 2100");
    return gate.enterprise(caller, enterprise)
        .flatMap(e -> declarations.of(e.id, LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1)))
        .map(rows -> rows.stream().map(EnergyService::view).toList());
  }

  /** Declares a month's quantities (the enterprise's admin or its park's operator). */
  @WithTransaction
  public Uni<List<DeclarationView>> declare(
      Caller caller, String enterprise, String month, DeclarationRequest request) {
    require(request != null, "body", "is required");
    YearMonth m = parseMonth(month);
    require(
        request.quantities() != null && !request.quantities().isEmpty(),
        "quantities",
        "name at least one carrier: green-power (kWh), natural-gas (m3), steam (t), coal (t)");
    String source = blankToNull(request.source());
    require(
        source != null, "source", "is required: the invoice, meter or certificate it comes from");
    require(source.length() <= 500, "source", "is at most 500 characters");
    Map<Carrier, Double> quantities = new LinkedHashMap<>();
    request
        .quantities()
        .forEach(
            (id, q) -> {
              Carrier c =
                  Carrier.of(id)
                      .filter(Carrier::declared)
                      .orElseThrow(
                          () ->
                              ApiErrors.badRequest(
                                  "quantities." + id,
                                  "is not a declared carrier: green-power, natural-gas, steam or"
                                      + " coal"));
              require(
                  q != null && q >= 0 && Double.isFinite(q),
                  "quantities." + id,
                  "must be a number of " + c.unit() + ", 0 or more");
              quantities.put(c, q);
            });
    return gate.managedEnterprise(caller, enterprise, "viewers cannot declare energy")
        .flatMap(e -> declareAll(caller, e, m, quantities, source));
  }

  private Uni<List<DeclarationView>> declareAll(
      Caller caller, Enterprise e, YearMonth m, Map<Carrier, Double> quantities, String source) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    LocalDate first = m.atDay(1);
    for (Map.Entry<Carrier, Double> q : quantities.entrySet()) {
      chain =
          chain.flatMap(
              v ->
                  declarations
                      .find(e.id, first, q.getKey().id())
                      .flatMap(
                          row -> {
                            if (row != null && row.quantity == q.getValue()) {
                              // The same quantity again (a form sends back what it showed): it
                              // keeps the source it was declared with.
                              return Uni.createFrom().voidItem();
                            }
                            EnergyDeclaration d = row != null ? row : new EnergyDeclaration();
                            d.enterpriseId = e.id;
                            d.month = first;
                            d.carrier = q.getKey().id();
                            d.quantity = q.getValue();
                            d.source = source;
                            d.declaredBy = caller.subject();
                            d.declaredAt = Instant.now();
                            return declarations.persist(d).replaceWithVoid();
                          }));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    quantities.forEach((c, q) -> details.put(c.id(), q));
    details.put("month", m.toString());
    details.put("source", source);
    return chain
        .call(() -> declarations.flush())
        .call(() -> stale.markPublished(e.parkId, first, first))
        .call(
            () ->
                audit.record(caller, "energy.declare", "enterprise", e.id, e.parkId, e.id, details))
        .flatMap(v -> declarations.of(e.id, first, m.plusMonths(1).atDay(1)))
        .map(rows -> rows.stream().map(EnergyService::view).toList());
  }

  private Uni<FactorView> add(Caller caller, String park, FactorRequest request) {
    require(request != null, "body", "is required");
    Factor.Kind kind =
        switch (request.kind() == null ? "" : request.kind()) {
          case "tce" -> Factor.Kind.TCE;
          case "co2" -> Factor.Kind.CO2;
          default -> throw ApiErrors.badRequest("kind", "must be tce or co2");
        };
    Carrier carrier =
        Carrier.of(request.carrier())
            .orElseThrow(
                () ->
                    ApiErrors.badRequest(
                        "carrier",
                        "must be electricity, pv, green-power, natural-gas, steam or coal"));
    require(request.validFrom() != null, "validFrom", "is required (the first day it applies)");
    require(
        request.value() != null && request.value() >= 0 && Double.isFinite(request.value()),
        "value",
        "must be a number, 0 or more");
    String source = blankToNull(request.source());
    require(source != null, "source", "is required: the publication the value comes from");
    require(source.length() <= 500, "source", "is at most 500 characters");
    String province = blankToNull(request.province());
    require(
        province == null || PROVINCE.matcher(province).matches(),
        "province",
        "must be a province's name or code, up to 40 letters or digits");
    EnergyFactor f = new EnergyFactor();
    f.kind = kind.name().toLowerCase(Locale.ROOT);
    f.carrier = carrier.id();
    f.parkId = park;
    f.province = park == null ? province : null;
    f.validFrom = request.validFrom();
    f.value = request.value();
    f.unit = (kind == Factor.Kind.TCE ? "kgce/" : "kgCO2/") + carrier.unit();
    f.source = source;
    f.createdBy = caller.subject();
    f.createdAt = Instant.now();
    return factors
        .persistAndFlush(f)
        .call(() -> stale.markPublished(park, f.validFrom.withDayOfMonth(1), null))
        .call(
            () ->
                audit.record(
                    caller,
                    "energy.factor",
                    "energy-factor",
                    f.id.toString(),
                    park,
                    null,
                    AuditLog.details(
                        "kind",
                        f.kind,
                        "carrier",
                        f.carrier,
                        "province",
                        f.province,
                        "validFrom",
                        f.validFrom.toString(),
                        "value",
                        f.value,
                        "source",
                        f.source)))
        .map(x -> view(f, false));
  }

  private Uni<SettingsView> settingsView(Park p) {
    return workers.run(
        () -> {
          ParkSettings s = model.settings(p.id, YearMonth.now(p.zone()));
          CoreThreshold rule = s.rule();
          return new SettingsView(
              p.id,
              s.province(),
              rule.normal(),
              rule.large(),
              rule.largeParkTcePerYear(),
              rule.source(),
              s.yearTce(),
              s.threshold());
        });
  }

  private static List<FactorView> views(List<EnergyFactor> rows, ParkSettings s, LocalDate today) {
    List<Factor> all = rows.stream().map(EnergyService::factor).toList();
    FactorTable table = new FactorTable(all);
    List<Long> applying = new ArrayList<>();
    for (Factor.Kind kind : Factor.Kind.values()) {
      for (Carrier c : Carrier.values()) {
        table.pick(kind, c, s.park(), s.province(), today).ifPresent(f -> applying.add(f.id()));
      }
    }
    return rows.stream().map(r -> view(r, applying.contains(r.id))).toList();
  }

  private static Factor factor(EnergyFactor r) {
    return new Factor(
        r.id,
        Factor.Kind.valueOf(r.kind.toUpperCase(Locale.ROOT)),
        Carrier.of(r.carrier).orElseThrow(),
        r.parkId,
        r.province,
        r.validFrom,
        r.value,
        r.unit,
        r.source);
  }

  private static FactorView view(EnergyFactor f, boolean applies) {
    return new FactorView(
        f.id,
        f.kind,
        f.carrier,
        f.parkId,
        f.province,
        f.validFrom,
        f.value,
        f.unit,
        f.source,
        f.createdBy,
        f.createdAt,
        applies);
  }

  private static DeclarationView view(EnergyDeclaration d) {
    return new DeclarationView(
        d.enterpriseId,
        YearMonth.from(d.month).toString(),
        d.carrier,
        d.quantity,
        Carrier.of(d.carrier).map(Carrier::unit).orElse(""),
        d.source,
        d.declaredBy,
        d.declaredAt);
  }

  private static ParkEnergySettings newSettings(String park) {
    ParkEnergySettings s = new ParkEnergySettings();
    s.parkId = park;
    return s;
  }

  /** The month asked for, or the park's current one. */
  static YearMonth month(Park park, String month) {
    return month == null || month.isBlank() ? YearMonth.now(park.zone()) : parseMonth(month);
  }

  static YearMonth parseMonth(String month) {
    try {
      YearMonth m = YearMonth.parse(month == null ? "" : month);
      require(m.getYear() >= 2000 && m.getYear() <= 2100, "month", "must be between 2000 and 2100");
      return m;
    } catch (DateTimeParseException e) {
      throw ApiErrors.badRequest("month", "must be a month written YYYY-MM, e.g. 2026-11");
    }
  }

  private static LocalDate today(Park p) {
    return LocalDate.now(p.zone());
  }

  private static void positive(Double v, String field) {
    require(
        v == null || (v > 0 && Double.isFinite(v)), field, "must be a number above 0 (or absent)");
  }

  private static double orElse(Double v, double fallback) {
    return v == null ? fallback : v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
