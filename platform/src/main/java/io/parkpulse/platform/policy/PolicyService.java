package io.parkpulse.platform.policy;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.DeclarationRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.EvidenceFile;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.VerificationRequest;
import io.parkpulse.platform.maturity.declarations.EvidenceAttachment;
import io.parkpulse.platform.maturity.declarations.Verification;
import io.parkpulse.platform.policy.PolicyKpis.Basis;
import io.parkpulse.platform.policy.PolicyKpis.Kpi;
import io.parkpulse.platform.policy.readmodel.PolicyReadModel;
import io.parkpulse.platform.policy.readmodel.PolicyReadModel.EnterpriseFacts;
import io.parkpulse.platform.reports.CsvFile;
import io.parkpulse.platform.reports.PdfReport;
import io.parkpulse.platform.reports.PdfReport.Column;
import io.parkpulse.platform.reports.PdfReportWriter;
import io.parkpulse.platform.reports.ReportLanguage;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Park;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The park's policy sheet: the 高标准数字园区 KPIs its data shows, computed from its enterprises, and
 * those its operator declares with evidence. The park's operator reads the sheet and declares; a
 * platform admin verifies a declaration's evidence; only verified declarations count as met.
 */
@ApplicationScoped
public class PolicyService {

  private static final String OPERATORS = "the park's policy sheet is for its operator";

  private final TenancyGate gate;
  private final PolicyDeclarationRepository declarations;
  private final PolicyReadModel model;
  private final Workers workers;
  private final AuditLog audit;
  private final PdfReportWriter pdf;

  PolicyService(
      TenancyGate gate,
      PolicyDeclarationRepository declarations,
      PolicyReadModel model,
      Workers workers,
      AuditLog audit,
      PdfReportWriter pdf) {
    this.gate = gate;
    this.declarations = declarations;
    this.model = model;
    this.workers = workers;
    this.audit = audit;
    this.pdf = pdf;
  }

  /**
   * A KPI on the sheet.
   *
   * @param value a share (0 to 1) or 1/0 for yes/no; null when unknown (no enterprise, nothing
   *     declared)
   * @param count for a computed share, the enterprises that count
   * @param of for a computed share, all the park's enterprises
   * @param status {@code met}, {@code short} (below target), {@code reported} (no target), {@code
   *     pending} (declared, not verified), {@code rejected}, or {@code missing}
   * @param verification for a declared KPI: PENDING, VERIFIED, REJECTED, or null
   */
  public record KpiView(
      String id,
      String zh,
      String en,
      String basis,
      String unit,
      Double value,
      Integer count,
      Integer of,
      Double target,
      String source,
      String status,
      String note,
      String attachmentName,
      String attachmentSha256,
      String verification,
      String declaredBy,
      Instant declaredAt,
      String verifiedBy) {}

  /**
   * The sheet.
   *
   * @param energyMonth the month energy monitoring is judged on (the last closed one)
   * @param enterprises what each enterprise counts for
   */
  public record PolicySheet(
      String park,
      String parkName,
      Instant at,
      YearMonth energyMonth,
      List<KpiView> kpis,
      List<EnterpriseFacts> enterprises) {}

  /** A download. */
  public record SheetFile(String name, byte[] content) {}

  @WithSession
  public Uni<PolicySheet> sheet(Caller caller, String park) {
    return gate.managedPark(caller, park, OPERATORS).flatMap(this::sheet);
  }

  /** The sheet as CSV (UTF-8 with BOM, for spreadsheet programs). */
  @WithSession
  public Uni<SheetFile> csv(Caller caller, String park) {
    return sheet(caller, park).map(s -> new SheetFile(fileName(s, "csv"), csv(s)));
  }

  /** The sheet as an A4 report for the authorities, in Chinese (default) or English. */
  @WithSession
  public Uni<SheetFile> pdf(Caller caller, String park, String lang) {
    ReportLanguage language =
        ReportLanguage.of(lang == null || lang.isBlank() ? "zh" : lang)
            .orElseThrow(() -> ApiErrors.badRequest("lang", "must be zh or en"));
    return sheet(caller, park)
        .flatMap(
            s ->
                workers.run(
                    () ->
                        new SheetFile(
                            fileName(s, language.id() + ".pdf"), pdf.render(report(s, language)))));
  }

