package io.parkpulse.platform.telemetry.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.jobs.JobLeases;
import io.parkpulse.platform.jobs.Periods;
import io.parkpulse.platform.telemetry.readmodel.Partitions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps {@code point_day} (V24): for every point with daily rollups in the maturity window, one row
 * a closed day of its park's time zone, with the day's samples and the sorted staleness of its
 * hours' last values, summed from the hourly rollups. The assessment reads a point's whole days
 * there instead of 24 hourly rows each, where every day of the window holds a summary that is still
 * true (its n equal to the daily rollup's); other days and points it reads hourly.
 *
 * <p>Each run writes what is missing or no longer true: a new day, a day that got late readings, a
 * day summarised under another time zone. A day whose hourly rollups do not add up to its daily
 * rollup (a zone with a half-hour offset, rows written by hand) gets no summary. Runs once per
 * {@code parkpulse.platform.storage.day-summary-interval} on one replica ({@link JobLeases}); a run
 * cut off is done again whole, which writes the same rows.
 */
@ApplicationScoped
public class DaySummaryJob {

  private static final Logger LOG = Logger.getLogger(DaySummaryJob.class);

  /**
   * One park: every point that has a daily rollup in the window, crossed with the window's closed
   * local days that are whole UTC hours at both ends, less the days whose summary holds; each of
   * those summed from its hourly rollups, and kept where they add up to the daily rollup.
   */
  private static final String SUMMARISE =
      "WITH z AS (SELECT timezone AS tz FROM park WHERE id = ?),"
          + " days AS (SELECT g AT TIME ZONE z.tz AS bucket,"
          + "  (g + interval '1 day') AT TIME ZONE z.tz AS day_end"
          + "  FROM z, generate_series(date_trunc('day', ?::timestamptz AT TIME ZONE z.tz),"
          + "   date_trunc('day', ?::timestamptz AT TIME ZONE z.tz) - interval '1 day',"
          + "   interval '1 day') AS g),"
          + " points AS (SELECT DISTINCT enterprise, device, point FROM rollup_1d"
          + "  WHERE park = ? AND bucket >= ?),"
          + " todo AS (SELECT p.enterprise, p.device, p.point, dy.bucket, dy.day_end,"
          + "  coalesce(d.n, 0) AS n FROM points p CROSS JOIN days dy"
          + "  LEFT JOIN rollup_1d d ON d.enterprise = p.enterprise AND d.device = p.device"
          + "   AND d.point = p.point AND d.bucket = dy.bucket"
          + "  LEFT JOIN point_day pd ON pd.enterprise = p.enterprise AND pd.device = p.device"
          + "   AND pd.point = p.point AND pd.bucket = dy.bucket"
          + "  WHERE extract(epoch FROM dy.bucket)::bigint % 3600 = 0"
          + "   AND extract(epoch FROM dy.day_end)::bigint % 3600 = 0"
          + "   AND (pd.n IS NULL OR pd.n <> coalesce(d.n, 0) OR pd.day_end <> dy.day_end))"
          + " INSERT INTO point_day (park, enterprise, device, point, bucket, day_end, n, staleness)"
          + " SELECT ?, t.enterprise, t.device, t.point, t.bucket, t.day_end, t.n,"
          + "  coalesce(s.staleness, '{}') FROM todo t"
          + " LEFT JOIN LATERAL (SELECT sum(h.n) AS n, array_agg(h.stale ORDER BY h.stale)"
          + "  AS staleness FROM (SELECT r.n, (extract(epoch FROM r.bucket + interval '1 hour'"
          + "   - r.last_ts) * 1000000)::bigint AS stale FROM rollup_1h r"
          + "   WHERE r.enterprise = t.enterprise AND r.device = t.device AND r.point = t.point"
          + "   AND r.bucket >= t.bucket AND r.bucket < t.day_end) h) s ON true"
          + " WHERE coalesce(s.n, 0) = t.n"
          + " ON CONFLICT (enterprise, device, point, bucket) DO UPDATE SET park = EXCLUDED.park,"
          + " day_end = EXCLUDED.day_end, n = EXCLUDED.n, staleness = EXCLUDED.staleness";

  private final DataSource dataSource;
  private final Partitions partitions;
  private final JobLeases leases;
  private final PlatformConfig config;
  private final Counter written;

  DaySummaryJob(
      DataSource dataSource,
      Partitions partitions,
      JobLeases leases,
      PlatformConfig config,
      MeterRegistry registry) {
    this.dataSource = dataSource;
    this.partitions = partitions;
    this.leases = leases;
    this.config = config;
    this.written =
        Counter.builder("parkpulse.platform.telemetry.day.summaries")
            .description("Point-days summarised for the maturity assessment")
            .register(registry);
  }

  @Scheduled(
      every = "${parkpulse.platform.storage.day-summary-interval:1H}",
      delayed = "${parkpulse.platform.storage.day-summary-interval:1H}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    Instant now = Instant.now();
    try {
      leases.runOnce(
          "telemetry-day-summaries",
          Periods.every(now, config.storage().daySummaryInterval()),
          config.jobs().lease(),
          () -> run(now));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warnf("day summaries could not start: %s", e.toString());
    }
  }

  /**
   * Summarises every park's closed days of the maturity window (and a day either side) ending by
   * {@code now}; a park that fails is logged and left for the next run, the others go on.
   *
   * @return the point-days written
   */
  public long run(Instant now) throws SQLException {
    Instant from = now.minus(config.maturity().window()).minus(Duration.ofDays(2));
    long total = 0;
    for (Partitions.ParkRetention park : partitions.parks()) {
      try {
        long done = summarise(park.park(), from, now);
        written.increment(done);
        total += done;
      } catch (SQLException | RuntimeException e) {
        LOG.warnf(
            "park %s: day summaries stopped (%s); the assessment reads its hours until the next"
                + " run",
            park.park(), e.toString());
      }
    }
    return total;
  }

  private long summarise(String park, Instant from, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement(SUMMARISE)) {
      q.setString(1, park);
      q.setObject(2, from.atOffset(ZoneOffset.UTC));
      q.setObject(3, now.atOffset(ZoneOffset.UTC));
      q.setString(4, park);
      q.setObject(5, from.atOffset(ZoneOffset.UTC));
      q.setString(6, park);
      return q.executeUpdate();
    }
  }
}
