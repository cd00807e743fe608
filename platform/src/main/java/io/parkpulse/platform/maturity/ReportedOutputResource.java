package io.parkpulse.platform.maturity;

import io.parkpulse.platform.maturity.output.ReportedOutputService;
import io.parkpulse.platform.maturity.output.ReportedOutputService.ReportRequest;
import io.parkpulse.platform.maturity.output.ReportedOutputService.ReportedOutput;
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
import java.util.List;

/**
 * An enterprise's production output as it reports it, good units per day in its park's time zone:
 * what O11 compares with what its machines counted. Set by the enterprise's admin or the park's
 * operator, seen by whoever sees the enterprise.
 */
@Path("/api/v1/enterprises/{enterprise}/reported-output")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReportedOutputResource {

  private final ReportedOutputService reportedOutput;
  private final SecurityIdentity identity;

  ReportedOutputResource(ReportedOutputService reportedOutput, SecurityIdentity identity) {
    this.reportedOutput = reportedOutput;
    this.identity = identity;
  }

  /** Reports (or corrects) the output of {@code day}; today or before, in the park's zone. */
  @PUT
  @Path("/{day}")
  public Uni<ReportedOutput> report(
      @PathParam("enterprise") String enterprise,
      @PathParam("day") String day,
      ReportRequest request) {
    return reportedOutput.report(caller(), enterprise, day, request);
  }

  /**
   * The days reported from {@code from} to {@code to} (ISO dates, both included; by default the 30
   * days to today in the park's time zone), oldest first.
   */
  @GET
  public Uni<List<ReportedOutput>> list(
      @PathParam("enterprise") String enterprise,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    return reportedOutput.list(caller(), enterprise, from, to);
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
