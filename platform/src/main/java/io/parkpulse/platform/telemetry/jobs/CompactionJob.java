package io.parkpulse.platform.telemetry.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.jobs.JobLeases;
import io.parkpulse.platform.jobs.Periods;
import io.parkpulse.platform.telemetry.readmodel.Partitions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Compacts every park's closed days once per {@code parkpulse.platform.storage.compaction-interval}
 * on one of the platform's replicas ({@link JobLeases}). A run that stops half-way (a kill, a lost
 * database) leaves whole device-days done and the rest for the next run.
 */
@ApplicationScoped
public class CompactionJob {

  private static final Logger LOG = Logger.getLogger(CompactionJob.class);

  private final Compactor compactor;
  private final Partitions partitions;
  private final JobLeases leases;
  private final PlatformConfig config;
  private final Counter compacted;

  CompactionJob(
      DataSource dataSource,
      Partitions partitions,
      JobLeases leases,
      PlatformConfig config,
      MeterRegistry registry) {
    this.compactor = new Compactor(dataSource, partitions);
    this.partitions = partitions;
    this.leases = leases;
    this.config = config;
    this.compacted =
        Counter.builder("parkpulse.platform.telemetry.compacted")
            .description("Readings moved from a row each into hour blocks")
            .register(registry);
  }

  @Scheduled(
      every = "${parkpulse.platform.storage.compaction-interval:1H}",
      delayed = "${parkpulse.platform.storage.compaction-interval:1H}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    Instant now = Instant.now();
    try {
      leases.runOnce(
          "telemetry-compaction",
          Periods.every(now, config.storage().compactionInterval()),
          config.jobs().lease(),
          () -> run(now));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warnf("telemetry compaction could not start: %s", e.toString());
    }
  }

  /**
   * Compacts every park's days that ended a hot window before {@code now}; a park that fails is
   * logged and left for the next run, the others go on.
   *
   * @return what was compacted
   */
  public Compactor.Result run(Instant now) throws SQLException {
    Compactor.Result total = new Compactor.Result(0, 0, 0, 0, 0);
    for (Partitions.ParkRetention park : partitions.parks()) {
      try {
        Compactor.Result done = compactor.compact(park.park(), park.hotDays(), now);
        compacted.increment(done.readings());
        total = total.plus(done);
      } catch (SQLException | RuntimeException e) {
        LOG.warnf(
            "park %s: compaction stopped (%s); the rest is compacted next run",
            park.park(), e.toString());
      }
    }
    return total;
  }
}
