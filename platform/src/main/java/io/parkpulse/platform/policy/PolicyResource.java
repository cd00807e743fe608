package io.parkpulse.platform.policy;

import io.parkpulse.platform.api.Downloads;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.DeclarationRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.VerificationRequest;
import io.parkpulse.platform.policy.PolicyService.PolicySheet;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The park's 高标准数字园区 policy sheet, over {@link PolicyService}. */
@Path("/api/v1/parks/{park}/policy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyResource {

  private final PolicyService policy;
  private final SecurityIdentity identity;

  PolicyResource(PolicyService policy, SecurityIdentity identity) {
    this.policy = policy;
    this.identity = identity;
  }

  @GET
  public Uni<PolicySheet> sheet(@PathParam("park") String park) {
    return policy.sheet(Caller.of(identity), park);
  }

  /** The sheet as CSV. */
  @GET
  @Path("/csv")
  @Produces("text/csv")
  public Uni<Response> csv(@PathParam("park") String park) {
    return policy
        .csv(Caller.of(identity), park)
        .map(f -> Downloads.attachment(f.name(), f.content(), "text/csv; charset=utf-8"));
  }

  /** The sheet as an A4 PDF report, {@code lang} zh (default) or en. */
  @GET
  @Path("/pdf")
  @Produces("application/pdf")
  public Uni<Response> pdf(@PathParam("park") String park, @QueryParam("lang") String lang) {
    return policy
        .pdf(Caller.of(identity), park, lang)
        .map(f -> Downloads.attachment(f.name(), f.content(), "application/pdf"));
  }

  /** Declares a KPI the data cannot show, with evidence. */
  @PUT
  @Path("/{kpi}")
  public Uni<PolicySheet> declare(
      @PathParam("park") String park, @PathParam("kpi") String kpi, DeclarationRequest request) {
    return policy.declare(Caller.of(identity), park, kpi, request);
  }

  /** A declaration's evidence document. */
  @GET
  @Path("/{kpi}/attachment")
  @Produces(MediaType.WILDCARD)
  public Uni<Response> evidence(@PathParam("park") String park, @PathParam("kpi") String kpi) {
    return policy
        .evidence(Caller.of(identity), park, kpi)
        .map(f -> Downloads.attachment(f.name(), f.content(), null));
  }

  /** A platform admin verifies or rejects a declaration. */
  @POST
  @Path("/{kpi}/verification")
  public Uni<PolicySheet> verify(
      @PathParam("park") String park, @PathParam("kpi") String kpi, VerificationRequest request) {
    return policy.verify(Caller.of(identity), park, kpi, request);
  }
}
