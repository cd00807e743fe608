package io.parkpulse.platform.portal;

import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.DeclarationRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.VerificationRequest;
import io.parkpulse.platform.policy.PolicyKpis;
import io.parkpulse.platform.policy.PolicyKpis.Kpi;
import io.parkpulse.platform.policy.PolicyService;
import io.parkpulse.platform.policy.PolicyService.KpiView;
import io.parkpulse.platform.policy.PolicyService.PolicySheet;
import io.parkpulse.platform.portal.readmodel.PortalQueries.ParkRef;
import io.parkpulse.platform.portal.views.PortalViews;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The park's 高标准数字园区 policy sheet in the portal, over {@link PolicyService}: its operator (or a
 * platform admin, naming the park) reads the KPIs the data shows and those declared, declares the
 * latter with evidence, and a platform admin verifies or rejects what was declared.
 */
@Path("/portal/policy")
@Produces(MediaType.TEXT_HTML)
public class PolicyPages {

  private final Pages pages;
  private final PortalViews views;
  private final PolicyService policy;
  private final Workers workers;

  PolicyPages(Pages pages, PortalViews views, PolicyService policy, Workers workers) {
    this.pages = pages;
    this.views = views;
    this.policy = policy;
    this.workers = workers;
  }

  /**
   * What the page shows.
   *
   * @param parks the parks a platform admin may switch to (one for an operator)
   * @param declares whether the caller declares (the park's operator)
   * @param verifies whether the caller verifies declarations (a platform admin)
   */
  public record PolicyModel(
      ParkRef park,
      List<ParkRef> parks,
      PolicySheet sheet,
      List<KpiLine> kpis,
      boolean declares,
      boolean verifies) {}

  /**
   * A KPI's line, its figures written for the page.
   *
   * @param name its name in the page's language
   * @param value the value as a percentage or yes/no, "–" when unknown
   * @param counted for a computed KPI, "count / of"; empty otherwise
   * @param target the target as the value is written, "–" where none is published
   * @param formValue the declared value as its form takes it (a percentage, or 1/0)
   */
  public record KpiLine(
      KpiView kpi,
      String name,
      String value,
      String counted,
      String target,
      String formValue,
      boolean declared,
      boolean yesNo,
      String declaredBy,
      Instant declaredAt) {

    static List<KpiLine> of(Page p, PolicySheet sheet) {
      return sheet.kpis().stream().map(k -> of(p, k)).toList();
    }

    static KpiLine of(Page p, KpiView k) {
      boolean yesNo = "yes-no".equals(k.unit());
      return new KpiLine(
          k,
          p.pick(k.zh(), k.en()),
          value(p, k.value(), yesNo),
          k.count() == null ? "" : p.count(k.count()) + " / " + p.count(k.of()),
          value(p, k.target(), yesNo),
          k.value() == null
              ? ""
              : yesNo
                  ? (k.value() >= 0.5 ? "1" : "0")
                  : BigDecimal.valueOf(k.value())
                      .movePointRight(2)
                      .stripTrailingZeros()
                      .toPlainString(),
          "declared".equals(k.basis()),
          yesNo,
          k.declaredBy(),
          k.declaredAt());
    }

    private static String value(Page p, Double v, boolean yesNo) {
      if (v == null) {
        return "–";
      }
      return yesNo ? p.t(v >= 0.5 ? "policy.yes" : "policy.no") : p.pct(v);
    }
  }

  @GET
  public Uni<TemplateInstance> sheet(@QueryParam("park") String park) {
    return render(pages.caller(), park, List.of());
  }

  /** Declares a KPI's value with evidence (the park's operator); it waits for verification. */
  @POST
  @Path("/{kpi}")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Uni<Response> declare(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("kpi") String kpi,
      @RestForm String park,
      @RestForm String value,
      @RestForm String note,
      @RestForm("attachment") FileUpload attachment) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    Kpi k = PolicyKpis.of(kpi).orElseThrow(NotFoundException::new);
    PolicyDeclarationForm form = new PolicyDeclarationForm(value, note);
    String problem = form.problem(k.unit());
    if (problem != null) {
      return again(caller, park, k, problem, null);
    }
    String chosen = ParkChoice.of(caller, park, List.of());
    return workers
        .run(() -> evidence(form, k.unit(), attachment))
        .flatMap(request -> policy.declare(caller, chosen, k.id(), request))
        .map(done -> PortalForms.redirect(back(caller, park) + "#kpi-" + k.id()))
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(
            e ->
                PortalForms.refused(
                    e, detail -> render(caller, park, List.of(message(caller, k, detail)))));
  }

  /** A platform admin verifies or rejects a declaration's evidence. */
  @POST
  @Path("/{kpi}/verification")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> verify(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("kpi") String kpi,
      @RestForm String park,
      @RestForm String verified) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    String chosen = ParkChoice.of(caller, park, List.of());
    return Uni.createFrom()
        .deferred(
            () ->
                policy.verify(
                    caller, chosen, kpi, new VerificationRequest("true".equals(verified))))
        .map(done -> PortalForms.redirect(back(caller, park) + "#kpi-" + kpi));
  }

  private Uni<TemplateInstance> render(Caller caller, String parkParam, List<String> errors) {
    return views
        .parks(caller)
        .flatMap(
            parks -> {
              String chosen = ParkChoice.of(caller, parkParam, parks);
              // The service first: it answers 403 to callers that are not the park's.
              return policy
                  .sheet(caller, chosen)
                  .flatMap(
                      sheet ->
                          views
                              .park(caller, chosen)
                              .map(
                                  ref -> {
                                    Page page = pages.page(caller, ref.zone());
                                    return Templates.policy(
                                        page,
                                        new PolicyModel(
                                            ref,
                                            parks,
                                            sheet,
                                            KpiLine.of(page, sheet),
                                            caller.park() != null,
                                            caller.isPlatformAdmin()),
                                        errors);
                                  }));
            });
  }

  /** The sheet again, a 400 naming the KPI and what is wrong ({@code key} with {@code detail}). */
  private Uni<Response> again(Caller caller, String park, Kpi k, String key, String detail) {
    Page page = pages.page(caller, Page.DEFAULT_ZONE);
    String message =
        page.pick(k.zh(), k.en()) + ": " + (detail == null ? page.t(key) : page.t(key, detail));
    return render(caller, park, List.of(message)).map(PortalForms::badRequest);
  }

  private String message(Caller caller, Kpi k, String detail) {
    Page page = pages.page(caller, Page.DEFAULT_ZONE);
    return page.pick(k.zh(), k.en()) + ": " + page.t("policy.refused", detail);
  }

  /** The declaration with the uploaded document, if one was chosen. */
  private static DeclarationRequest evidence(
      PolicyDeclarationForm form, String unit, FileUpload attachment) throws IOException {
    if (attachment == null || attachment.size() == 0) {
      return form.request(unit, null, null);
    }
    return form.request(
        unit,
        attachment.fileName(),
        Base64.getEncoder().encodeToString(Files.readAllBytes(attachment.uploadedFile())));
  }

  private static String back(Caller caller, String park) {
    return ParkChoice.uri(caller, park, "/portal/policy", null);
  }
}
