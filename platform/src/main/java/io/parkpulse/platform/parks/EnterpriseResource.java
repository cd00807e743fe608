package io.parkpulse.platform.parks;

import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Enterprises of a park: created by its operator, described by their own admins. */
@Path("/api/v1/enterprises")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnterpriseResource {

  private final SecurityIdentity identity;
  private final EnterpriseService enterprises;

  EnterpriseResource(SecurityIdentity identity, EnterpriseService enterprises) {
    this.identity = identity;
    this.enterprises = enterprises;
  }

  /** Enterprises in the caller's scope, optionally of one park. */
  @GET
  public Uni<List<EnterpriseView>> list(@QueryParam("park") String park) {
    return enterprises.list(Caller.of(identity), park);
  }

  @GET
  @Path("/{enterprise}")
  public Uni<EnterpriseView> get(@PathParam("enterprise") String id) {
    return enterprises.get(Caller.of(identity), id);
  }

  @POST
  public Uni<Response> create(EnterpriseRequest request) {
    return enterprises
        .create(Caller.of(identity), request)
        .map(e -> Response.status(Response.Status.CREATED).entity(e).build());
  }

  @PUT
  @Path("/{enterprise}")
  public Uni<EnterpriseView> update(@PathParam("enterprise") String id, EnterpriseRequest request) {
    return enterprises.update(Caller.of(identity), id, request);
  }

  /** Deletes an enterprise without devices; its id is never used again. */
  @DELETE
  @Path("/{enterprise}")
  public Uni<Response> delete(@PathParam("enterprise") String id) {
    return enterprises.delete(Caller.of(identity), id).replaceWith(Response.noContent().build());
  }
}
