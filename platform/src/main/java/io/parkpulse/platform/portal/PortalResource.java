package io.parkpulse.platform.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.access.ClientAddress;
import io.parkpulse.platform.access.SessionCookies;
import io.parkpulse.platform.access.SessionService;
import io.parkpulse.platform.access.SessionService.LoginResult;
import io.parkpulse.platform.access.TokenAuthMechanism;
import io.parkpulse.platform.alarms.AlarmService;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.commands.CommandService;
import io.parkpulse.platform.commands.CommandService.CommandCall;
import io.parkpulse.platform.devices.DeviceService;
import io.parkpulse.platform.maturity.AssessmentService;
import io.parkpulse.platform.maturity.declarations.DeclarationService;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.AnswerRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.QuestionView;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.VerificationRequest;
import io.parkpulse.platform.maturity.output.ReportedOutputService;
import io.parkpulse.platform.maturity.output.ReportedOutputService.ReportRequest;
import io.parkpulse.platform.maturity.output.ReportedOutputService.ReportedOutput;
import io.parkpulse.platform.maturity.readmodel.Assessor.Stored;
import io.parkpulse.platform.portal.Texts.Lang;
import io.parkpulse.platform.portal.readmodel.PortalQueries.DeviceRow;
import io.parkpulse.platform.portal.readmodel.PortalQueries.EnterpriseRow;
import io.parkpulse.platform.portal.readmodel.PortalQueries.ParkRef;
import io.parkpulse.platform.portal.readmodel.PortalQueries.ProductionDay;
import io.parkpulse.platform.portal.readmodel.PortalQueries.SentCommand;
import io.parkpulse.platform.portal.views.PortalViews;
import io.parkpulse.platform.portal.views.PortalViews.EnterpriseRef;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServerErrorException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The web portal: server-rendered pages over the same scoping and the same operations as the API.
 * Each method maps a request to a page and delegates; what the caller may not see answers the
 * not-found page, exactly as the API answers 404.
 */
@Path("/portal")
@Produces(MediaType.TEXT_HTML)
public class PortalResource {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Days of OEE and energy an enterprise's page shows. */
  static final int PRODUCTION_DAYS = 7;

  private final Pages pages;
  private final HttpServerRequest request;
  private final SessionService sessions;
  private final SessionCookies cookies;
  private final AssessmentService assessments;
  private final DeclarationService declarations;
  private final AlarmService alarms;
  private final DeviceService devices;
  private final CommandService commands;
  private final ReportedOutputService reportedOutput;
  private final Workers workers;
  private final PortalViews views;
  private final String gatewayUri;

  PortalResource(
      Pages pages,
      HttpServerRequest request,
      SessionService sessions,
      SessionCookies cookies,
      AssessmentService assessments,
      DeclarationService declarations,
      AlarmService alarms,
      DeviceService devices,
      CommandService commands,
      ReportedOutputService reportedOutput,
      Workers workers,
      PortalViews views,
      PlatformConfig config) {
    this.pages = pages;
    this.request = request;
    this.sessions = sessions;
    this.cookies = cookies;
    this.assessments = assessments;
    this.declarations = declarations;
    this.alarms = alarms;
    this.devices = devices;
    this.commands = commands;
    this.reportedOutput = reportedOutput;
    this.workers = workers;
    this.views = views;
    this.gatewayUri = config.portal().gatewayUri();
  }

  // Signing in and out, language.

  @GET
  public Response home() {
    Caller caller = caller();
    return redirect(
        caller.role().isEnterpriseRole()
            ? "/portal/enterprises/" + caller.enterprise()
            : "/portal/overview");
  }

  @GET
  @Path("/login")
  public TemplateInstance loginPage(@QueryParam("next") String next) {
    return Templates.login(page(null, Page.DEFAULT_ZONE), "", safeNext(next), null);
  }

  @POST
  @Path("/login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> login(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String user,
      @RestForm String password,
      @RestForm String next) {
    pages.requireCsrf(csrf);
    Page page = page(null, Page.DEFAULT_ZONE);
    if (user == null || user.isBlank() || password == null || password.isEmpty()) {
      return Uni.createFrom().item(loginAgain(page, user, next, page.t("login.missing")));
    }
    return sessions
        .login(user.strip(), password, ClientAddress.of(request))
        .map(
            result -> {
              if (result instanceof LoginResult.Session s) {
                return Response.seeOther(URI.create(safeNext(next)))
                    .cookie(cookies.open(s.token(), s.expiresAt(), request))
                    .build();
              }
              if (result instanceof LoginResult.Throttled t) {
                return Response.fromResponse(
                        loginAgain(page, user, next, page.t("login.locked", page.time(t.until()))))
                    .status(429)
                    .header(HttpHeaders.RETRY_AFTER, t.retryAfterSeconds())
                    .build();
              }
              return loginAgain(page, user, next, page.t("login.refused"));
            });
  }

