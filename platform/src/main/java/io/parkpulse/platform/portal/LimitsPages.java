package io.parkpulse.platform.portal;

import io.parkpulse.platform.limits.LimitsService;
import io.parkpulse.platform.limits.LimitsService.EnterpriseLimitsView;
import io.parkpulse.platform.portal.views.PortalViews;
import io.parkpulse.platform.portal.views.PortalViews.EnterpriseRef;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Limits;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * An enterprise's own limits in the portal, over {@link LimitsService}: whoever sees the enterprise
 * reads them, its park's operator sets them.
 */
@Path("/portal/enterprises/{enterprise}/limits")
@Produces(MediaType.TEXT_HTML)
public class LimitsPages {

  private final Pages pages;
  private final PortalViews views;
  private final LimitsService limits;

  LimitsPages(Pages pages, PortalViews views, LimitsService limits) {
    this.pages = pages;
    this.views = views;
    this.limits = limits;
  }

  @GET
  public Uni<TemplateInstance> limits(@PathParam("enterprise") String enterprise) {
    Caller caller = pages.caller();
    return views
        .enterprise(caller, enterprise)
        .flatMap(
            ref ->
                limits
                    .enterprise(caller, enterprise)
                    .map(
                        view ->
                            limitsPage(
                                page(caller, ref),
                                ref,
                                view,
                                LimitsForm.of(view.configured()),
                                List.of(),
                                false)));
  }

  /** Sets the enterprise's own limits (the park's operator); blank fields fall back to the park. */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> setLimits(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @RestForm String maxConnections,
      @RestForm String deviceMessagesPerSecond,
      @RestForm String enterpriseMessagesPerSecond,
      @RestForm String deviceBytesPerDay,
      @RestForm String enterpriseBytesPerDay) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    LimitsForm form =
        new LimitsForm(
            maxConnections,
            deviceMessagesPerSecond,
            enterpriseMessagesPerSecond,
            deviceBytesPerDay,
            enterpriseBytesPerDay);
    return views
        .enterprise(caller, enterprise)
        .flatMap(
            ref -> {
              Page page = page(caller, ref);
              List<String> problems =
                  form.problems().stream().map(k -> page.t("limits.invalid", page.t(k))).toList();
              Uni<EnterpriseLimitsView> saved =
                  problems.isEmpty()
                      ? limits.setEnterprise(caller, enterprise, form.limits())
                      : Uni.createFrom().failure(new PortalForms.Problems(problems));
              return saved
                  .map(
                      view ->
                          Response.ok(limitsPage(page, ref, view, form, List.of(), true)).build())
                  .onFailure(
                      e -> e instanceof PortalForms.Problems || PortalProblems.isFormProblem(e))
                  .recoverWithUni(
                      e ->
                          limits
                              .enterprise(caller, enterprise)
                              .map(
                                  view ->
                                      PortalForms.badRequest(
                                          limitsPage(
                                              page,
                                              ref,
                                              view,
                                              form,
                                              e instanceof PortalForms.Problems f
                                                  ? f.problems()
                                                  : List.of(
                                                      page.t(
                                                          "limits.refused",
                                                          PortalProblems.message(
                                                              (ClientErrorException) e))),
                                              false))));
            });
  }

  private static TemplateInstance limitsPage(
      Page page,
      EnterpriseRef ref,
      EnterpriseLimitsView view,
      LimitsForm form,
      List<String> errors,
      boolean saved) {
    return Templates.enterpriseLimits(
        page, ref.row(), LimitLine.of(page, view), form, errors, saved);
  }

  /**
   * A limit's line on the page: what the enterprise sets (or that its park's default applies) and
   * what the gateways enforce.
   */
  public record LimitLine(String label, String configured, String effective) {

    static List<LimitLine> of(Page p, EnterpriseLimitsView view) {
      Limits set = view.configured();
      Limits now = view.effective();
      return List.of(
          line(p, "settings.max-connections", set.maxConnections(), now.maxConnections()),
          line(
              p,
              "settings.device-messages",
              set.deviceMessagesPerSecond(),
              now.deviceMessagesPerSecond()),
          line(
              p,
              "settings.enterprise-messages",
              set.enterpriseMessagesPerSecond(),
              now.enterpriseMessagesPerSecond()),
          line(p, "settings.device-bytes", set.deviceBytesPerDay(), now.deviceBytesPerDay()),
          line(
              p,
              "settings.enterprise-bytes",
              set.enterpriseBytesPerDay(),
              now.enterpriseBytesPerDay()));
    }

    private static LimitLine line(Page p, String label, Number configured, Number effective) {
      return new LimitLine(
          p.t(label),
          configured == null ? p.t("limits.inherited") : amount(p, configured),
          effective == null ? "–" : amount(p, effective));
    }

    private static String amount(Page p, Number n) {
      return n.longValue() == 0 ? p.t("limits.unlimited") : p.count(n);
    }
  }

  private Page page(Caller caller, EnterpriseRef ref) {
    return pages.page(caller, ref.park().zone());
  }
}
