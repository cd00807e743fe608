package io.parkpulse.platform.geo;

import static io.parkpulse.platform.api.ApiErrors.badRequest;
import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.geo.readmodel.PositionStore;
import io.parkpulse.platform.geo.readmodel.PositionStore.Position;
import io.parkpulse.platform.telemetry.readmodel.TelemetryStore;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Where the tracked devices the caller may see are: the latest position of each device of a park,
 * and one device's track over a window. The reads are JDBC, on a worker thread.
 */
@ApplicationScoped
public class PositionService {

  /** Positions of a track at most, per request. */
  static final int MAX_TRACK = 10_000;

  private final PositionStore positions;
  private final TelemetryStore telemetry;
  private final TenancyGate gate;
  private final Workers workers;

  PositionService(
      PositionStore positions, TelemetryStore telemetry, TenancyGate gate, Workers workers) {
    this.positions = positions;
    this.telemetry = telemetry;
    this.gate = gate;
    this.workers = workers;
  }

  /** A device's positions over a window, oldest first. */
  public record Track(
      String enterprise, String device, Instant from, Instant to, List<Position> positions) {}

  /**
   * The latest position of each tracked device of the park that the caller sees (an enterprise's
   * people see their own devices), sent at or after {@code since} (default: 24 hours ago).
   */
  public Uni<List<Position>> latest(Caller caller, String park, String since) {
    return workers.run(
        () -> {
          gate.requireVisible(caller, park, null, "park", park);
          Instant from =
              since == null ? Instant.now().minus(Duration.ofHours(24)) : instant(since, "since");
          return positions.latest(
              park, gate.scope(caller).sql("d.park_id", "d.enterprise_id"), from);
        });
  }

  /**
   * A device's positions in {@code [from, to)}: {@code to} defaults to now and {@code from} to an
   * hour before it; at most {@code limit} (1 to 10,000).
   */
  public Uni<Track> track(
      Caller caller, String enterprise, String device, String from, String to, int limit) {
    return workers.run(
        () -> {
          require(Ids.isValid(enterprise), "enterprise", "must match " + Ids.SLUG.pattern());
          require(Ids.isValid(device), "device", "must match " + Ids.SLUG.pattern());
          require(limit >= 1 && limit <= MAX_TRACK, "limit", "must be between 1 and " + MAX_TRACK);
          String park =
              telemetry
                  .parkOf(new DeviceRef(enterprise, device))
                  .orElseThrow(() -> ApiErrors.notFound("device", device));
          gate.requireVisible(caller, park, enterprise, "device", device);
          Instant end = to == null ? Instant.now() : instant(to, "to");
          Instant start = from == null ? end.minus(Duration.ofHours(1)) : instant(from, "from");
          require(start.isBefore(end), "from", "must be before to");
          return new Track(
              enterprise,
              device,
              start,
              end,
              positions.track(park, enterprise, device, start, end, limit));
        });
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
