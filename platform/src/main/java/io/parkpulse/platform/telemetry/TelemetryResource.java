package io.parkpulse.platform.telemetry;

import static io.parkpulse.platform.api.ApiErrors.badRequest;
import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.telemetry.TelemetryStore.Cursor;
import io.parkpulse.platform.telemetry.TelemetryStore.DeviceStatus;
import io.parkpulse.platform.telemetry.TelemetryStore.Rollup;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;

/** Telemetry of one device: raw readings (JSON or CSV), rollups and connection status. */
@Path("/api/v1/enterprises/{enterprise}/devices/{device}")
public class TelemetryResource {

  static final int MAX_LIMIT = 10_000;

  private final TelemetryStore store;
  private final SecurityIdentity identity;

  TelemetryResource(TelemetryStore store, SecurityIdentity identity) {
    this.store = store;
    this.identity = identity;
  }

  /**
   * One page of readings.
   *
   * @param count how many readings the page holds ({@code limit} at most)
   * @param next pass as {@code after} for the next page; null on the last page
   */
  public record TelemetryPage(
      String enterprise,
      String device,
      Instant from,
      Instant to,
      int count,
      String next,
      List<StoredReading> readings) {}

  /** Rollups of a device over a time range. */
  public record RollupPage(
      String enterprise,
      String device,
      String resolution,
      Instant from,
      Instant to,
      List<Rollup> rollups) {}

  /**
   * Readings taken in {@code [from, to)}, oldest first. {@code to} defaults to now and {@code from}
   * to an hour before {@code to}; {@code points} (comma-separated) keeps only those metrics.
   */
  @GET
  @Path("/telemetry")
  @Produces(MediaType.APPLICATION_JSON)
  public TelemetryPage get(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("points") String points,
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("1000") int limit)
      throws SQLException {
    String park = visible(enterprise, device);
    DeviceRef ref = new DeviceRef(enterprise, device);
    require(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
    Instant end = to == null ? Instant.now() : instant(to, "to");
    Instant start = from == null ? end.minus(Duration.ofHours(1)) : instant(from, "from");
    require(start.isBefore(end), "from", "must be before to");
    List<StoredReading> readings =
        store.find(park, ref, start, end, cursor(after), points(points), limit);
    String next = null;
    if (readings.size() == limit) {
      StoredReading last = readings.get(readings.size() - 1);
      next =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString((last.ts() + "|" + last.seq()).getBytes(StandardCharsets.UTF_8));
    }
    return new TelemetryPage(enterprise, device, start, end, readings.size(), next, readings);
  }

  /** The same readings as CSV: {@code ts,seq,received_at} then one column per metric. */
  @GET
  @Path("/telemetry")
  @Produces("text/csv;qs=0.5")
  public String csv(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("points") String points,
      @QueryParam("after") String after,
      @QueryParam("limit") @DefaultValue("10000") int limit)
      throws SQLException {
    TelemetryPage page = get(enterprise, device, from, to, points, after, limit);
    TreeSet<String> columns = new TreeSet<>();
    page.readings().forEach(r -> columns.addAll(r.metrics().keySet()));
    StringBuilder csv = new StringBuilder("ts,seq,received_at");
    columns.forEach(c -> csv.append(',').append(cell(c)));
    csv.append('\n');
    for (StoredReading r : page.readings()) {
      csv.append(r.ts()).append(',').append(r.seq()).append(',').append(r.receivedAt());
      for (String column : columns) {
        Object value = r.metrics().get(column);
        csv.append(',').append(value == null ? "" : cell(value.toString()));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  /** Stored 1-minute, 1-hour or 1-day aggregates of numeric and boolean metrics. */
  @GET
  @Path("/rollups")
  @Produces(MediaType.APPLICATION_JSON)
  public RollupPage rollups(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @QueryParam("resolution") @DefaultValue("1m") String resolution,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("points") String points)
      throws SQLException {
    visible(enterprise, device);
    DeviceRef ref = new DeviceRef(enterprise, device);
    Resolution res =
        Resolution.of(resolution)
            .orElseThrow(() -> badRequest("resolution", "must be one of 1m, 1h, 1d"));
    Instant end = to == null ? Instant.now() : instant(to, "to");
    Instant start = from == null ? end.minus(Duration.ofDays(1)) : instant(from, "from");
    require(start.isBefore(end), "from", "must be before to");
    return new RollupPage(
        enterprise,
        device,
        res.id(),
        start,
        end,
        store.rollups(ref, res, start, end, points(points)));
  }

  /** Online state, last seen, seq high-water mark and the gaps in the device's seqs. */
  @GET
  @Path("/status")
  @Produces(MediaType.APPLICATION_JSON)
  public DeviceStatus status(
      @PathParam("enterprise") String enterprise, @PathParam("device") String device)
      throws SQLException {
    visible(enterprise, device);
    return store.status(new DeviceRef(enterprise, device));
  }

  /** The device's park if the caller may see the device, else a 404. */
  private String visible(String enterprise, String device) throws SQLException {
    require(Ids.isValid(enterprise), "enterprise", "must match " + Ids.SLUG.pattern());
    require(Ids.isValid(device), "device", "must match " + Ids.SLUG.pattern());
    DeviceRef ref = new DeviceRef(enterprise, device);
    Caller caller = Caller.of(identity);
    String park = store.parkOf(ref).orElse(null);
    if (park == null || !caller.sees(park, enterprise)) {
      throw ApiErrors.notFound("device", device);
    }
    return park;
  }

  private static List<String> points(String points) {
    if (points == null || points.isBlank()) {
      return List.of();
    }
    return Arrays.stream(points.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
  }

  private static Cursor cursor(String after) {
    if (after == null) {
      return null;
    }
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8).split("\\|");
      return new Cursor(Instant.parse(parts[0]), Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      throw badRequest("after", "is not a cursor this API returned as 'next'");
    }
  }

  private static String cell(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  private static Instant instant(String value, String field) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw badRequest(
          field, "'" + value + "' is not an ISO-8601 instant such as 2026-11-29T03:00:00Z");
    }
  }
}
