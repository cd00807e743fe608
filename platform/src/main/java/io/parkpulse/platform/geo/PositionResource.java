package io.parkpulse.platform.geo;

import io.parkpulse.platform.geo.readmodel.PositionStore.Position;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Where a park's tracked devices are: the latest position of each. */
@Path("/api/v1/parks/{park}/positions")
@Produces(MediaType.APPLICATION_JSON)
public class PositionResource {

  private final PositionService positions;
  private final SecurityIdentity identity;

  PositionResource(PositionService positions, SecurityIdentity identity) {
    this.positions = positions;
    this.identity = identity;
  }

  /** The latest position of each tracked device of the park, since {@code since} (24 h ago). */
  @GET
  public Uni<List<Position>> positions(
      @PathParam("park") String park, @QueryParam("since") String since) {
    return positions.latest(Caller.of(identity), park, since);
  }
}