  /** The report: the KPIs with their basis, value, target, status and source; the enterprises. */
  static PdfReport report(PolicySheet s, ReportLanguage l) {
    List<List<String>> kpis = new ArrayList<>();
    for (KpiView k : s.kpis()) {
      kpis.add(
          List.of(
              l.pick(k.zh(), k.en()),
              l.pick(k.basis().equals("data") ? "数据" : "申报", k.basis()),
              share(k.value(), k.unit(), l)
                  + (k.count() == null ? "" : " (" + k.count() + "/" + k.of() + ")"),
              share(k.target(), k.unit(), l),
              l.pick(STATUS_ZH.getOrDefault(k.status(), k.status()), k.status())));
    }
    List<List<String>> enterprises = new ArrayList<>();
    for (EnterpriseFacts f : s.enterprises()) {
      enterprises.add(
          List.of(
              f.name(),
              Integer.toString(f.networkedDevices()),
              f.level() == null ? "–" : f.level().toString(),
              f.miitLevel() == null ? "–" : f.miitLevel().toString(),
              yesNo(f.energyMonitored(), l),
              yesNo(f.retrofit(), l)));
    }
    PdfReport report =
        PdfReport.titled(l.pick("高标准数字园区自评表", "High-standard digital park self-assessment"))
            .subtitle(s.parkName() + " · " + s.at().toString().substring(0, 10))
            .fact(l.pick("园区", "Park"), s.park())
            .fact(l.pick("企业数", "Enterprises"), Integer.toString(s.enterprises().size()))
            .fact(l.pick("能耗监测月份", "Energy monitoring month"), s.energyMonth().toString())
            .heading(l.pick("指标", "Indicators"))
            .table(
                List.of(
                    Column.left(l.pick("指标", "Indicator"), 4),
                    Column.left(l.pick("依据", "Basis"), 1.2f),
                    Column.right(l.pick("数值", "Value"), 1.8f),
                    Column.right(l.pick("目标", "Target"), 1.2f),
                    Column.left(l.pick("状态", "Status"), 1.4f)),
                kpis)
            .note(
                l.pick(
                    "数据指标由平台按企业数据计算；申报指标须经平台管理员核验证明材料后方计为达标。",
                    "Data indicators are computed by the platform from its enterprises' data;"
                        + " a declared indicator counts as met only once a platform admin has"
                        + " verified its evidence."))
            .heading(l.pick("指标来源", "Sources"));
    for (KpiView k : s.kpis()) {
      report = report.paragraph(l.pick(k.zh(), k.en()) + ": " + k.source());
    }
    return report
        .footer(s.parkName(), l.pick("第 {page} 页，共 {pages} 页", "page {page} of {pages}"))
        .heading(l.pick("企业", "Enterprises"))
        .table(
            List.of(
                Column.left(l.pick("企业", "Enterprise"), 3),
                Column.right(l.pick("联网设备", "Networked devices"), 1.2f),
                Column.right(l.pick("成熟度等级", "Level"), 1),
                Column.right(l.pick("MIIT 估计", "MIIT level"), 1),
                Column.left(l.pick("能耗在线监测", "Energy monitored"), 1.2f),
                Column.left(l.pick("数字化改造", "Retrofit"), 1.2f)),
            enterprises);
  }

  private static final Map<String, String> STATUS_ZH =
      Map.of(
          "met", "达标",
          "short", "未达标",
          "reported", "已计算",
          "pending", "待核验",
          "rejected", "已驳回",
          "missing", "缺失");

