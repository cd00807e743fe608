package io.parkpulse.platform.portal;

import io.parkpulse.platform.access.TokenService;
import io.parkpulse.platform.access.TokenService.CreatedToken;
import io.parkpulse.platform.access.TokenService.TokenRequest;
import io.parkpulse.platform.access.UserService;
import io.parkpulse.platform.access.UserService.UserRequest;
import io.parkpulse.platform.audit.AuditService;
import io.parkpulse.platform.limits.LimitsService;
import io.parkpulse.platform.parks.EnterpriseRequest;
import io.parkpulse.platform.parks.EnterpriseService;
import io.parkpulse.platform.parks.ParkRequest;
import io.parkpulse.platform.parks.ParkService;
import io.parkpulse.platform.parks.ParkView;
import io.parkpulse.platform.portal.views.PortalViews;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Limits;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Administration in the portal: enterprises, users, API tokens and the audit log, through the API's
 * own operations, so that the portal can do exactly what the caller's role may do.
 */
@Path("/portal/admin")
@Produces(MediaType.TEXT_HTML)
public class AdminResource {

  private final Pages pages;
  private final UserService users;
  private final TokenService tokens;
  private final AuditService audit;
  private final EnterpriseService enterprises;
  private final ParkService parks;
  private final LimitsService parkLimits;
  private final PortalViews views;

  AdminResource(
      Pages pages,
      UserService users,
      TokenService tokens,
      AuditService audit,
      EnterpriseService enterprises,
      ParkService parks,
      LimitsService parkLimits,
      PortalViews views) {
    this.pages = pages;
    this.users = users;
    this.tokens = tokens;
    this.audit = audit;
    this.enterprises = enterprises;
    this.parks = parks;
    this.parkLimits = parkLimits;
    this.views = views;
  }

  /** The administration page; {@code message} is a problem to show or a token to show once. */
  @GET
  public Uni<TemplateInstance> admin() {
    return render(null, null);
  }

