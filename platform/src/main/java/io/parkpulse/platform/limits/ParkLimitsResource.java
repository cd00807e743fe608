package io.parkpulse.platform.limits;

import io.parkpulse.platform.limits.LimitsService.ParkLimitsView;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Limits;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The default limits of a park's enterprises, set by its operator, over {@link LimitsService}. */
@Path("/api/v1/parks/{park}/limits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkLimitsResource {

  private final SecurityIdentity identity;
  private final LimitsService limits;

  ParkLimitsResource(SecurityIdentity identity, LimitsService limits) {
    this.identity = identity;
    this.limits = limits;
  }

  @GET
  public Uni<ParkLimitsView> get(@PathParam("park") String id) {
    return limits.park(Caller.of(identity), id);
  }

  /** Replaces the park's defaults: a field absent or null falls back to the platform's. */
  @PUT
  public Uni<ParkLimitsView> set(@PathParam("park") String id, Limits request) {
    return limits.setPark(Caller.of(identity), id, request);
  }
}
