package io.parkpulse.platform.portal;

import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.limits.LimitsService;
import io.parkpulse.platform.limits.LimitsService.EnterpriseLimitsView;
import io.parkpulse.platform.maturity.declarations.DeclarationService;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.DeclarationRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.ItemView;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.VerificationRequest;
import io.parkpulse.platform.parks.TrustAnchorService;
import io.parkpulse.platform.parks.TrustAnchorService.TrustAnchorView;
import io.parkpulse.platform.portal.views.PortalViews;
import io.parkpulse.platform.portal.views.PortalViews.EnterpriseRef;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Limits;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * An enterprise's MIIT declarations, its limits and its trust anchor (the CA of its devices'
 * certificates) in the portal, through the API's services and their rules: whoever sees the
 * enterprise reads each page, and a form does what the caller's role may do there, no more.
 */
@Path("/portal/enterprises/{enterprise}")
@Produces(MediaType.TEXT_HTML)
public class EnterpriseSettingsResource {

  private final Pages pages;
  private final PortalViews views;
  private final DeclarationService declarations;
  private final LimitsService limits;
  private final TrustAnchorService trustAnchors;
  private final Workers workers;

  EnterpriseSettingsResource(
      Pages pages,
      PortalViews views,
      DeclarationService declarations,
      LimitsService limits,
      TrustAnchorService trustAnchors,
      Workers workers) {
    this.pages = pages;
    this.views = views;
    this.declarations = declarations;
    this.limits = limits;
    this.trustAnchors = trustAnchors;
    this.workers = workers;
  }

  // MIIT declarations.

  @GET
  @Path("/miit")
  public Uni<TemplateInstance> miit(@PathParam("enterprise") String enterprise) {
    return miitPage(pages.caller(), enterprise, List.of());
  }

  /** Declares an item (the enterprise's admin, the park's operator); it waits for verification. */
  @POST
  @Path("/miit/{item}")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Uni<Response> declare(
      @PathParam("enterprise") String enterprise,
      @PathParam("item") String item,
      @RestForm String value,
      @RestForm String note,
      @RestForm("attachment") FileUpload attachment) {
    Caller caller = pages.caller();
    DeclarationForm form = new DeclarationForm(value, note);
    return declarations
        .miitItems(caller, enterprise)
        .flatMap(
            items -> {
              ItemView declared =
                  items.stream()
                      .filter(i -> i.id().equals(item))
                      .findFirst()
                      .orElseThrow(NotFoundException::new);
              String problem = form.problem(declared);
              if (problem != null) {
                return miitAgain(caller, enterprise, declared, problem, null);
              }
              return workers
                  .run(() -> evidence(form, attachment))
                  .flatMap(request -> declarations.declareMiit(caller, enterprise, item, request))
                  .map(done -> redirect("/portal/enterprises/" + enterprise + "/miit#" + item))
                  .onFailure(PortalProblems::isFormProblem)
                  .recoverWithUni(
                      e ->
                          miitAgain(
                              caller,
                              enterprise,
                              declared,
                              "declarations.refused",
                              PortalProblems.message((ClientErrorException) e)));
            });
  }

  /** The park's operator verifies or rejects a declaration's evidence. */
  @POST
  @Path("/miit/{item}/verification")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> verifyMiit(
      @PathParam("enterprise") String enterprise,
      @PathParam("item") String item,
      @RestForm String verified) {
    return declarations
        .verifyMiit(
            pages.caller(), enterprise, item, new VerificationRequest("true".equals(verified)))
        .map(done -> redirect("/portal/enterprises/" + enterprise + "/miit#" + item));
  }

  private Uni<TemplateInstance> miitPage(Caller caller, String enterprise, List<String> errors) {
    return views
        .enterprise(caller, enterprise)
        .flatMap(
            ref ->
                declarations
                    .miitItems(caller, enterprise)
                    .map(
                        items ->
                            Templates.declarations(page(caller, ref), ref.row(), items, errors)));
  }

  /** The page again, a 400 naming the item and what is wrong ({@code key} with {@code detail}). */
  private Uni<Response> miitAgain(
      Caller caller, String enterprise, ItemView item, String key, String detail) {
    Page page = pages.page(caller, Page.DEFAULT_ZONE);
    String message =
        page.pick(item.name(), item.english())
            + ": "
            + page.t(key, detail != null ? detail : page.num(item.max(), 1));
    return miitPage(caller, enterprise, List.of(message))
        .map(EnterpriseSettingsResource::badRequest);
  }

  /** The declaration with the uploaded document, if one was chosen. */
  private static DeclarationRequest evidence(DeclarationForm form, FileUpload attachment)
      throws IOException {
    if (attachment == null || attachment.size() == 0) {
      return form.request(null, null);
    }
    return form.request(
        attachment.fileName(),
        Base64.getEncoder().encodeToString(Files.readAllBytes(attachment.uploadedFile())));
  }