  private static Response loginAgain(Page page, String user, String next, String error) {
    return Response.status(Response.Status.UNAUTHORIZED)
        .entity(Templates.login(page, user == null ? "" : user, safeNext(next), error))
        .build();
  }

  @POST
  @Path("/logout")
  public Uni<Response> logout(@RestForm(Csrf.FIELD) String csrf) {
    pages.requireCsrf(csrf);
    Cookie session = request.getCookie(TokenAuthMechanism.COOKIE);
    Uni<Void> ended =
        session == null ? Uni.createFrom().voidItem() : sessions.logout(session.getValue());
    return ended.replaceWith(
        () ->
            Response.seeOther(URI.create("/portal/login")).cookie(cookies.ended(request)).build());
  }

  @GET
  @Path("/language/{lang}")
  public Response language(@PathParam("lang") String lang, @QueryParam("next") String next) {
    NewCookie cookie =
        new NewCookie.Builder(Pages.LANG_COOKIE)
            .value(Lang.of(lang).id())
            .path("/")
            .maxAge((int) Duration.ofDays(365).toSeconds())
            .sameSite(NewCookie.SameSite.LAX)
            .build();
    return Response.seeOther(URI.create(safeNext(next))).cookie(cookie).build();
  }

  // The park.

  @GET
  @Path("/overview")
  public Uni<TemplateInstance> overview(@QueryParam("park") String park) {
    Caller caller = caller();
    return views
        .parks(caller)
        .flatMap(
            parks ->
                views
                    .park(caller, choosePark(caller, park, parks))
                    .flatMap(views::overview)
                    .map(
                        overview ->
                            Templates.overview(
                                page(caller, overview.park().zone()), overview, parks)));
  }

  @GET
  @Path("/enterprises")
  public Uni<TemplateInstance> enterprises(
      @QueryParam("park") String park, @QueryParam("q") String q, @QueryParam("sort") String sort) {
    Caller caller = caller();
    String filter = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
    return views
        .parks(caller)
        .flatMap(parks -> views.park(caller, choosePark(caller, park, parks)))
        .flatMap(
            chosen ->
                views
                    .enterprises(chosen)
                    .map(
                        all ->
                            Templates.enterprises(
                                page(caller, chosen.zone()),
                                chosen,
                                all.stream()
                                    .filter(
                                        e ->
                                            filter.isEmpty()
                                                || e.id().contains(filter)
                                                || e.name()
                                                    .toLowerCase(Locale.ROOT)
                                                    .contains(filter)
                                                || e.industry()
                                                    .toLowerCase(Locale.ROOT)
                                                    .contains(filter))
                                    .sorted(order(sort))
                                    .toList(),
                                q == null ? "" : q,
                                sortKey(sort))));
  }

  @GET
  @Path("/enterprises/{enterprise}")
  public Uni<TemplateInstance> enterprise(@PathParam("enterprise") String enterprise) {
    return enterprisePage(enterprise, null);
  }

  private Uni<TemplateInstance> enterprisePage(String enterprise, String error) {
    Caller caller = caller();
    return assessments
        .recent(caller, enterprise, 60)
        .flatMap(
            history ->
                reportedOutput
                    .list(caller, enterprise, null, null)
                    .map(reported -> new Maturity(history, reported)))
        .flatMap(
            maturity ->
                views
                    .enterprise(caller, enterprise)
                    .flatMap(
                        ref ->
                            views
                                .devices(ref)
                                .flatMap(
                                    devices ->
                                        views
                                            .production(ref, PRODUCTION_DAYS)
                                            .map(
                                                production ->
                                                    enterpriseTemplate(
                                                        caller,
                                                        ref,
                                                        maturity,
                                                        devices,
                                                        production,
                                                        error)))));
  }

