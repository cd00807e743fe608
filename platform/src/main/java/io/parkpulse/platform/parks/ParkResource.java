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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Parks: created and deleted by platform admins, configured by their operators. */
@Path("/api/v1/parks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkResource {

  private final SecurityIdentity identity;
  private final ParkService parks;

  ParkResource(SecurityIdentity identity, ParkService parks) {
    this.identity = identity;
    this.parks = parks;
  }

  @GET
  public Uni<List<ParkView>> list() {
    return parks.list(Caller.of(identity));
  }

  @GET
  @Path("/{park}")
  public Uni<ParkView> get(@PathParam("park") String id) {
    return parks.get(Caller.of(identity), id);
  }

  @POST
  public Uni<Response> create(ParkRequest request) {
    return parks
        .create(Caller.of(identity), request)
        .map(p -> Response.status(Response.Status.CREATED).entity(p).build());
  }

  @PUT
  @Path("/{park}")
  public Uni<ParkView> update(@PathParam("park") String id, ParkRequest request) {
    return parks.update(Caller.of(identity), id, request);
  }

  /**
   * Deletes a park without enterprises or shared profiles, with all telemetry it stored; its id is
   * never used again.
   */
  @DELETE
  @Path("/{park}")
  public Uni<Response> delete(@PathParam("park") String id) {
    return parks.delete(Caller.of(identity), id).replaceWith(Response.noContent().build());
  }
}
