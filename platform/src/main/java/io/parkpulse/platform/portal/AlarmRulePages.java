package io.parkpulse.platform.portal;

import io.parkpulse.platform.alarms.AlarmRuleService;
import io.parkpulse.platform.alarms.AlarmRuleService.RuleView;
import io.parkpulse.platform.alarms.RulePreviewService;
import io.parkpulse.platform.alarms.RulePreviewService.DeviceChoice;
import io.parkpulse.platform.alarms.RulePreviewService.Preview;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.devices.ProfileService;
import io.parkpulse.platform.devices.ProfileService.ProfileView;
import io.parkpulse.platform.parks.EnterpriseService;
import io.parkpulse.platform.parks.EnterpriseView;
import io.parkpulse.platform.portal.views.PortalViews;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The alarm rules in the portal, over {@link AlarmRuleService} and {@link RulePreviewService}:
 * everyone sees the rules of their scope with their condition in words; a park's operator adds
 * park-wide rules and rules of its enterprises, an enterprise's admin its enterprise's; before
 * saving, the form shows how the rule would have fired on one device's last 24 hours.
 */
@Path("/portal/alarms/rules")
@Produces(MediaType.TEXT_HTML)
public class AlarmRulePages {

  private final Pages pages;
  private final AlarmRuleService rules;
  private final RulePreviewService previews;
  private final ProfileService profiles;
  private final EnterpriseService enterprises;
  private final PortalViews views;

  AlarmRulePages(
      Pages pages,
      AlarmRuleService rules,
      RulePreviewService previews,
      ProfileService profiles,
      EnterpriseService enterprises,
      PortalViews views) {
    this.pages = pages;
    this.rules = rules;
    this.previews = previews;
    this.profiles = profiles;
    this.enterprises = enterprises;
    this.views = views;
  }

  /** A rule with its condition in words. */
  public record RuleLine(RuleView rule, String words) {}

  /**
   * What the page shows.
   *
   * @param park the park new rules are added to; null for a platform admin who named none
   * @param mayAdd whether the caller adds rules (not viewers)
   * @param fixedEnterprise an enterprise admin's own enterprise, the only one its rules are for
   */
  public record RulesModel(
      String park,
      boolean mayAdd,
      String fixedEnterprise,
      List<RuleLine> rules,
      List<EnterpriseView> enterprises,
      List<ProfileView> profiles,
      List<DeviceChoice> devices) {}

  /** A preview as the page shows it, with its chart's data as JSON. */
  public record PreviewModel(Preview preview, String seriesJson, String transitionsJson) {}

  @GET
  public Uni<TemplateInstance> list(@QueryParam("park") String park) {
    Caller caller = pages.caller();
    String chosen = park(caller, park);
    return render(caller, chosen, RuleForm.empty(chosen, fixedEnterprise(caller)), null, null);
  }