  private TemplateInstance enterpriseTemplate(
      Caller caller,
      EnterpriseRef ref,
      Maturity maturity,
      List<DeviceRow> devices,
      List<ProductionDay> production,
      String error) {
    Map<String, Double> reported = new HashMap<>();
    for (ReportedOutput r : maturity.reported()) {
      reported.put(r.day().toString(), r.quantity());
    }
    return Templates.enterprise(
        page(caller, ref.park().zone()),
        ref.park(),
        ref.row(),
        EnterpriseDetail.of(maturity.history()),
        devices,
        new ProductionChart(production, reported),
        error);
  }

  /** What the enterprise page shows of maturity: assessments and reported output. */
  private record Maturity(List<Stored> history, List<ReportedOutput> reported) {}

  /** The enterprise reports a day's output (good units), which O11 compares with its machines'. */
  @POST
  @Path("/enterprises/{enterprise}/reported-output")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> reportOutput(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @RestForm String day,
      @RestForm String quantity,
      @RestForm String unit) {
    pages.requireCsrf(csrf);
    Double units = null;
    try {
      units = quantity == null ? null : Double.valueOf(quantity.strip().replace(',', '.'));
    } catch (NumberFormatException e) {
      return enterprisePage(enterprise, "quantity: must be a number, 0 or more")
          .map(page -> Response.status(Response.Status.BAD_REQUEST).entity(page).build());
    }
    return reportedOutput
        .report(
            caller(),
            enterprise,
            day == null ? "" : day.strip(),
            new ReportRequest(units, unit == null || unit.isBlank() ? null : unit.strip()))
        .map(r -> redirect("/portal/enterprises/" + enterprise + "#production"))
        .onFailure(BadRequestException.class)
        .recoverWithUni(
            e ->
                enterprisePage(enterprise, PortalProblems.message((BadRequestException) e))
                    .map(
                        page -> Response.status(Response.Status.BAD_REQUEST).entity(page).build()));
  }

  @POST
  @Path("/enterprises/{enterprise}/assessments")
  public Uni<Response> assess(
      @RestForm(Csrf.FIELD) String csrf, @PathParam("enterprise") String enterprise) {
    pages.requireCsrf(csrf);
    return assessments
        .assess(caller(), enterprise)
        .map(a -> redirect("/portal/enterprises/" + enterprise));
  }

  // Devices.

  @GET
  @Path("/enterprises/{enterprise}/devices/new")
  public Uni<TemplateInstance> newDevice(@PathParam("enterprise") String enterprise) {
    Caller caller = caller();
    return managedScope(caller, enterprise)
        .map(
            scoped ->
                Templates.newDevice(
                    page(caller, scoped.park().zone()),
                    scoped.row(),
                    DeviceForm.empty(),
                    List.of()));
  }

  @POST
  @Path("/enterprises/{enterprise}/devices")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> createDevice(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @RestForm String id,
      @RestForm String name,
      @RestForm String type,
      @RestForm String site,
      @RestForm String line,
      @RestForm String ratedPowerKw,
      @RestForm String criticality) {
    pages.requireCsrf(csrf);
    Caller caller = caller();
    DeviceForm form = new DeviceForm(id, name, type, site, line, ratedPowerKw, criticality);
    return managedScope(caller, enterprise)
        .flatMap(
            scoped -> {
              Page page = page(caller, scoped.park().zone());
              List<String> problems = form.problems().stream().map(page::t).toList();
              if (!problems.isEmpty()) {
                return Uni.createFrom().item(formAgain(page, scoped.row(), form, problems));
              }
              return devices
                  .create(caller, enterprise, form.request())
                  .map(
                      c ->
                          Response.status(Response.Status.CREATED)
                              .header(HttpHeaders.CACHE_CONTROL, "no-store")
                              .entity(
                                  Templates.credentials(
                                      page,
                                      scoped.row(),
                                      c.device().id(),
                                      c.username(),
                                      c.secret(),
                                      DeviceForm.agentYaml(
                                          gatewayUri, enterprise, c.device().id(), c.secret())))
                              .build())
                  .onFailure(PortalProblems::isFormProblem)
                  .recoverWithItem(
                      e ->
                          formAgain(
                              page,
                              scoped.row(),
                              form,
                              List.of(
                                  page.t(
                                      "device.form.refused",
                                      PortalProblems.message((ClientErrorException) e)))));
            });
  }

  /** The enterprise's park and line, a 404 or 403 unless the caller may add its devices. */
  private Uni<EnterpriseRef> managedScope(Caller caller, String enterprise) {
    return devices.managedTenant(caller, enterprise).flatMap(views::enterprise);
  }