  @POST
  @Path("/enterprises")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> createEnterprise(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String id,
      @RestForm String park,
      @RestForm String name,
      @RestForm String industry,
      @RestForm String size) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    EnterpriseRequest request =
        new EnterpriseRequest(
            trim(id),
            caller.park() != null ? caller.park() : trim(park),
            trim(name),
            trim(industry),
            size,
            List.of());
    return orProblem(
        () ->
            enterprises
                .create(caller, request)
                .map(
                    created ->
                        Response.seeOther(URI.create("/portal/enterprises/" + request.id()))
                            .build()));
  }

  /** A new park with its topics (platform admins). */
  @POST
  @Path("/parks")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> createPark(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String id,
      @RestForm String name,
      @RestForm String timezone) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    ParkRequest request =
        new ParkRequest(
            trim(id),
            trim(name),
            timezone == null || timezone.isBlank() ? null : timezone.strip(),
            null,
            null,
            null,
            null,
            null);
    return orProblem(
        () ->
            parks
                .create(caller, request)
                .map(
                    created ->
                        Response.seeOther(URI.create("/portal/overview?park=" + request.id()))
                            .build()));
  }

  @POST
  @Path("/users")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> createUser(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String id,
      @RestForm String displayName,
      @RestForm String password,
      @RestForm String role,
      @RestForm String enterprise) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    String scopedEnterprise =
        caller.role().isEnterpriseRole() ? caller.enterprise() : blankToNull(enterprise);
    UserRequest request =
        new UserRequest(
            trim(id),
            trim(displayName),
            password,
            role,
            caller.park(),
            scopedEnterprise,
            true,
            null);
    return orProblem(
        () ->
            users
                .create(caller, request)
                .map(created -> Response.seeOther(URI.create("/portal/admin#users")).build()));
  }

  @POST
  @Path("/tokens")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> createToken(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String name,
      @RestForm String role,
      @RestForm String enterprise) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    String scopedEnterprise =
        caller.role().isEnterpriseRole() ? caller.enterprise() : blankToNull(enterprise);
    TokenRequest request =
        new TokenRequest(trim(name), role, caller.park(), scopedEnterprise, null);
    return orProblem(
        () ->
            tokens
                .create(caller, request)
                .flatMap(
                    created ->
                        render(null, created)
                            .map(
                                page ->
                                    Response.status(201)
                                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                                        .entity(page)
                                        .build())));
  }

  @POST
  @Path("/tokens/{id}/revocation")
  public Uni<Response> revokeToken(@RestForm(Csrf.FIELD) String csrf, @PathParam("id") String id) {
    pages.requireCsrf(csrf);
    return tokens
        .revoke(pages.caller(), id)
        .map(done -> Response.seeOther(URI.create("/portal/admin#tokens")).build());
  }

  /** The park's settings and its enterprises' default limits (operators). */
  @GET
  @Path("/park")
  public Uni<TemplateInstance> parkSettings() {
    Caller caller = pages.caller();
    String park = ownPark(caller);
    return parks
        .get(caller, park)
        .flatMap(
            view ->
                parkLimits
                    .park(caller, park)
                    .map(
                        limits ->
                            Templates.parkSettings(
                                pages.page(caller, Page.DEFAULT_ZONE),
                                view,
                                ParkSettingsForm.of(view, limits.defaults()),
                                List.of(),
                                false)));
  }

  @POST
  @Path("/park")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> saveParkSettings(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String name,
      @RestForm String timezone,
      @RestForm String retentionDays,
      @RestForm String shifts,
      @RestForm String maxConnections,
      @RestForm String deviceMessagesPerSecond,
      @RestForm String enterpriseMessagesPerSecond,
      @RestForm String deviceBytesPerDay,
      @RestForm String enterpriseBytesPerDay) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    String park = ownPark(caller);
    Page page = pages.page(caller, Page.DEFAULT_ZONE);
    ParkSettingsForm form =
        new ParkSettingsForm(
            name,
            timezone,
            retentionDays,
            shifts,
            maxConnections,
            deviceMessagesPerSecond,
            enterpriseMessagesPerSecond,
            deviceBytesPerDay,
            enterpriseBytesPerDay);
    List<String> problems =
        form.problems().stream().map(k -> page.t("settings.invalid", page.t(k))).toList();
    if (!problems.isEmpty()) {
      return parks.get(caller, park).map(view -> settingsAgain(page, view, form, problems, 400));
    }
    return Uni.createFrom()
        .item(form::limits)
        .map(Limits::validated)
        .flatMap(limits -> parks.update(caller, park, form.parkRequest(park)))
        .flatMap(view -> parkLimits.setPark(caller, park, form.limits()).replaceWith(view))
        .map(view -> Response.ok(Templates.parkSettings(page, view, form, List.of(), true)).build())
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(
            e ->
                parks
                    .get(caller, park)
                    .map(
                        view ->
                            settingsAgain(
                                page,
                                view,
                                form,
                                List.of(PortalProblems.message((ClientErrorException) e)),
                                ((ClientErrorException) e).getResponse().getStatus())));
  }

  private static Response settingsAgain(
      Page page, ParkView view, ParkSettingsForm form, List<String> problems, int status) {
    return Response.status(status)
        .entity(Templates.parkSettings(page, view, form, problems, false))
        .build();
  }

  /** The park of an operator; platform admins manage parks through the API. */
  private static String ownPark(Caller caller) {
    if (caller.role() != Role.PARK_OPERATOR) {
      throw new NotFoundException();
    }
    return caller.park();
  }

  private Uni<TemplateInstance> render(String problem, CreatedToken token) {
    Caller caller = pages.caller();
    return views
        .zones(caller)
        .flatMap(
            zones ->
                users
                    .list(caller)
                    .flatMap(
                        userList ->
                            tokens
                                .list(caller)
                                .flatMap(
                                    tokenList ->
                                        audit(caller)
                                            .map(
                                                auditList ->
                                                    Templates.admin(
                                                        pages.page(caller, zones),
                                                        userList,
                                                        tokenList,
                                                        auditList,
                                                        problem,
                                                        token)))));
  }

  /** The audit log, for those who may read it; enterprise viewers may not. */
  private Uni<List<AuditService.AuditView>> audit(Caller caller) {
    if (caller.role() == Role.ENTERPRISE_VIEWER) {
      return Uni.createFrom().item(List.of());
    }
    return audit.list(caller, null, null, 50);
  }

  /**
   * Runs an operation of the API; a refusal the form can explain (a taken id, a bad field) shows
   * the page again with the API's message, as a 400 or 409.
   */
  private Uni<Response> orProblem(Supplier<Uni<Response>> operation) {
    Uni<Response> result;
    try {
      result = operation.get();
    } catch (ClientErrorException e) {
      result = Uni.createFrom().failure(e);
    }
    return result
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(
            e -> {
              ClientErrorException error = (ClientErrorException) e;
              String message = PortalProblems.message(error);
              return render(message, null)
                  .map(
                      page ->
                          Response.status(error.getResponse().getStatus()).entity(page).build());
            });
  }

  private static String trim(String s) {
    return s == null ? null : s.strip();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
