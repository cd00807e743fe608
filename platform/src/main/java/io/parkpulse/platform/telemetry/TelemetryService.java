package io.parkpulse.platform.telemetry;

import static io.parkpulse.platform.api.ApiErrors.badRequest;
import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Csv;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.telemetry.readmodel.Resolution;
import io.parkpulse.platform.telemetry.readmodel.StoredReading;
import io.parkpulse.platform.telemetry.readmodel.TelemetryStore;
import io.parkpulse.platform.telemetry.readmodel.TelemetryStore.Cursor;
import io.parkpulse.platform.telemetry.readmodel.TelemetryStore.DeviceStatus;
import io.parkpulse.platform.telemetry.readmodel.TelemetryStore.Rollup;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Telemetry of one device the caller may see: raw readings (JSON or CSV), rollups and connection
 * status. The reads are JDBC ({@link TelemetryStore}), on a worker thread.
 */
@ApplicationScoped
public class TelemetryService {

  static final int MAX_LIMIT = 10_000;

  /** Points one request may name: each is a column of the query that reads them. */
  static final int MAX_POINTS = 100;

  private final TelemetryStore store;
  private final TenancyGate gate;
  private final Workers workers;

  TelemetryService(TelemetryStore store, TenancyGate gate, Workers workers) {
    this.store = store;
    this.gate = gate;
    this.workers = workers;
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

  /** The same rollups as one {@link Series} per point, for charts. */
  public record SeriesPage(
      String enterprise,
      String device,
      String resolution,
      Instant from,
      Instant to,
      List<Series> series) {}

  /**
   * One point's rollups as columns: the buckets' starts in epoch milliseconds and one array per
   * aggregate, the i-th value of each for the i-th bucket; the aggregates not asked for are left
   * out. A chart of 30 days at one minute is 43,200 buckets: as columns of one aggregate it is a
   * fifth of the rollups' JSON.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Series(
      String point,
      long[] bucket,
      long[] count,
      double[] min,
      double[] max,
      double[] avg,
      double[] last,
      double[] increase) {

    static final List<String> AGGREGATES =
        List.of("count", "min", "max", "avg", "last", "increase");

    /** {@code rollups} of one point, in time order, as columns of {@code aggregates}. */
    static Series of(String point, List<Rollup> rollups, Set<String> aggregates) {
      return new Series(
          point,
          rollups.stream().mapToLong(r -> r.bucket().toEpochMilli()).toArray(),
          aggregates.contains("count") ? rollups.stream().mapToLong(Rollup::count).toArray() : null,
          column(aggregates, "min", rollups, Rollup::min),
          column(aggregates, "max", rollups, Rollup::max),
          column(aggregates, "avg", rollups, Rollup::avg),
          column(aggregates, "last", rollups, Rollup::last),
          column(aggregates, "increase", rollups, Rollup::increase));
    }

    private static double[] column(
        Set<String> aggregates, String name, List<Rollup> rollups, ToDoubleFunction<Rollup> value) {
      return aggregates.contains(name) ? rollups.stream().mapToDouble(value).toArray() : null;
    }
  }

  /** What a request for readings asks: the parameters of the API, unparsed. */
  public record ReadingsQuery(String from, String to, String points, String after, int limit) {}

  /**
   * Readings taken in {@code [from, to)}, oldest first. {@code to} defaults to now and {@code from}
   * to an hour before {@code to}; {@code points} (comma-separated) keeps only those metrics.
   */
  public Uni<TelemetryPage> readings(
      Caller caller, String enterprise, String device, ReadingsQuery q) {
    return workers.run(() -> page(caller, enterprise, device, q));
  }

  /** The same readings as CSV: {@code ts,seq,received_at} then one column per metric. */
  public Uni<String> csv(Caller caller, String enterprise, String device, ReadingsQuery q) {
    return workers.run(() -> csv(page(caller, enterprise, device, q)));
  }

  /** Stored 1-minute, 1-hour or 1-day aggregates of numeric and boolean metrics. */
  public Uni<RollupPage> rollups(
      Caller caller,
      String enterprise,
      String device,
      String resolution,
      String from,
      String to,
      String points) {
    return workers.run(() -> rollupPage(caller, enterprise, device, resolution, from, to, points));
  }

