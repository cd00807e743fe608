package io.parkpulse.platform.portal;

import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.parks.TrustAnchorService;
import io.parkpulse.platform.parks.TrustAnchorService.TrustAnchorView;
import io.parkpulse.platform.portal.views.PortalViews;
import io.parkpulse.platform.portal.views.PortalViews.EnterpriseRef;
import io.parkpulse.platform.tenancy.Caller;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * An enterprise's trust anchor (the CA of its devices' certificates) in the portal, over {@link
 * TrustAnchorService}: whoever sees the enterprise reads it, its admin or its park's operator sets,
 * replaces or removes it.
 */
@Path("/portal/enterprises/{enterprise}/trust-anchor")
@Produces(MediaType.TEXT_HTML)
public class TrustAnchorPages {

  private final Pages pages;
  private final PortalViews views;
  private final TrustAnchorService trustAnchors;
  private final Workers workers;

  TrustAnchorPages(
      Pages pages, PortalViews views, TrustAnchorService trustAnchors, Workers workers) {
    this.pages = pages;
    this.views = views;
    this.trustAnchors = trustAnchors;
    this.workers = workers;
  }

  @GET
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
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Uni<Response> setTrustAnchor(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @RestForm String pem,
      @RestForm("file") FileUpload file) {
    pages.requireCsrf(csrf);
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
                              .failure(new PortalForms.Problems(List.of(page.t("trust.required"))));
                        }
                        return trustAnchors.set(caller, enterprise, text);
                      })
                  .map(
                      anchor ->
                          Response.ok(
                                  Templates.trustAnchor(
                                      page, ref.row(), anchor, "", List.of(), true))
                              .build())
                  .onFailure(
                      e -> e instanceof PortalForms.Problems || PortalProblems.isFormProblem(e))
                  .recoverWithUni(
                      e ->
                          current(caller, enterprise)
                              .map(
                                  anchor ->
                                      PortalForms.badRequest(
                                          Templates.trustAnchor(
                                              page,
                                              ref.row(),
                                              anchor,
                                              typed,
                                              e instanceof PortalForms.Problems f
                                                  ? f.problems()
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
  @Path("/removal")
  public Uni<Response> removeTrustAnchor(
      @RestForm(Csrf.FIELD) String csrf, @PathParam("enterprise") String enterprise) {
    pages.requireCsrf(csrf);
    return trustAnchors
        .delete(pages.caller(), enterprise)
        .map(done -> PortalForms.redirect("/portal/enterprises/" + enterprise + "/trust-anchor"));
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

  private Page page(Caller caller, EnterpriseRef ref) {
    return pages.page(caller, ref.park().zone());
  }
}
