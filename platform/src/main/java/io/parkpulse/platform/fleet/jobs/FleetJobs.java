package io.parkpulse.platform.fleet.jobs;

import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.commands.Commands;
import io.parkpulse.platform.jobs.JobLeases;
import io.parkpulse.platform.jobs.Periods;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Advances the running rollouts every {@code parkpulse.platform.fleet.interval} on one of the
 * platform's replicas ({@link JobLeases}).
 */
@ApplicationScoped
public class FleetJobs {

  private static final Logger LOG = Logger.getLogger(FleetJobs.class);

  @Produces
  @Singleton
  RolloutRunner runner(
      DataSource dataSource, Commands commands, PlatformConfig config, MeterRegistry meters) {
    return new RolloutRunner(
        dataSource, commands, config.fleet().answerTimeout(), config.fleet().reportGrace(), meters);
  }

  /** One step of every running rollout per interval; a failure is logged and tried again. */
  @ApplicationScoped
  public static class Schedule {
    private final RolloutRunner runner;
    private final JobLeases leases;
    private final PlatformConfig config;

    Schedule(RolloutRunner runner, JobLeases leases, PlatformConfig config) {
      this.runner = runner;
      this.leases = leases;
      this.config = config;
    }

    @Scheduled(
        every = "${parkpulse.platform.fleet.interval:2S}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
      Instant now = Instant.now();
      try {
        leases.runOnce(
            "fleet-rollouts",
            Periods.every(now, config.fleet().interval()),
            config.jobs().lease(),
            () -> runner.run(now));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warnf("rollouts failed (%s); they go on at the next interval", e.toString());
      }
    }
  }
}