  private static Response formAgain(
      Page page, EnterpriseRow row, DeviceForm form, List<String> problems) {
    return Response.status(Response.Status.BAD_REQUEST)
        .entity(Templates.newDevice(page, row, form, problems))
        .build();
  }

  @GET
  @Path("/enterprises/{enterprise}/devices/{device}")
  public Uni<TemplateInstance> device(
      @PathParam("enterprise") String enterprise, @PathParam("device") String device) {
    return devicePage(enterprise, device, null);
  }

  /** Sends a command to the device and shows its answer, or why there is none. */
  @POST
  @Path("/enterprises/{enterprise}/devices/{device}/commands")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<TemplateInstance> command(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @RestForm String name,
      @RestForm String payload) {
    pages.requireCsrf(csrf);
    pages.caller();
    JsonNode arguments;
    try {
      arguments = payload == null || payload.isBlank() ? null : JSON.readTree(payload.strip());
    } catch (JsonProcessingException e) {
      return devicePage(
          enterprise, device, new CommandAnswer(name, 400, "payload: " + e.getOriginalMessage()));
    }
    Caller caller = caller();
    return Uni.createFrom()
        .deferred(
            () -> commands.send(caller, enterprise, device, new CommandCall(name, arguments, null)))
        .map(r -> new CommandAnswer(name, r.status(), r.payload()))
        .onFailure(
            e ->
                e instanceof WebApplicationException w && PortalProblems.isFormProblem(w)
                    || e instanceof ServerErrorException)
        .recoverWithItem(
            e ->
                new CommandAnswer(
                    name,
                    ((WebApplicationException) e).getResponse().getStatus(),
                    PortalProblems.message((WebApplicationException) e)))
        .flatMap(answer -> devicePage(enterprise, device, answer));
  }

  private Uni<TemplateInstance> devicePage(String enterprise, String device, CommandAnswer answer) {
    Caller caller = caller();
    return views
        .enterprise(caller, enterprise)
        .flatMap(
            ref ->
                views
                    .devices(ref)
                    .map(
                        all ->
                            all.stream()
                                .filter(d -> d.id().equals(device))
                                .findFirst()
                                .orElseThrow(NotFoundException::new))
                    .flatMap(
                        row ->
                            // Viewers do not read the audit log, here as in the API.
                            (caller.role() == Role.ENTERPRISE_VIEWER
                                    ? Uni.createFrom().item(List.<SentCommand>of())
                                    : views.commands(ref, device, 10))
                                .map(
                                    sent ->
                                        Templates.device(
                                            page(caller, ref.park().zone()),
                                            ref.park(),
                                            ref.row(),
                                            row,
                                            "/api/v1/enterprises/"
                                                + enterprise
                                                + "/devices/"
                                                + device
                                                + "/series",
                                            sent,
                                            answer))));
  }

  // The questionnaire.

  @GET
  @Path("/enterprises/{enterprise}/questionnaire")
  public Uni<TemplateInstance> questionnaire(@PathParam("enterprise") String enterprise) {
    Caller caller = caller();
    return declarations
        .questionnaire(caller, enterprise)
        .flatMap(questions -> questionnairePage(caller, enterprise, questions, null));
  }

  @POST
  @Path("/enterprises/{enterprise}/questionnaire/{question}")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Uni<Response> answer(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @PathParam("question") String question,
      @RestForm String answer,
      @RestForm String note,
      @RestForm("attachment") FileUpload attachment) {
    pages.requireCsrf(csrf);
    Caller caller = caller();
    return workers
        .run(
            () -> {
              String name = null;
              String base64 = null;
              if (attachment != null && attachment.size() > 0) {
                name = attachment.fileName();
                base64 =
                    Base64.getEncoder()
                        .encodeToString(Files.readAllBytes(attachment.uploadedFile()));
              }
              return new AnswerRequest(
                  answer, note == null || note.isBlank() ? null : note, name, base64);
            })
        .flatMap(request -> declarations.answer(caller, enterprise, question, request))
        .map(q -> redirect("/portal/enterprises/" + enterprise + "/questionnaire#" + question))
        .onFailure(BadRequestException.class)
        .recoverWithUni(
            e ->
                declarations
                    .questionnaire(caller, enterprise)
                    .flatMap(
                        questions ->
                            questionnairePage(
                                caller,
                                enterprise,
                                questions,
                                PortalProblems.message((BadRequestException) e)))
                    .map(
                        page -> Response.status(Response.Status.BAD_REQUEST).entity(page).build()));
  }

