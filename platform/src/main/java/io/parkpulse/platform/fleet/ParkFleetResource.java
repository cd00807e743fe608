package io.parkpulse.platform.fleet;

import io.parkpulse.platform.fleet.readmodel.FleetReadModel.AgentRow;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** A park's edge agents, as far as the caller sees them: all of them for its operator. */
@Path("/api/v1/parks/{park}/fleet")
@Produces(MediaType.APPLICATION_JSON)
public class ParkFleetResource {

  private final FleetService fleet;
  private final SecurityIdentity identity;

  ParkFleetResource(FleetService fleet, SecurityIdentity identity) {
    this.fleet = fleet;
    this.identity = identity;
  }

  @GET
  public Uni<List<AgentRow>> agents(@PathParam("park") String park) {
    return fleet.parkFleet(Caller.of(identity), park);
  }
}
