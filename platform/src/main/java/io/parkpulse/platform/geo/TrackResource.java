package io.parkpulse.platform.geo;

import io.parkpulse.platform.geo.PositionService.Track;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Where a tracked device has been. */
@Path("/api/v1/enterprises/{enterprise}/devices/{device}/track")
@Produces(MediaType.APPLICATION_JSON)
public class TrackResource {

  private final PositionService positions;
  private final SecurityIdentity identity;

  TrackResource(PositionService positions, SecurityIdentity identity) {
    this.positions = positions;
    this.identity = identity;
  }

  /** A device's positions over {@code [from, to)}, oldest first. */
  @GET
  public Uni<Track> track(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("10000") int limit) {
    return positions.track(Caller.of(identity), enterprise, device, from, to, limit);
  }
}
