package io.parkpulse.platform.parks;

import io.parkpulse.platform.parks.TrustAnchorService.TrustAnchorView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An enterprise's trust anchor for mutual TLS: see {@link TrustAnchorService}. */
@Path("/api/v1/enterprises/{enterprise}/trust-anchor")
@Produces(MediaType.APPLICATION_JSON)
public class TrustAnchorResource {

  private final SecurityIdentity identity;
  private final TrustAnchorService service;

  TrustAnchorResource(SecurityIdentity identity, TrustAnchorService service) {
    this.identity = identity;
    this.service = service;
  }

  @GET
  public Uni<TrustAnchorView> get(@PathParam("enterprise") String id) {
    return service.get(Caller.of(identity), id);
  }

  /**
   * Sets the CA certificates: the body is PEM, one or more {@code BEGIN CERTIFICATE} blocks, each a
   * CA certificate valid now. Answers 400 saying which certificate is unfit and why.
   */
  @PUT
  @Consumes({"application/x-pem-file", MediaType.TEXT_PLAIN})
  public Uni<TrustAnchorView> set(@PathParam("enterprise") String id, String pem) {
    return service.set(Caller.of(identity), id, pem);
  }

  /** Removes the CA certificates: the enterprise's devices log in with their secrets only. */
  @DELETE
  public Uni<Response> delete(@PathParam("enterprise") String id) {
    return service.delete(Caller.of(identity), id).replaceWith(Response.noContent().build());
  }
}
