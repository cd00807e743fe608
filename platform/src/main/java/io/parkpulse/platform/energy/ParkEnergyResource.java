package io.parkpulse.platform.energy;

import io.parkpulse.platform.energy.EnergyService.FactorRequest;
import io.parkpulse.platform.energy.EnergyService.FactorView;
import io.parkpulse.platform.energy.EnergyService.SettingsRequest;
import io.parkpulse.platform.energy.EnergyService.SettingsView;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.ParkMonth;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** A park's energy and carbon figures, factors and settings, over {@link EnergyService}. */
@Path("/api/v1/parks/{park}/energy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkEnergyResource {

  private final EnergyService energy;
  private final SecurityIdentity identity;

  ParkEnergyResource(EnergyService energy, SecurityIdentity identity) {
    this.energy = energy;
    this.identity = identity;
  }

  /** The park's figures for a month and each enterprise's, most energy first. */
  @GET
  public Uni<ParkMonth> month(@PathParam("park") String park, @QueryParam("month") String month) {
    return energy.parkMonth(Caller.of(identity), park, month);
  }

  @GET
  @Path("/settings")
  public Uni<SettingsView> settings(@PathParam("park") String park) {
    return energy.settings(Caller.of(identity), park);
  }

  @PUT
  @Path("/settings")
  public Uni<SettingsView> setSettings(@PathParam("park") String park, SettingsRequest request) {
    return energy.setSettings(Caller.of(identity), park, request);
  }

  /** The factors that may apply to the park; {@code applies} marks today's. */
  @GET
  @Path("/factors")
  public Uni<List<FactorView>> factors(@PathParam("park") String park) {
    return energy.parkFactors(Caller.of(identity), park);
  }

  /** Adds a factor that applies to this park only. */
  @POST
  @Path("/factors")
  public Uni<FactorView> addFactor(@PathParam("park") String park, FactorRequest request) {
    return energy.addParkFactor(Caller.of(identity), park, request);
  }
}
