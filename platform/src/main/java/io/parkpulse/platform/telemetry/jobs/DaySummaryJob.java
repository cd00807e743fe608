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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps {@code point_day} (V24): for every point with daily rollups in the maturity window, one row
 * a closed day of its park's time zone, with the day's samples and the sorted staleness of its
 * hours' last values, summed from the hourly rollups. The assessment reads a point's whole days
 * there instead of 24 hourly rows each, where every day of the window holds a summary that is still
 * true (its n equal to the daily rollup's); other days and points it reads hourly.
 *
 * <p>Each run finds the days on which some point's summary is missing or no longer true (a new day,
 * a day that got late readings, a day summarised under another time zone) and summarises each of
 * them again for all points, in one pass over the day's hourly rollups and one transaction. A day
 * whose hourly rollups do not add up to its daily rollup (a zone with a half-hour offset, rows
 * written by hand) gets no summary. Runs once per {@code
 * parkpulse.platform.storage.day-summary-interval} on one replica ({@link JobLeases}); a run cut
 * off leaves whole days done and the rest for the next run.
 */
@ApplicationScoped
public class DaySummaryJob {

  private static final Logger LOG = Logger.getLogger(DaySummaryJob.class);

  /**
   * The window's closed local days of a park (whole UTC hours at both ends) on which some point
   * with daily rollups in the window has no summary that holds.
   */
  private static final String DAYS_TO_DO =
      "WITH z AS (SELECT timezone AS tz FROM park WHERE id = ?),"
          + " days AS (SELECT g AT TIME ZONE z.tz AS bucket,"
          + "  (g + interval '1 day') AT TIME ZONE z.tz AS day_end"
          + "  FROM z, generate_series(date_trunc('day', ?::timestamptz AT TIME ZONE z.tz),"
          + "   date_trunc('day', ?::timestamptz AT TIME ZONE z.tz) - interval '1 day',"
          + "   interval '1 day') AS g),"
          + " points AS MATERIALIZED (SELECT DISTINCT enterprise, device, point FROM rollup_1d"
          + "  WHERE park = ? AND bucket >= ?),"
          + " held AS (SELECT pd.bucket, count(*) AS n FROM point_day pd"
          + "  JOIN days dy ON dy.bucket = pd.bucket AND dy.day_end = pd.day_end"
          + "  JOIN points p ON p.enterprise = pd.enterprise AND p.device = pd.device"
          + "   AND p.point = pd.point"
          + "  LEFT JOIN rollup_1d d ON d.enterprise = pd.enterprise AND d.device = pd.device"
          + "   AND d.point = pd.point AND d.bucket = pd.bucket"
          + "  WHERE pd.park = ? AND pd.bucket >= ? AND pd.n = coalesce(d.n, 0)"
          + "  GROUP BY pd.bucket)"
          + " SELECT dy.bucket, dy.day_end FROM days dy LEFT JOIN held h ON h.bucket = dy.bucket"
          + " WHERE extract(epoch FROM dy.bucket)::bigint % 3600 = 0"
          + " AND extract(epoch FROM dy.day_end)::bigint % 3600 = 0"
          + " AND coalesce(h.n, 0) < (SELECT count(*) FROM points) ORDER BY dy.bucket";

  /**
   * One day of a park: each point with daily rollups in the window, its hourly rollups of the day
   * summed in one pass over the day's rows, kept where they add up to its daily rollup (0 without
   * one).
   */
  private static final String SUMMARISE_DAY =
      "WITH points AS (SELECT DISTINCT enterprise, device, point FROM rollup_1d"
          + "  WHERE park = ? AND bucket >= ?),"
          + " hours AS (SELECT enterprise, device, point, sum(n) AS n,"
          + "  array_agg(stale ORDER BY stale) AS staleness"
          + "  FROM (SELECT enterprise, device, point, n, (extract(epoch FROM bucket"
          + "   + interval '1 hour' - last_ts) * 1000000)::bigint AS stale FROM rollup_1h"
          + "   WHERE park = ? AND bucket >= ? AND bucket < ?) r"
          + "  GROUP BY enterprise, device, point)"
          + " INSERT INTO point_day (park, enterprise, device, point, bucket, day_end, n, staleness)"
          + " SELECT ?, p.enterprise, p.device, p.point, ?, ?, coalesce(h.n, 0),"
          + " coalesce(h.staleness, '{}') FROM points p"
          + " LEFT JOIN hours h ON h.enterprise = p.enterprise AND h.device = p.device"
          + "  AND h.point = p.point"
          + " LEFT JOIN rollup_1d d ON d.enterprise = p.enterprise AND d.device = p.device"
          + "  AND d.point = p.point AND d.bucket = ?"
          + " WHERE coalesce(h.n, 0) = coalesce(d.n, 0)"
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
    try (Connection c = dataSource.getConnection()) {
      List<OffsetDateTime[]> days = new ArrayList<>();
      try (PreparedStatement q = c.prepareStatement(DAYS_TO_DO)) {
        set(q, park, utc(from), utc(now), park, utc(from), park, utc(from));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            days.add(
                new OffsetDateTime[] {
                  rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class)
                });
          }
        }
      }
      long written = 0;
      c.setAutoCommit(false);
      for (OffsetDateTime[] day : days) {
        try (Statement settings = c.createStatement();
            PreparedStatement q = c.prepareStatement(SUMMARISE_DAY)) {
          // Room to sort a large park's hourly rows of a day (a million) in memory.
          settings.execute("SET LOCAL work_mem = '128MB'");
          set(q, park, utc(from), park, day[0], day[1], park, day[0], day[1], day[0]);
          written += q.executeUpdate();
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      }
      return written;
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static void set(PreparedStatement q, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      q.setObject(i + 1, params[i]);
    }
  }
}
