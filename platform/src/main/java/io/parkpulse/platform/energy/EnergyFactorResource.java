package io.parkpulse.platform.energy;

import io.parkpulse.platform.energy.EnergyService.FactorRequest;
import io.parkpulse.platform.energy.EnergyService.FactorView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** National and provincial factors: read by anyone signed in, added by a platform admin. */
@Path("/api/v1/energy/factors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnergyFactorResource {

  private final EnergyService energy;
  private final SecurityIdentity identity;

  EnergyFactorResource(EnergyService energy, SecurityIdentity identity) {
    this.energy = energy;
    this.identity = identity;
  }

  @GET
  public Uni<List<FactorView>> list() {
    return energy.sharedFactors();
  }

  @POST
  public Uni<FactorView> add(FactorRequest request) {
    return energy.addSharedFactor(Caller.of(identity), request);
  }
}
