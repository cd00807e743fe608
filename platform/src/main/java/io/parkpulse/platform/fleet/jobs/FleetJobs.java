package io.parkpulse.platform.fleet.jobs;

import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.commands.Commands;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Advances the running rollouts every {@code parkpulse.platform.fleet.interval} on one of the
 * platform's replicas at a time ({@link RolloutRunner#run}'s advisory lock).
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

  /**
   * One step of every running rollout per interval, on the replica that holds the runner's lock; a
   * failure is logged and tried again.
   */
  @ApplicationScoped
  public static class Schedule {
    private final RolloutRunner runner;

    Schedule(RolloutRunner runner) {
      this.runner = runner;
    }

    @Scheduled(
        every = "${parkpulse.platform.fleet.interval:2S}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
      try {
        runner.run(Instant.now());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warnf("rollouts failed (%s); they go on at the next interval", e.toString());
      }
    }
  }
}