  /** Adds the rule; the form again with the API's reason when it is refused. */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> add(@RestForm(Csrf.FIELD) String csrf, @BeanParam RuleForm form) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    scope(caller, form);
    if (!form.hasCondition()) {
      return refusedWith(caller, form, noCondition(caller), 400);
    }
    return Uni.createFrom()
        .deferred(() -> rules.create(caller, form.request()))
        .map(saved -> PortalForms.redirect(url(form.park) + "#rule-" + saved.id()))
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(e -> refused(caller, form, e));
  }

  /** Shows how the rule as typed would have fired on the chosen device's last 24 hours. */
  @POST
  @Path("/preview")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> preview(@RestForm(Csrf.FIELD) String csrf, @BeanParam RuleForm form) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    scope(caller, form);
    if (!form.hasCondition()) {
      return refusedWith(caller, form, noCondition(caller), 400);
    }
    return Uni.createFrom()
        .deferred(() -> previews.preview(caller, form.previewRequest()))
        .flatMap(
            preview ->
                render(
                        caller,
                        form.park,
                        form,
                        null,
                        new PreviewModel(preview, seriesJson(preview), transitionsJson(preview)))
                    .map(page -> Response.ok(page).build()))
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(e -> refused(caller, form, e));
  }

  /** The preview's points as {@code [{"point", "samples": [[ms, value], ...]}]}, for the chart. */
  static String seriesJson(Preview preview) {
    return Json.write(
        preview.series().stream()
            .map(
                s ->
                    Map.of(
                        "point",
                        s.point(),
                        "samples",
                        s.samples().stream()
                            .map(x -> List.of(x.at().toEpochMilli(), x.value()))
                            .toList()))
            .toList());
  }

  /** The preview's changes as {@code [{"change", "at": ms}, ...]}, for the chart. */
  static String transitionsJson(Preview preview) {
    return Json.write(
        preview.transitions().stream()
            .map(t -> Map.of("change", t.change(), "at", t.at().toEpochMilli()))
            .toList());
  }

  @POST
  @Path("/{id}/removal")
  public Uni<Response> remove(
      @RestForm(Csrf.FIELD) String csrf, @RestForm String park, @PathParam("id") String id) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    String chosen = park(caller, park);
    return rules.delete(caller, id).map(done -> PortalForms.redirect(url(chosen)));
  }

  private String noCondition(Caller caller) {
    return pages.page(caller, Page.DEFAULT_ZONE).t("rules.no-condition");
  }

  private Uni<Response> refused(Caller caller, RuleForm form, Throwable e) {
    ClientErrorException error = (ClientErrorException) e;
    return refusedWith(
        caller, form, PortalProblems.message(error), error.getResponse().getStatus());
  }

  private Uni<Response> refusedWith(Caller caller, RuleForm form, String problem, int status) {
    return render(caller, form.park, form, problem, null)
        .map(page -> Response.status(status).entity(page).build());
  }

  private Uni<TemplateInstance> render(
      Caller caller, String park, RuleForm form, String problem, PreviewModel preview) {
    Uni<Page> page = views.zones(caller).map(zones -> pages.page(caller, zones));
    return page.flatMap(
        p ->
            rules
                .rules(caller)
                .flatMap(
                    list ->
                        enterprises(caller, park)
                            .flatMap(
                                es ->
                                    profiles
                                        .list(caller)
                                        .flatMap(
                                            ps ->
                                                previews
                                                    .devices(caller)
                                                    .map(
                                                        ds ->
                                                            Templates.alarmRules(
                                                                p,
                                                                model(p, park, list, es, ps, ds),
                                                                form,
                                                                problem,
                                                                preview))))));
  }

  private RulesModel model(
      Page page,
      String park,
      List<RuleView> list,
      List<EnterpriseView> enterprises,
      List<ProfileView> profiles,
      List<DeviceChoice> devices) {
    RuleWords words = new RuleWords(page);
    return new RulesModel(
        park,
        page.mayChange() && park != null,
        fixedEnterprise(page),
        list.stream().map(r -> new RuleLine(r, words.describe(r))).toList(),
        enterprises,
        profiles.stream().filter(p -> park == null || park.equals(p.park())).toList(),
        devices.stream().filter(d -> park == null || park.equals(d.park())).toList());
  }

  /** The enterprises a park operator may give a rule to; none for other roles. */
  private Uni<List<EnterpriseView>> enterprises(Caller caller, String park) {
    if (park == null || caller.role().isEnterpriseRole()) {
      return Uni.createFrom().item(List.of());
    }
    return enterprises.list(caller, park);
  }

  /** Fixes the form's park and, for enterprise roles, its enterprise to the caller's. */
  private static void scope(Caller caller, RuleForm form) {
    form.park = park(caller, form.park);
    if (caller.role().isEnterpriseRole()) {
      form.enterprise = caller.enterprise();
    }
  }

  private static String fixedEnterprise(Caller caller) {
    return caller.role().isEnterpriseRole() ? caller.enterprise() : null;
  }

  private static String fixedEnterprise(Page page) {
    return page.ownEnterprise().isEmpty() ? null : page.ownEnterprise();
  }

  /** The caller's park; a platform admin names one, or sees the rules of every park. */
  private static String park(Caller caller, String park) {
    if (caller.park() != null) {
      return caller.park();
    }
    return park == null || park.isBlank() || caller.role() != Role.PLATFORM_ADMIN
        ? null
        : park.strip();
  }

  private static String url(String park) {
    return "/portal/alarms/rules"
        + (park == null ? "" : "?park=" + URLEncoder.encode(park, StandardCharsets.UTF_8));
  }
}
