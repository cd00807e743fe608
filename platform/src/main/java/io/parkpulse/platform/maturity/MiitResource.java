package io.parkpulse.platform.maturity;

import io.parkpulse.platform.api.Downloads;
import io.parkpulse.platform.maturity.declarations.DeclarationService;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.DeclarationRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.ItemView;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.VerificationRequest;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The MIIT items an enterprise declares where ParkPulse has no data (business scenarios, base items
 * such as 信息系统 or 资金保障), with evidence for the park operator to verify. Verified declarations count
 * in the MIIT estimate of the next assessment; pending ones only in its declared figures.
 */
@Path("/api/v1/enterprises/{enterprise}/miit")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MiitResource {

  private final DeclarationService declarations;
  private final SecurityIdentity identity;

  MiitResource(DeclarationService declarations, SecurityIdentity identity) {
    this.declarations = declarations;
    this.identity = identity;
  }

  /** Every declarable item, with the enterprise's declarations. */
  @GET
  public Uni<List<ItemView>> list(@PathParam("enterprise") String enterprise) {
    return declarations.miitItems(caller(), enterprise);
  }

  /** Declares an item (enterprise admin or park operator); it waits for verification again. */
  @PUT
  @Path("/{item}")
  public Uni<List<ItemView>> declare(
      @PathParam("enterprise") String enterprise,
      @PathParam("item") String item,
      DeclarationRequest request) {
    return declarations.declareMiit(caller(), enterprise, item, request);
  }

  /** A declaration's evidence document, as a download, for whoever sees the enterprise. */
  @GET
  @Path("/{item}/attachment")
  @Produces(MediaType.WILDCARD)
  public Uni<Response> evidence(
      @PathParam("enterprise") String enterprise, @PathParam("item") String item) {
    return declarations
        .miitEvidence(caller(), enterprise, item)
        .map(f -> Downloads.attachment(f.name(), f.content(), null));
  }

  /** The park operator verifies or rejects a declaration's evidence. */
  @POST
  @Path("/{item}/verification")
  public Uni<List<ItemView>> verify(
      @PathParam("enterprise") String enterprise,
      @PathParam("item") String item,
      VerificationRequest request) {
    return declarations.verifyMiit(caller(), enterprise, item, request);
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
