package io.parkpulse.platform.alarms;

import io.parkpulse.platform.alarms.GeofenceService.GeofenceRequest;
import io.parkpulse.platform.alarms.GeofenceService.GeofenceView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A park's geofences: zones whose alarms open when a tracked device enters or leaves them. */
@Path("/api/v1/parks/{park}/geofences")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GeofenceResource {

  private final GeofenceService geofences;
  private final SecurityIdentity identity;

  GeofenceResource(GeofenceService geofences, SecurityIdentity identity) {
    this.geofences = geofences;
    this.identity = identity;
  }

  @GET
  public Uni<List<GeofenceView>> list(@PathParam("park") String park) {
    return geofences.list(Caller.of(identity), park);
  }

  @POST
  public Uni<Response> create(@PathParam("park") String park, GeofenceRequest request) {
    return geofences
        .create(Caller.of(identity), park, request)
        .map(zone -> Response.status(Response.Status.CREATED).entity(zone).build());
  }

  @DELETE
  @Path("/{id}")
  public Uni<Response> delete(@PathParam("park") String park, @PathParam("id") String id) {
    return geofences
        .delete(Caller.of(identity), park, id)
        .map(done -> Response.noContent().build());
  }
}
