package io.parkpulse.platform.energy;

import io.parkpulse.platform.energy.EnergyService.EnergyFile;
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
import jakarta.ws.rs.core.Response;
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

  /**
   * The month as CSV (UTF-8 with a byte-order mark): one row per enterprise, most energy first, the
   * park's total, then the factors used with their sources.
   */
  @GET
  @Path("/csv")
  @Produces(EnergyService.CSV)
  public Uni<Response> csv(@PathParam("park") String park, @QueryParam("month") String month) {
    return energy.parkCsv(Caller.of(identity), park, month).map(ParkEnergyResource::download);
  }

  /** The month as an A4 PDF report for the authorities, {@code lang=zh} (default) or {@code en}. */
  @GET
  @Path("/pdf")
  @Produces(EnergyService.PDF)
  public Uni<Response> pdf(
      @PathParam("park") String park,
      @QueryParam("month") String month,
      @QueryParam("lang") String lang) {
    return energy.parkPdf(Caller.of(identity), park, month, lang).map(ParkEnergyResource::download);
  }

  /** A file as a download, named. */
  private static Response download(EnergyFile file) {
    return Response.ok(file.content(), file.type())
        .header("Content-Disposition", "attachment; filename=\"" + file.name() + "\"")
        .build();
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
