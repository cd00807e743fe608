package io.parkpulse.platform.mu;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.energy.ParkEnergySettings;
import io.parkpulse.platform.energy.ParkEnergySettingsRepository;
import io.parkpulse.platform.energy.accounting.CoreThreshold;
import io.parkpulse.platform.energy.readmodel.EnergyFigures;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.YearEnergy;
import io.parkpulse.platform.energy.readmodel.EnergyReadModel;
import io.parkpulse.platform.mu.ranking.MuInput;
import io.parkpulse.platform.mu.ranking.MuRanking;
import io.parkpulse.platform.mu.ranking.MuResult;
import io.parkpulse.platform.mu.ranking.MuSettings;
import io.parkpulse.platform.reports.CsvFile;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Park;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * 亩均效益: the park's operator enters each enterprise's land, tax and sales per year; the energy comes
 * from the year's energy figures; {@link MuRanking} scores, ranks and classes them with the park's
 * weights and shares. All of it is the park operator's: enterprises do not see each other's
 * ranking.
 */
@jakarta.enterprise.context.ApplicationScoped
public class MuService {

  private static final String OPERATORS = "亩均 evaluation is for the park's operator";

  private final TenancyGate gate;
  private final MuInputRepository inputs;
  private final ParkEnergySettingsRepository settings;
  private final EnergyReadModel energy;
  private final EnergyFigures figures;
  private final Workers workers;
  private final AuditLog audit;

  MuService(
      TenancyGate gate,
      MuInputRepository inputs,
      ParkEnergySettingsRepository settings,
      EnergyReadModel energy,
      EnergyFigures figures,
      Workers workers,
      AuditLog audit) {
    this.gate = gate;
    this.inputs = inputs;
    this.settings = settings;
    this.energy = energy;
    this.figures = figures;
    this.workers = workers;
    this.audit = audit;
  }

  /**
   * An enterprise's inputs for a year, in 亩 and 万元.
   *
   * @param landMu land used, mu (亩); above 0
   * @param tax10kYuan tax paid, 10,000 yuan
   * @param sales10kYuan sales, 10,000 yuan
   */
  public record InputRequest(Double landMu, Double tax10kYuan, Double sales10kYuan) {}

  /** An enterprise's inputs as entered. */
  public record InputView(
      String enterprise,
      int year,
      Double landMu,
      Double tax10kYuan,
      Double sales10kYuan,
      String declaredBy,
      Instant declaredAt) {}

  /**
   * The park's ranking for a year.
   *
   * @param energyMonths the months of energy counted (January up to this month, or December)
   * @param results every enterprise, ranked ones first, unclassified ones last with what they miss
   * @param inputs what the operator entered, for the enterprises that have inputs for the year
   * @param energy the year's energy of the enterprises that have energy data, as ranked
   */
  public record Ranking(
      String park,
      int year,
      int energyMonths,
      MuSettings settings,
      List<MuResult> results,
      List<InputView> inputs,
      List<EnergyView> energy) {}

  /**
   * An enterprise's energy of the year, as the ranking counts it.
   *
   * @param tce its comprehensive energy consumption so far, tce
   * @param months the months it has energy data for
   * @param completeness the mean 15-minute completeness of those months (0 to 1)
   */
  public record EnergyView(String enterprise, double tce, int months, double completeness) {}

  /** New weights and shares; an absent value keeps the default. */
  public record SettingsRequest(
      Double taxPerMuWeight,
      Double salesPerMuWeight,
      Double taxPerTceWeight,
      Double shareA,
      Double shareB,
      Double shareD,
      Double cap) {}

  /** A download. */
  public record RankingFile(String name, byte[] content) {}

  @WithSession
  public Uni<Ranking> ranking(Caller caller, String park, int year) {
    requireYear(year);
    return gate.managedPark(caller, park, OPERATORS).flatMap(p -> ranking(p, year));
  }

  /** The ranking as CSV (UTF-8 with BOM). */
  @WithSession
  public Uni<RankingFile> csv(Caller caller, String park, int year) {
    return ranking(caller, park, year)
        .map(r -> new RankingFile("mu-" + r.park() + "-" + r.year() + ".csv", csv(r)));
  }

