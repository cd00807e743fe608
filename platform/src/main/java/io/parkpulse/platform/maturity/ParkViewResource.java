package io.parkpulse.platform.maturity;

import io.parkpulse.platform.maturity.ParkViewService.ReportFile;
import io.parkpulse.platform.maturity.reports.ParkReport;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A park's maturity as a whole, for the park's operator and platform admins: JSON, and CSV and PDF
 * to hand over. Everyone else gets 404, as for anything outside their scope.
 */
@Path("/api/v1/parks/{park}/maturity")
@Tag(name = "Park maturity")
public class ParkViewResource {

  static final String CSV = "text/csv; charset=utf-8";
  static final String PDF = "application/pdf";

  private final ParkViewService parks;
  private final SecurityIdentity identity;

  ParkViewResource(ParkViewService parks, SecurityIdentity identity) {
    this.parks = parks;
    this.identity = identity;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The park's maturity",
      description =
          "From the latest assessment of each enterprise at or before asOf: the distribution of"
              + " levels 0 to 5, the share at level 2 or above, the ranking by S with each"
              + " enterprise's trend against its assessment trendDays earlier (or its first) and"
              + " main gap, the enterprises never assessed, and the gaps most enterprises share.")
  @APIResponse(responseCode = "200", description = "the park view")
  @APIResponse(responseCode = "404", description = "no such park, or not the caller's to see")
  public Uni<ParkReport> report(
      @PathParam("park") String park,
      @Parameter(description = "ISO-8601 instant; default now") @QueryParam("asOf") String asOf,
      @Parameter(description = "days back the trend compares with, 0 to 3650; 0: the previous")
          @QueryParam("trendDays")
          @DefaultValue("30")
          int trendDays) {
    return parks.report(Caller.of(identity), park, asOf, trendDays);
  }

  @GET
  @Path("/report.csv")
  @Produces(CSV)
  @Operation(
      summary = "The park's maturity as CSV",
      description =
          "One row per enterprise (ranked, then those never assessed) with a header row; UTF-8"
              + " with a byte-order mark for Excel, RFC 4180 quoting.")
  @APIResponse(
      responseCode = "200",
      description = "the CSV file",
      content = @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(responseCode = "404", description = "no such park, or not the caller's to see")
  public Uni<Response> csv(
      @PathParam("park") String park,
      @Parameter(description = "ISO-8601 instant; default now") @QueryParam("asOf") String asOf,
      @Parameter(description = "days back the trend compares with, 0 to 3650")
          @QueryParam("trendDays")
          @DefaultValue("30")
          int trendDays,
      @Parameter(description = "level names and recommendations: zh (default) or en")
          @QueryParam("lang")
          @DefaultValue("zh")
          String lang) {
    return parks.csv(Caller.of(identity), park, asOf, trendDays, lang).map(f -> file(f, CSV));
  }

  @GET
  @Path("/report.pdf")
  @Produces(PDF)
  @Operation(
      summary = "The park's maturity as a PDF report",
      description =
          "Title block, summary with the distribution chart, ranking, most common gaps with"
              + " recommendations, and how levels are computed; in Chinese (default) or English.")
  @APIResponse(
      responseCode = "200",
      description = "the PDF file",
      content =
          @Content(mediaType = PDF, schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "404", description = "no such park, or not the caller's to see")
  public Uni<Response> pdf(
      @PathParam("park") String park,
      @Parameter(description = "ISO-8601 instant; default now") @QueryParam("asOf") String asOf,
      @Parameter(description = "days back the trend compares with, 0 to 3650")
          @QueryParam("trendDays")
          @DefaultValue("30")
          int trendDays,
      @Parameter(description = "zh (default) or en") @QueryParam("lang") @DefaultValue("zh")
          String lang) {
    return parks.pdf(Caller.of(identity), park, asOf, trendDays, lang).map(f -> file(f, PDF));
  }

  private static Response file(ReportFile file, String type) {
    return Response.ok(file.content(), type)
        .header("Content-Disposition", "attachment; filename=\"" + file.name() + "\"")
        .build();
  }
}
