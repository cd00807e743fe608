package io.parkpulse.platform.energy;

import io.parkpulse.platform.energy.EnergyService.DeclarationRequest;
import io.parkpulse.platform.energy.EnergyService.DeclarationView;
import io.parkpulse.platform.energy.EnergyService.EnergyFile;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.EnterpriseMonth;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An enterprise's energy and carbon figures and its monthly declarations, over {@link
 * EnergyService}.
 */
@Path("/api/v1/enterprises/{enterprise}/energy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnergyResource {

  private final EnergyService energy;
  private final SecurityIdentity identity;

  EnergyResource(EnergyService energy, SecurityIdentity identity) {
    this.energy = energy;
    this.identity = identity;
  }

  /**
   * The month's figures ({@code month=YYYY-MM}, this month if absent), each day's and each meter's.
   */
  @GET
  public Uni<EnterpriseMonth> month(
      @PathParam("enterprise") String enterprise, @QueryParam("month") String month) {
    return energy.enterpriseMonth(Caller.of(identity), enterprise, month);
  }

  /**
   * The month as CSV (UTF-8 with a byte-order mark): the enterprise's figures, its meters, its days
   * and the factors used.
   */
  @GET
  @Path("/csv")
  @Produces(EnergyService.CSV)
  public Uni<Response> csv(
      @PathParam("enterprise") String enterprise, @QueryParam("month") String month) {
    return energy
        .enterpriseCsv(Caller.of(identity), enterprise, month)
        .map(EnergyResource::download);
  }

  /** The declarations of a year. */
  @GET
  @Path("/declarations")
  public Uni<List<DeclarationView>> declarations(
      @PathParam("enterprise") String enterprise, @QueryParam("year") int year) {
    return energy.declarations(Caller.of(identity), enterprise, year);
  }

  /** Declares a month's green power, gas, steam or coal. */
  @PUT
  @Path("/declarations/{month}")
  public Uni<List<DeclarationView>> declare(
      @PathParam("enterprise") String enterprise,
      @PathParam("month") String month,
      DeclarationRequest request) {
    return energy.declare(Caller.of(identity), enterprise, month, request);
  }

  private static Response download(EnergyFile file) {
    return Response.ok(file.content(), file.type())
        .header("Content-Disposition", "attachment; filename=\"" + file.name() + "\"")
        .build();
  }
}