  @POST
  @Path("/enterprises/{enterprise}/questionnaire/{question}/verification")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> verify(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @PathParam("question") String question,
      @RestForm String verified) {
    pages.requireCsrf(csrf);
    return declarations
        .verifyAnswer(
            caller(), enterprise, question, new VerificationRequest("true".equals(verified)))
        .map(q -> redirect("/portal/enterprises/" + enterprise + "/questionnaire#" + question));
  }

  private Uni<TemplateInstance> questionnairePage(
      Caller caller, String enterprise, List<QuestionView> questions, String error) {
    return views
        .enterprise(caller, enterprise)
        .map(
            ref ->
                Templates.questionnaire(
                    page(caller, ref.park().zone()), ref.row(), questions, error));
  }

  // Alarms.

  @GET
  @Path("/alarms")
  public Uni<TemplateInstance> alarms(
      @QueryParam("status") String status,
      @QueryParam("enterprise") String enterprise,
      @QueryParam("rule") String rule) {
    Caller caller = caller();
    String chosen = blankToNull(status);
    String ofEnterprise = blankToNull(enterprise);
    String ofRule = blankToNull(rule);
    return views
        .zones(caller)
        .flatMap(
            zones ->
                alarms
                    .list(caller, ofEnterprise, ofRule, chosen, 200)
                    .map(
                        list ->
                            Templates.alarms(
                                pages.page(caller, zones),
                                list,
                                chosen == null ? "" : chosen,
                                ofEnterprise == null ? "" : ofEnterprise,
                                ofRule == null ? "" : ofRule)));
  }

  @POST
  @Path("/alarms/{id}/acknowledge")
  public Uni<Response> acknowledge(@RestForm(Csrf.FIELD) String csrf, @PathParam("id") long id) {
    pages.requireCsrf(csrf);
    return alarms.acknowledge(caller(), id).map(done -> redirect("/portal/alarms"));
  }

  @POST
  @Path("/alarms/{id}/close")
  public Uni<Response> close(@RestForm(Csrf.FIELD) String csrf, @PathParam("id") long id) {
    pages.requireCsrf(csrf);
    return alarms.close(caller(), id).map(done -> redirect("/portal/alarms"));
  }

  // Helpers.

  private Caller caller() {
    return pages.caller();
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private Page page(Caller caller, ZoneId zone) {
    return pages.page(caller, zone);
  }

  private static String choosePark(Caller caller, String park, List<ParkRef> parks) {
    if (park != null && !park.isBlank()) {
      return park;
    }
    if (caller.park() != null) {
      return caller.park();
    }
    if (parks.isEmpty()) {
      throw new NotFoundException();
    }
    return parks.get(0).id();
  }

  private static String sortKey(String sort) {
    return sort == null
            || !List.of("name", "level", "trend", "devices", "completeness").contains(sort)
        ? "level"
        : sort;
  }

  private static Comparator<EnterpriseRow> order(String sort) {
    Comparator<EnterpriseRow> byName = Comparator.comparing(EnterpriseRow::name);
    return switch (sortKey(sort)) {
      case "name" -> byName;
      case "trend" ->
          Comparator.comparingDouble((EnterpriseRow e) -> nanLast(e.trend())).thenComparing(byName);
      case "devices" ->
          Comparator.comparingInt(EnterpriseRow::devices).reversed().thenComparing(byName);
      case "completeness" ->
          Comparator.comparingDouble((EnterpriseRow e) -> nanLast(e.completeness()))
              .thenComparing(byName);
      default ->
          Comparator.comparingDouble((EnterpriseRow e) -> nanLast(e.total())).thenComparing(byName);
    };
  }

  /** For sorting high to low with the unknown last. */
  private static double nanLast(double value) {
    return Double.isNaN(value) ? Double.MAX_VALUE : -value;
  }

  /** Only a path within the portal: never another site (an open redirect). */
  static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/portal")
        || next.startsWith("//")
        || next.contains("\\")
        || !next.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      return "/portal";
    }
    try {
      URI.create(next);
      return next;
    } catch (IllegalArgumentException e) {
      return "/portal";
    }
  }

  private static Response redirect(String location) {
    return Response.seeOther(URI.create(location)).build();
  }
}