  /**
   * The same rollups as one series per point; {@code aggregates} (comma-separated, of count, min,
   * max, avg, last and increase) keeps only those, all by default.
   */
  public Uni<SeriesPage> series(
      Caller caller,
      String enterprise,
      String device,
      String resolution,
      String from,
      String to,
      String points,
      String aggregates) {
    return workers.run(
        () -> {
          Set<String> kept = aggregates(aggregates);
          RollupPage page = rollupPage(caller, enterprise, device, resolution, from, to, points);
          Map<String, List<Rollup>> byPoint = new LinkedHashMap<>();
          for (Rollup r : page.rollups()) {
            byPoint.computeIfAbsent(r.point(), p -> new ArrayList<>()).add(r);
          }
          List<Series> series = new ArrayList<>(byPoint.size());
          byPoint.forEach((point, rollups) -> series.add(Series.of(point, rollups, kept)));
          return new SeriesPage(
              page.enterprise(), page.device(), page.resolution(), page.from(), page.to(), series);
        });
  }

  private RollupPage rollupPage(
      Caller caller,
      String enterprise,
      String device,
      String resolution,
      String from,
      String to,
      String points)
      throws Exception {
    String park = visible(caller, enterprise, device);
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
        store.rollups(park, ref, res, start, end, points(points)));
  }

  private static Set<String> aggregates(String aggregates) {
    if (aggregates == null || aggregates.isBlank()) {
      return Set.copyOf(Series.AGGREGATES);
    }
    Set<String> kept = new HashSet<>();
    for (String a : aggregates.split(",")) {
      String name = a.trim();
      require(
          Series.AGGREGATES.contains(name),
          "aggregates",
          "must be a comma-separated list of " + String.join(", ", Series.AGGREGATES));
      kept.add(name);
    }
    return kept;
  }

  /** Online state, last seen, seq high-water mark and the gaps in the device's seqs. */
  public Uni<DeviceStatus> status(Caller caller, String enterprise, String device) {
    return workers.run(
        () -> store.status(visible(caller, enterprise, device), new DeviceRef(enterprise, device)));
  }

  private TelemetryPage page(Caller caller, String enterprise, String device, ReadingsQuery q)
      throws Exception {
    String park = visible(caller, enterprise, device);
    DeviceRef ref = new DeviceRef(enterprise, device);
    int limit = q.limit();
    require(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT);
    Instant end = q.to() == null ? Instant.now() : instant(q.to(), "to");
    Instant start = q.from() == null ? end.minus(Duration.ofHours(1)) : instant(q.from(), "from");
    require(start.isBefore(end), "from", "must be before to");
    List<StoredReading> readings =
        store.find(park, ref, start, end, cursor(q.after()), points(q.points()), limit);
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

  /** The device's park if the caller may see the device, else a 404. */
  private String visible(Caller caller, String enterprise, String device) throws Exception {
    require(Ids.isValid(enterprise), "enterprise", "must match " + Ids.SLUG.pattern());
    require(Ids.isValid(device), "device", "must match " + Ids.SLUG.pattern());
    String park =
        store
            .parkOf(new DeviceRef(enterprise, device))
            .orElseThrow(() -> ApiErrors.notFound("device", device));
    gate.requireVisible(caller, park, enterprise, "device", device);
    return park;
  }

  private static String csv(TelemetryPage page) {
    TreeSet<String> columns = new TreeSet<>();
    page.readings().forEach(r -> columns.addAll(r.metrics().keySet()));
    StringBuilder csv = new StringBuilder("ts,seq,received_at");
    columns.forEach(c -> csv.append(',').append(Csv.cell(c)));
    csv.append('\n');
    for (StoredReading r : page.readings()) {
      csv.append(r.ts()).append(',').append(r.seq()).append(',').append(r.receivedAt());
      for (String column : columns) {
        Object value = r.metrics().get(column);
        csv.append(',').append(value == null ? "" : Csv.cell(value.toString()));
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  private static List<String> points(String points) {
    if (points == null || points.isBlank()) {
      return List.of();
    }
    List<String> named =
        Arrays.stream(points.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    require(named.size() <= MAX_POINTS, "points", "must name at most " + MAX_POINTS + " points");
    return named;
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

  private static Instant instant(String value, String field) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw badRequest(
          field, "'" + value + "' is not an ISO-8601 instant such as 2026-11-29T03:00:00Z");
    }
  }
}