  /** Enters an enterprise's inputs for a year (its park's operator). */
  @WithTransaction
  public Uni<InputView> setInput(Caller caller, String enterprise, int year, InputRequest request) {
    requireYear(year);
    require(request != null, "body", "is required");
    require(
        request.landMu() == null || (request.landMu() > 0 && Double.isFinite(request.landMu())),
        "landMu",
        "must be above 0 (mu)");
    nonNegative(request.tax10kYuan(), "tax10kYuan");
    nonNegative(request.sales10kYuan(), "sales10kYuan");
    return gate.operatedEnterprise(caller, enterprise, "only the park's operator enters 亩均 inputs")
        .flatMap(
            e ->
                inputs
                    .find(e.id, year)
                    .flatMap(
                        row -> {
                          MuInputRow r = row != null ? row : new MuInputRow();
                          r.enterpriseId = e.id;
                          r.year = year;
                          r.landMu = request.landMu();
                          r.tax10kYuan = request.tax10kYuan();
                          r.sales10kYuan = request.sales10kYuan();
                          r.declaredBy = caller.subject();
                          r.declaredAt = Instant.now();
                          return inputs.persistAndFlush(r);
                        })
                    .call(
                        r ->
                            audit.record(
                                caller,
                                "mu.input",
                                "enterprise",
                                e.id,
                                e.parkId,
                                e.id,
                                AuditLog.details(
                                    "year", year,
                                    "landMu", request.landMu(),
                                    "tax10kYuan", request.tax10kYuan(),
                                    "sales10kYuan", request.sales10kYuan())))
                    .map(MuService::view));
  }

  /** The park's weights and shares. */
  @WithSession
  public Uni<MuSettings> settings(Caller caller, String park) {
    return gate.managedPark(caller, park, OPERATORS)
        .flatMap(p -> settings.findById(p.id))
        .map(MuService::muSettings);
  }

  /** Sets the park's weights and shares (its operator). */
  @WithTransaction
  public Uni<MuSettings> setSettings(Caller caller, String park, SettingsRequest request) {
    require(request != null, "body", "is required");
    MuSettings d = MuSettings.defaults();
    MuSettings wanted;
    try {
      wanted =
          new MuSettings(
              orElse(request.taxPerMuWeight(), d.taxPerMuWeight()),
              orElse(request.salesPerMuWeight(), d.salesPerMuWeight()),
              orElse(request.taxPerTceWeight(), d.taxPerTceWeight()),
              orElse(request.shareA(), d.shareA()),
              orElse(request.shareB(), d.shareB()),
              orElse(request.shareD(), d.shareD()),
              orElse(request.cap(), d.cap()),
              "set by the park's operator");
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest("settings", e.getMessage());
    }
    return gate.managedPark(caller, park, "only the park's operator sets 亩均 weights")
        .flatMap(
            p ->
                settings
                    .findById(p.id)
                    .flatMap(
                        row -> {
                          ParkEnergySettings s = row != null ? row : newSettings(p.id);
                          s.muTaxWeight = request.taxPerMuWeight();
                          s.muSalesWeight = request.salesPerMuWeight();
                          s.muEnergyWeight = request.taxPerTceWeight();
                          s.muShareA = request.shareA();
                          s.muShareB = request.shareB();
                          s.muShareD = request.shareD();
                          s.muCap = request.cap();
                          s.updatedBy = caller.subject();
                          s.updatedAt = Instant.now();
                          return settings.persistAndFlush(s);
                        })
                    .call(
                        () ->
                            audit.record(
                                caller,
                                "mu.settings",
                                "park",
                                p.id,
                                p.id,
                                null,
                                AuditLog.details("settings", wanted)))
                    .map(MuService::muSettings));
  }

  private Uni<Ranking> ranking(Park p, int year) {
    return settings
        .findById(p.id)
        .map(MuService::muSettings)
        .flatMap(
            s ->
                inputs
                    .ofPark(p.id, year)
                    .flatMap(
                        rows ->
                            workers.run(
                                () -> {
                                  YearMonth now = YearMonth.now(p.zone());
                                  YearMonth through =
                                      now.getYear() > year ? YearMonth.of(year, 12) : now;
                                  Map<String, YearEnergy> tce =
                                      figures.yearEnergy(
                                          energy.settings(p.id, through), year, through);
                                  Map<String, String> names = energy.enterprises(p.id);
                                  return rank(p.id, year, through, s, rows, tce, names);
                                })));
  }