  private static String share(Double v, String unit, ReportLanguage l) {
    if (v == null) {
      return "–";
    }
    if (unit.equals("yes-no")) {
      return yesNo(v >= 1, l);
    }
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  private static String yesNo(boolean yes, ReportLanguage l) {
    return yes ? l.pick("是", "yes") : l.pick("否", "no");
  }

  /** Declares a KPI's value with evidence (the park's operator); it waits for verification. */
  @WithTransaction
  public Uni<PolicySheet> declare(
      Caller caller, String park, String kpi, DeclarationRequest request) {
    require(request != null, "body", "is required");
    Kpi k = declaredKpi(kpi);
    boolean yesNo = k.unit().equals("yes-no");
    require(
        request.value() != null
            && (yesNo
                ? request.value() == 0 || request.value() == 1
                : request.value() >= 0 && request.value() <= 1),
        "value",
        yesNo ? "must be 1 (yes) or 0 (no)" : "must be a share from 0 to 1");
    EvidenceAttachment evidence =
        EvidenceAttachment.of(request.attachmentName(), request.attachmentBase64());
    return gate.managedPark(caller, park, "only the park's operator declares its KPIs")
        .flatMap(
            p ->
                declarations
                    .withEvidence(p.id, k.id())
                    .flatMap(
                        found -> {
                          PolicyDeclaration d =
                              found != null ? found : new PolicyDeclaration(p.id, k.id());
                          d.declare(
                              request.value(),
                              caller.subject(),
                              Instant.now(),
                              request.note(),
                              evidence);
                          return declarations.persistAndFlush(d);
                        })
                    .call(
                        d ->
                            audit.record(
                                caller,
                                "policy.declare",
                                "park",
                                p.id,
                                p.id,
                                null,
                                Map.of(
                                    "kpi",
                                    k.id(),
                                    "value",
                                    request.value(),
                                    "attachmentSha256",
                                    String.valueOf(d.attachmentSha256))))
                    .flatMap(d -> sheet(p)));
  }

  /** A platform admin verifies or rejects a declaration's evidence. */
  @WithTransaction
  public Uni<PolicySheet> verify(
      Caller caller, String park, String kpi, VerificationRequest request) {
    require(request != null && request.verified() != null, "verified", "is required");
    Kpi k = declaredKpi(kpi);
    gate.requirePlatformAdmin(caller, "a platform admin verifies a park's declarations");
    return gate.park(caller, park)
        .flatMap(
            p ->
                declarations
                    .declaration(p.id, k.id())
                    .flatMap(
                        d -> {
                          if (d == null) {
                            throw ApiErrors.notFound("declaration", k.id());
                          }
                          d.verify(request.verified(), caller.subject(), Instant.now());
                          return declarations.persistAndFlush(d);
                        })
                    .call(
                        d ->
                            audit.record(
                                caller,
                                "policy.verify",
                                "park",
                                p.id,
                                p.id,
                                null,
                                Map.of("kpi", k.id(), "verified", request.verified())))
                    .flatMap(d -> sheet(p)));
  }

  /** A declaration's evidence document, for the park's operator and platform admins. */
  @WithSession
  public Uni<EvidenceFile> evidence(Caller caller, String park, String kpi) {
    Kpi k = declaredKpi(kpi);
    return gate.managedPark(caller, park, OPERATORS)
        .flatMap(p -> declarations.withEvidence(p.id, k.id()))
        .map(
            d -> {
              if (d == null || d.attachment == null) {
                throw ApiErrors.notFound("evidence", k.id());
              }
              return new EvidenceFile(d.attachmentName, d.attachment, d.attachmentSha256);
            });
  }

  private Uni<PolicySheet> sheet(Park p) {
    Instant now = Instant.now();
    YearMonth month = YearMonth.now(p.zone()).minusMonths(1);
    return declarations
        .ofPark(p.id)
        .flatMap(
            declared ->
                workers
                    .run(() -> model.enterprises(p.id, month, now))
                    .map(facts -> sheet(p, now, month, facts, declared)));
  }

  static PolicySheet sheet(
      Park p,
      Instant now,
      YearMonth month,
      List<EnterpriseFacts> facts,
      List<PolicyDeclaration> declared) {
    Map<String, PolicyDeclaration> byKpi = new HashMap<>();
    declared.forEach(d -> byKpi.put(d.kpi, d));
    List<KpiView> kpis = new ArrayList<>();
    for (Kpi k : PolicyKpis.ALL) {
      if (k.basis() == Basis.DATA) {
        Predicate<EnterpriseFacts> counts =
            switch (k.id()) {
              case "networked" -> EnterpriseFacts::networked;
              case "maturity-l2" -> f -> f.level() != null && f.level() >= 2;
              case "energy-monitored" -> EnterpriseFacts::energyMonitored;
              case "digital-retrofit" -> EnterpriseFacts::retrofit;
              default -> throw new IllegalStateException("no rule for " + k.id());
            };
        int count = (int) facts.stream().filter(counts).count();
        Double value = facts.isEmpty() ? null : (double) count / facts.size();
        kpis.add(
            new KpiView(
                k.id(),
                k.zh(),
                k.en(),
                "data",
                k.unit(),
                value,
                count,
                facts.size(),
                k.target(),
                k.source(),
                status(value, k.target()),
                null,
                null,
                null,
                null,
                null,
                null,
                null));
      } else {
        PolicyDeclaration d = byKpi.get(k.id());
        String status;
        if (d == null) {
          status = "missing";
        } else if (d.verification == Verification.VERIFIED) {
          status = status(d.value, k.target());
        } else if (d.verification == Verification.REJECTED) {
          status = "rejected";
        } else {
          status = "pending";
        }
        kpis.add(
            new KpiView(
                k.id(),
                k.zh(),
                k.en(),
                "declared",
                k.unit(),
                d == null ? null : d.value,
                null,
                null,
                k.target(),
                k.source(),
                status,
                d == null ? null : d.note,
                d == null ? null : d.attachmentName,
                d == null ? null : d.attachmentSha256,
                d == null ? null : d.verification.name(),
                d == null ? null : d.declaredBy,
                d == null ? null : d.declaredAt,
                d == null ? null : d.verifiedBy));
      }
    }
    return new PolicySheet(p.id, p.name, now, month, kpis, facts);
  }

  private static String status(Double value, Double target) {
    if (value == null) {
      return "missing";
    }
    if (target == null) {
      return "reported";
    }
    return value >= target - 1e-9 ? "met" : "short";
  }

  private static Kpi declaredKpi(String id) {
    Kpi k = PolicyKpis.of(id).orElseThrow(() -> ApiErrors.notFound("kpi", id));
    require(
        k.basis() == Basis.DECLARED,
        "kpi",
        "is computed from the park's data and cannot be declared");
    return k;
  }

  private static byte[] csv(PolicySheet s) {
    CsvFile csv =
        new CsvFile()
            .row(
                List.of(
                    "kpi",
                    "指标",
                    "indicator",
                    "basis",
                    "value",
                    "count",
                    "of",
                    "target",
                    "status",
                    "verification",
                    "source"));
    for (KpiView k : s.kpis()) {
      csv.row(
          List.of(
              k.id(),
              k.zh(),
              k.en(),
              k.basis(),
              CsvFile.number(k.value(), 4),
              k.count() == null ? "" : k.count().toString(),
              k.of() == null ? "" : k.of().toString(),
              CsvFile.number(k.target(), 4),
              k.status(),
              k.verification() == null ? "" : k.verification(),
              k.source()));
    }
    csv.blank()
        .row(
            List.of(
                "enterprise",
                "name",
                "networked devices",
                "level",
                "MIIT level",
                "meters",
                "energy completeness",
                "meter-days without data",
                "energy monitored",
                "digital retrofit"));
    for (EnterpriseFacts f : s.enterprises()) {
      csv.row(
          List.of(
              f.enterprise(),
              f.name(),
              Integer.toString(f.networkedDevices()),
              f.level() == null ? "" : f.level().toString(),
              f.miitLevel() == null ? "" : f.miitLevel().toString(),
              Integer.toString(f.meters()),
              CsvFile.number(f.energyCompleteness(), 4),
              Integer.toString(f.meterDaysWithoutData()),
              Boolean.toString(f.energyMonitored()),
              Boolean.toString(f.retrofit())));
    }
    return csv.bytes();
  }

  static String fileName(PolicySheet s, String extension) {
    return "policy-" + s.park() + "-" + s.at().toString().substring(0, 10) + "." + extension;
  }
}
