package io.parkpulse.platform.ingest;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.telemetry.readmodel.Resolution;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Aggregates a batch of new readings per device, point and bucket, for each stored resolution (days
 * in the park's time zone), so that PostgreSQL only merges a few hundred aggregates per batch
 * instead of re-reading every metric of every reading. Numbers and booleans (as 1 and 0) are
 * aggregated; strings are not.
 */
public final class Rollups {

  /** Where an aggregate belongs. */
  public record Key(
      Resolution resolution,
      String park,
      String enterprise,
      String device,
      String point,
      Instant bucket) {}

  /**
   * An aggregate of one point over one bucket. The first and last values are those with the lowest
   * and highest (ts, seq), so that aggregates merge in any order.
   */
  public static final class Aggregate {
    final long bucket;
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    Instant firstTs;
    long firstSeq;
    double first;
    Instant lastTs;
    long lastSeq;
    double last;

    Aggregate(long bucket) {
      this.bucket = bucket;
    }

    void add(Instant ts, long seq, double value) {
      count++;
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
      if (firstTs == null || before(ts, seq, firstTs, firstSeq)) {
        firstTs = ts;
        firstSeq = seq;
        first = value;
      }
      if (lastTs == null || before(lastTs, lastSeq, ts, seq)) {
        lastTs = ts;
        lastSeq = seq;
        last = value;
      }
    }

    private static boolean before(Instant ts, long seq, Instant otherTs, long otherSeq) {
      int byTime = ts.compareTo(otherTs);
      return byTime < 0 || (byTime == 0 && seq < otherSeq);
    }

    public long count() {
      return count;
    }

    public double sum() {
      return sum;
    }

    public double min() {
      return min;
    }

    public double max() {
      return max;
    }

    public Instant firstTs() {
      return firstTs;
    }

    public double first() {
      return first;
    }

    public Instant lastTs() {
      return lastTs;
    }

    public double last() {
      return last;
    }
  }

  private final Function<String, ZoneId> zoneOfPark;
  private final Map<String, ZoneId> zones = new HashMap<>();
  private final Resolution[] resolutions = Resolution.values();
  private final long[] buckets = new long[resolutions.length];

  /**
   * Grouped by device, then point; a point's readings mostly fall in one bucket per resolution, so
   * the bucket last used is tried first. This runs for every metric of every reading.
   */
  private final Map<DeviceRef, Map<String, PointRollup>> groups = new LinkedHashMap<>();

  /** An empty accumulator, with days in each park's zone. */
  public Rollups(Function<String, ZoneId> zoneOfPark) {
    this.zoneOfPark = zoneOfPark;
  }

  /** The aggregates of {@code readings} at every resolution, with days in each park's zone. */
  public static Map<Key, Aggregate> of(
      List<TelemetryRecord> readings, Function<String, ZoneId> zoneOfPark) {
    Rollups rollups = new Rollups(zoneOfPark);
    rollups.add(readings);
    return rollups.aggregates();
  }

  /** Adds {@code readings} to the aggregates. */
  public void add(List<TelemetryRecord> readings) {
    for (TelemetryRecord r : readings) {
      long second = r.ts().getEpochSecond();
      ZoneId zone = zones.computeIfAbsent(r.park(), zoneOfPark);
      for (int i = 0; i < resolutions.length; i++) {
        buckets[i] = resolutions[i].bucket(second, zone);
      }
      Map<String, PointRollup> points = null;
      for (Map.Entry<String, Object> metric : r.metrics().entrySet()) {
        Double value = numeric(metric.getValue());
        if (value == null) {
          continue;
        }
        if (points == null) {
          points = groups.computeIfAbsent(r.device(), d -> new LinkedHashMap<>());
        }
        PointRollup point =
            points.computeIfAbsent(metric.getKey(), name -> new PointRollup(r, name));
        for (int i = 0; i < resolutions.length; i++) {
          point.aggregate(i, buckets[i]).add(r.ts(), r.seq(), value);
        }
      }
    }
  }

  /** The aggregates of the readings added so far. */
  public Map<Key, Aggregate> aggregates() {
    Map<Key, Aggregate> aggregates = new LinkedHashMap<>();
    for (Map<String, PointRollup> points : groups.values()) {
      for (PointRollup point : points.values()) {
        for (int i = 0; i < resolutions.length; i++) {
          for (Aggregate a : point.byResolution.get(i)) {
            aggregates.put(
                new Key(
                    resolutions[i],
                    point.park,
                    point.enterprise,
                    point.device,
                    point.point,
                    Instant.ofEpochSecond(a.bucket)),
                a);
          }
        }
      }
    }
    return aggregates;
  }

  /** One point's aggregates of a batch, per resolution and bucket. */
  private static final class PointRollup {
    final String park;
    final String enterprise;
    final String device;
    final String point;
    final List<List<Aggregate>> byResolution = new ArrayList<>();
    final Aggregate[] lastUsed = new Aggregate[Resolution.values().length];

    PointRollup(TelemetryRecord r, String point) {
      this.park = r.park();
      this.enterprise = r.device().enterprise();
      this.device = r.device().device();
      this.point = point;
      for (int i = 0; i < lastUsed.length; i++) {
        byResolution.add(new ArrayList<>(2));
      }
    }

    Aggregate aggregate(int resolution, long bucket) {
      Aggregate last = lastUsed[resolution];
      if (last != null && last.bucket == bucket) {
        return last;
      }
      for (Aggregate a : byResolution.get(resolution)) {
        if (a.bucket == bucket) {
          lastUsed[resolution] = a;
          return a;
        }
      }
      Aggregate created = new Aggregate(bucket);
      byResolution.get(resolution).add(created);
      lastUsed[resolution] = created;
      return created;
    }
  }

  private static Double numeric(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    return null;
  }
}
