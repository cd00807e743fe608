package io.parkpulse.platform.telemetry;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Raw telemetry of one device. */
@Path("/api/v1/enterprises/{enterprise}/devices/{device}/telemetry")
@Produces(MediaType.APPLICATION_JSON)
public class TelemetryResource {

  static final int MAX_LIMIT = 10_000;

  private final TelemetryStore store;

  TelemetryResource(TelemetryStore store) {
    this.store = store;
  }

  /**
   * Readings taken in {@code [from, to)}, oldest first. {@code to} defaults to now and {@code from}
   * to an hour before {@code to}.
   */
  @GET
  public TelemetryPage get(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("1000") int limit)
      throws SQLException {
    require(Ids.isValid(enterprise), "enterprise", "must match " + Ids.SLUG.pattern());
    require(Ids.isValid(device), "device", "must match " + Ids.SLUG.pattern());
    require(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
    Instant end = to == null ? Instant.now() : instant(to, "to");
    Instant start = from == null ? end.minus(Duration.ofHours(1)) : instant(from, "from");
    require(start.isBefore(end), "from", "must be before to");
    DeviceRef ref = new DeviceRef(enterprise, device);
    List<StoredReading> readings = store.find(ref, start, end, limit);
    return new TelemetryPage(enterprise, device, start, end, readings.size(), readings);
  }

  /**
   * One page of readings.
   *
   * @param count how many readings the page holds ({@code limit} at most)
   */
  public record TelemetryPage(
      String enterprise,
      String device,
      Instant from,
      Instant to,
      int count,
      List<StoredReading> readings) {}

  /** A 400 answer that names the parameter at fault. */
  public record FieldError(String field, String message) {}

  private static Instant instant(String value, String field) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw badRequest(
          field, "'" + value + "' is not an ISO-8601 instant such as 2026-11-29T03:00:00Z");
    }
  }

  private static void require(boolean condition, String field, String message) {
    if (!condition) {
      throw badRequest(field, message);
    }
  }

  private static BadRequestException badRequest(String field, String message) {
    return new BadRequestException(
        Response.status(Response.Status.BAD_REQUEST)
            .type(MediaType.APPLICATION_JSON)
            .entity(new FieldError(field, message))
            .build());
  }
}