  // Limits.

  @GET
  @Path("/limits")
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
  @Path("/limits")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> setLimits(
      @PathParam("enterprise") String enterprise,
      @RestForm String maxConnections,
      @RestForm String deviceMessagesPerSecond,
      @RestForm String enterpriseMessagesPerSecond,
      @RestForm String deviceBytesPerDay,
      @RestForm String enterpriseBytesPerDay) {
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
                      : Uni.createFrom().failure(new FormProblems(problems));
              return saved
                  .map(
                      view ->
                          Response.ok(limitsPage(page, ref, view, form, List.of(), true)).build())
                  .onFailure(e -> e instanceof FormProblems || PortalProblems.isFormProblem(e))
                  .recoverWithUni(
                      e ->
                          limits
                              .enterprise(caller, enterprise)
                              .map(
                                  view ->
                                      badRequest(
                                          limitsPage(
                                              page,
                                              ref,
                                              view,
                                              form,
                                              e instanceof FormProblems f
                                                  ? f.problems
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

  // The trust anchor.

  @GET
  @Path("/trust-anchor")
  public Uni<TemplateInstance> trustAnchor(@PathParam("enterprise") String enterprise) {
    Caller caller = pages.caller();
    return views
        .enterprise(caller, enterprise)
        .flatMap(
            ref ->
                current(caller, enterprise)
                    .map(
                        anchor ->
                            Templates.trustAnchor(
                                page(caller, ref), ref.row(), anchor, "", List.of(), false)));
  }

  /** Sets or replaces the CA certificates: an uploaded PEM file, else the PEM text pasted. */
  @POST
  @Path("/trust-anchor")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Uni<Response> setTrustAnchor(
      @PathParam("enterprise") String enterprise,
      @RestForm String pem,
      @RestForm("file") FileUpload file) {
    Caller caller = pages.caller();
    return views
        .enterprise(caller, enterprise)
        .flatMap(
            ref -> {
              Page page = page(caller, ref);
              String typed = pem == null ? "" : pem;
              return workers
                  .run(
                      () ->
                          file != null && file.size() > 0
                              ? Files.readString(file.uploadedFile(), StandardCharsets.UTF_8)
                              : typed)
                  .flatMap(
                      text -> {
                        if (text.isBlank()) {
                          return Uni.createFrom()
                              .failure(new FormProblems(List.of(page.t("trust.required"))));
                        }
                        return trustAnchors.set(caller, enterprise, text);
                      })
                  .map(
                      anchor ->
                          Response.ok(
                                  Templates.trustAnchor(
                                      page, ref.row(), anchor, "", List.of(), true))
                              .build())
                  .onFailure(e -> e instanceof FormProblems || PortalProblems.isFormProblem(e))
                  .recoverWithUni(
                      e ->
                          current(caller, enterprise)
                              .map(
                                  anchor ->
                                      badRequest(
                                          Templates.trustAnchor(
                                              page,
                                              ref.row(),
                                              anchor,
                                              typed,
                                              e instanceof FormProblems f
                                                  ? f.problems
                                                  : List.of(
                                                      page.t(
                                                          "trust.refused",
                                                          PortalProblems.message(
                                                              (ClientErrorException) e))),
                                              false))));
            });
  }

  /** Removes the CA certificates: the devices log in with their secrets only. */
  @POST
  @Path("/trust-anchor/removal")
  public Uni<Response> removeTrustAnchor(@PathParam("enterprise") String enterprise) {
    return trustAnchors
        .delete(pages.caller(), enterprise)
        .map(done -> redirect("/portal/enterprises/" + enterprise + "/trust-anchor"));
  }

  /**
   * The enterprise's CAs, or null if it has none; call it once the enterprise is known to be the
   * caller's, so that the service's 404 can only mean "none".
   */
  private Uni<TrustAnchorView> current(Caller caller, String enterprise) {
    return trustAnchors
        .get(caller, enterprise)
        .onFailure(NotFoundException.class)
        .recoverWithNull();
  }

  // Helpers.

  private Page page(Caller caller, EnterpriseRef ref) {
    return pages.page(caller, ref.park().zone());
  }

  private static Response badRequest(TemplateInstance page) {
    return Response.status(Response.Status.BAD_REQUEST).entity(page).build();
  }

  private static Response redirect(String location) {
    return Response.seeOther(URI.create(location)).build();
  }

  /** What a form checked itself, in the page's words, before asking the service. */
  private static final class FormProblems extends RuntimeException {
    private final List<String> problems;

    FormProblems(List<String> problems) {
      super(null, null, false, false);
      this.problems = problems;
    }
  }
}
