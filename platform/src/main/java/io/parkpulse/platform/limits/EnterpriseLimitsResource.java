package io.parkpulse.platform.limits;

import io.parkpulse.platform.limits.LimitsService.EnterpriseLimitsView;
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

/**
 * An enterprise's limits: seen by whoever sees the enterprise, set by its park's operator, over
 * {@link LimitsService}.
 */
@Path("/api/v1/enterprises/{enterprise}/limits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnterpriseLimitsResource {

  private final SecurityIdentity identity;
  private final LimitsService limits;

  EnterpriseLimitsResource(SecurityIdentity identity, LimitsService limits) {
    this.identity = identity;
    this.limits = limits;
  }

  @GET
  public Uni<EnterpriseLimitsView> get(@PathParam("enterprise") String id) {
    return limits.enterprise(Caller.of(identity), id);
  }

  /** Replaces the enterprise's limits: a field absent or null falls back to its park's default. */
  @PUT
  public Uni<EnterpriseLimitsView> set(@PathParam("enterprise") String id, Limits request) {
    return limits.setEnterprise(Caller.of(identity), id, request);
  }
}
