package io.parkpulse.platform.geo;

import io.parkpulse.platform.geo.ParkMapService.Bounds;
import io.parkpulse.platform.geo.ParkMapService.MapView;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A park's map: an outline or a site-plan image that tracked devices are drawn on. */
@Path("/api/v1/parks/{park}/map")
@Produces(MediaType.APPLICATION_JSON)
public class ParkMapResource {

  private final ParkMapService maps;
  private final SecurityIdentity identity;

  ParkMapResource(ParkMapService maps, SecurityIdentity identity) {
    this.maps = maps;
    this.identity = identity;
  }

  @GET
  public Uni<MapView> map(@PathParam("park") String park) {
    return maps.get(caller(), park);
  }

  /** Replaces the map with a GeoJSON outline. */
  @PUT
  @Consumes({MediaType.APPLICATION_JSON, "application/geo+json"})
  public Uni<MapView> putOutline(@PathParam("park") String park, String geojson) {
    return maps.putOutline(caller(), park, geojson);
  }

  /** Replaces the map with a site-plan image placed by its edges. */
  @PUT
  @Path("/image")
  @Consumes({"image/png", "image/jpeg"})
  public Uni<MapView> putImage(
      @PathParam("park") String park,
      @QueryParam("west") Double west,
      @QueryParam("south") Double south,
      @QueryParam("east") Double east,
      @QueryParam("north") Double north,
      byte[] image) {
    Bounds bounds =
        west == null || south == null || east == null || north == null
            ? null
            : new Bounds(west, south, east, north);
    return maps.putImage(caller(), park, image, bounds);
  }

  @GET
  @Path("/image")
  @Produces({"image/png", "image/jpeg"})
  public Uni<Response> image(@PathParam("park") String park) {
    return maps.image(caller(), park)
        .map(
            i ->
                Response.ok(i.bytes(), i.type())
                    .header("Cache-Control", "private, max-age=60")
                    .build());
  }

  @DELETE
  public Uni<Response> delete(@PathParam("park") String park) {
    return maps.delete(caller(), park).map(done -> Response.noContent().build());
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