  static Ranking rank(
      String park,
      int year,
      YearMonth through,
      MuSettings s,
      List<MuInputRow> rows,
      Map<String, YearEnergy> tce,
      Map<String, String> names) {
    Map<String, MuInputRow> byEnterprise = new HashMap<>();
    rows.forEach(r -> byEnterprise.put(r.enterpriseId, r));
    List<MuInput> in = new ArrayList<>();
    for (Map.Entry<String, String> e : names.entrySet()) {
      MuInputRow r = byEnterprise.get(e.getKey());
      YearEnergy energy = tce.get(e.getKey());
      in.add(
          new MuInput(
              e.getKey(),
              e.getValue(),
              r == null ? null : r.landMu,
              r == null ? null : r.tax10kYuan,
              r == null ? null : r.sales10kYuan,
              energy == null || energy.tce() <= 0 ? null : energy.tce()));
    }
    int months =
        through.getYear() < year ? 0 : through.getYear() > year ? 12 : through.getMonthValue();
    List<EnergyView> energy =
        names.keySet().stream()
            .filter(tce::containsKey)
            .map(tce::get)
            .map(y -> new EnergyView(y.enterprise(), y.tce(), y.months(), y.completeness()))
            .toList();
    return new Ranking(
        park,
        year,
        months,
        s,
        MuRanking.rank(in, s),
        rows.stream().map(MuService::view).toList(),
        energy);
  }

  static MuSettings muSettings(ParkEnergySettings row) {
    MuSettings d = MuSettings.defaults();
    if (row == null
        || Stream.of(
                row.muTaxWeight,
                row.muSalesWeight,
                row.muEnergyWeight,
                row.muShareA,
                row.muShareB,
                row.muShareD,
                row.muCap)
            .allMatch(Objects::isNull)) {
      return d;
    }
    return new MuSettings(
        orElse(row.muTaxWeight, d.taxPerMuWeight()),
        orElse(row.muSalesWeight, d.salesPerMuWeight()),
        orElse(row.muEnergyWeight, d.taxPerTceWeight()),
        orElse(row.muShareA, d.shareA()),
        orElse(row.muShareB, d.shareB()),
        orElse(row.muShareD, d.shareD()),
        orElse(row.muCap, d.cap()),
        "set by the park's operator; the defaults: " + d.source());
  }

  static byte[] csv(Ranking r) {
    CsvFile csv =
        new CsvFile()
            .row(
                List.of(
                    "enterprise",
                    "name",
                    "land (mu)",
                    "tax (10k yuan)",
                    "sales (10k yuan)",
                    "energy (tce)",
                    "tax per mu",
                    "sales per mu",
                    "tax per tce",
                    "score",
                    "rank",
                    "class",
                    "missing"));
    Map<String, InputView> inputs = new LinkedHashMap<>();
    r.inputs().forEach(i -> inputs.put(i.enterprise(), i));
    Map<String, EnergyView> energy = new HashMap<>();
    r.energy().forEach(e -> energy.put(e.enterprise(), e));
    for (MuResult m : r.results()) {
      InputView i = inputs.get(m.enterprise());
      EnergyView e = energy.get(m.enterprise());
      csv.row(
          List.of(
              m.enterprise(),
              m.name(),
              CsvFile.number(i == null ? null : i.landMu(), 4),
              CsvFile.number(i == null ? null : i.tax10kYuan(), 4),
              CsvFile.number(i == null ? null : i.sales10kYuan(), 4),
              CsvFile.number(e == null ? null : e.tce(), 4),
              CsvFile.number(m.taxPerMu(), 4),
              CsvFile.number(m.salesPerMu(), 4),
              CsvFile.number(m.taxPerTce(), 4),
              CsvFile.number(m.score(), 2),
              m.rank() == null ? "" : m.rank().toString(),
              m.grade() == null ? "" : m.grade(),
              String.join("; ", m.missing())));
    }
    return csv.bytes();
  }

  private static InputView view(MuInputRow r) {
    return new InputView(
        r.enterpriseId, r.year, r.landMu, r.tax10kYuan, r.sales10kYuan, r.declaredBy, r.declaredAt);
  }

  private static ParkEnergySettings newSettings(String park) {
    ParkEnergySettings s = new ParkEnergySettings();
    s.parkId = park;
    CoreThreshold t = CoreThreshold.ZERO_CARBON_PARK;
    s.coreThreshold = t.normal();
    s.largeThreshold = t.large();
    s.largeParkTce = t.largeParkTcePerYear();
    return s;
  }

  private static void requireYear(int year) {
    require(year >= 2000 && year <= 2100, "year", "must be between 2000 and 2100");
  }

  private static void nonNegative(Double v, String field) {
    require(v == null || (v >= 0 && Double.isFinite(v)), field, "must be 0 or more");
  }

  private static double orElse(Double v, double fallback) {
    return v == null ? fallback : v;
  }
}
