package io.parkpulse.platform.telemetry;

import io.parkpulse.platform.telemetry.TelemetryService.ReadingsQuery;
import io.parkpulse.platform.telemetry.TelemetryService.RollupPage;
import io.parkpulse.platform.telemetry.TelemetryService.SeriesPage;
import io.parkpulse.platform.telemetry.TelemetryService.TelemetryPage;
import io.parkpulse.platform.telemetry.readmodel.TelemetryStore.DeviceStatus;
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

/**
 * Telemetry of one device: raw readings (JSON or CSV), rollups (as rows or as series) and
 * connection status.
 */
@Path("/api/v1/enterprises/{enterprise}/devices/{device}")
public class TelemetryResource {

  private final TelemetryService telemetry;
  private final SecurityIdentity identity;

  TelemetryResource(TelemetryService telemetry, SecurityIdentity identity) {
    this.telemetry = telemetry;
    this.identity = identity;
  }

  /**
   * Readings taken in {@code [from, to)}, oldest first. {@code to} defaults to now and {@code from}
   * to an hour before {@code to}; {@code points} (comma-separated) keeps only those metrics.
   */
  @GET
  @Path("/telemetry")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<TelemetryPage> get(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("points") String points,
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("1000") int limit) {
    return telemetry.readings(
        caller(), enterprise, device, new ReadingsQuery(from, to, points, after, limit));
  }

  /** The same readings as CSV: {@code ts,seq,received_at} then one column per metric. */
  @GET
  @Path("/telemetry")
  @Produces("text/csv;qs=0.5")
  public Uni<String> csv(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("points") String points,
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("10000") int limit) {
    return telemetry.csv(
        caller(), enterprise, device, new ReadingsQuery(from, to, points, after, limit));
  }

  /** Stored 1-minute, 1-hour or 1-day aggregates of numeric and boolean metrics. */
  @GET
  @Path("/rollups")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<RollupPage> rollups(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @QueryParam("resolution") @DefaultValue("1m") String resolution,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("points") String points) {
    return telemetry.rollups(caller(), enterprise, device, resolution, from, to, points);
  }

  /** Online state, last seen, seq high-water mark and the gaps in the device's seqs. */
  /**
   * The same rollups as one series per point, for charts: the buckets' starts (epoch milliseconds)
   * and one array per aggregate; {@code aggregates} (comma-separated: count, min, max, avg, last,
   * increase) keeps only those, all by default.
   */
  @GET
  @Path("/series")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<SeriesPage> series(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @QueryParam("resolution") @DefaultValue("1m") String resolution,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("points") String points,
      @QueryParam("aggregates") String aggregates) {
    return telemetry.series(caller(), enterprise, device, resolution, from, to, points, aggregates);
  }

  @GET
  @Path("/status")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<DeviceStatus> status(
      @PathParam("enterprise") String enterprise, @PathParam("device") String device) {
    return telemetry.status(caller(), enterprise, device);
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
