package io.parkpulse.platform.portal;

import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.maturity.declarations.DeclarationService;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.DeclarationRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.ItemView;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.VerificationRequest;
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
import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * An enterprise's MIIT declarations in the portal, over {@link DeclarationService} and its rule:
 * whoever sees the enterprise reads them, its admin or its park's operator declares, the operator
 * verifies.
 */
@Path("/portal/enterprises/{enterprise}/miit")
@Produces(MediaType.TEXT_HTML)
public class DeclarationPages {

  private final Pages pages;
  private final PortalViews views;
  private final DeclarationService declarations;
  private final Workers workers;

  DeclarationPages(
      Pages pages, PortalViews views, DeclarationService declarations, Workers workers) {
    this.pages = pages;
    this.views = views;
    this.declarations = declarations;
    this.workers = workers;
  }

  @GET
  public Uni<TemplateInstance> miit(@PathParam("enterprise") String enterprise) {
    return miitPage(pages.caller(), enterprise, List.of());
  }

  /** Declares an item (the enterprise's admin, the park's operator); it waits for verification. */
  @POST
  @Path("/{item}")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Uni<Response> declare(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @PathParam("item") String item,
      @RestForm String value,
      @RestForm String note,
      @RestForm("attachment") FileUpload attachment) {
    pages.requireCsrf(csrf);
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
                  .map(
                      done ->
                          PortalForms.redirect(
                              "/portal/enterprises/" + enterprise + "/miit#" + item))
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
  @Path("/{item}/verification")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> verifyMiit(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @PathParam("item") String item,
      @RestForm String verified) {
    pages.requireCsrf(csrf);
    return declarations
        .verifyMiit(
            pages.caller(), enterprise, item, new VerificationRequest("true".equals(verified)))
        .map(done -> PortalForms.redirect("/portal/enterprises/" + enterprise + "/miit#" + item));
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
    return miitPage(caller, enterprise, List.of(message)).map(PortalForms::badRequest);
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

  private Page page(Caller caller, EnterpriseRef ref) {
    return pages.page(caller, ref.park().zone());
  }
}
