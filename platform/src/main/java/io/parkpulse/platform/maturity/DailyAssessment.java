package io.parkpulse.platform.maturity;

import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.jobs.JobLeases;
import io.parkpulse.platform.jobs.Periods;
import io.parkpulse.platform.maturity.readmodel.Assessor;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Assesses every enterprise once per period of the configured schedule (daily by default), a park
 * at a time, however many platform replicas run: each park's assessment of a period is claimed by
 * one replica ({@link JobLeases}). Every replica looks for due parks every {@code
 * jobs.check-interval}, so a park whose replica died mid-assessment is assessed by another once its
 * lease runs out, and a park that failed is tried again; neither after {@code jobs.catch-up}.
 */
@ApplicationScoped
public class DailyAssessment {

  private static final Logger LOG = Logger.getLogger(DailyAssessment.class);

  private final Assessor assessor;
  private final JobLeases leases;
  private final PlatformConfig config;
  private final Clock clock;

  DailyAssessment(Assessor assessor, JobLeases leases, PlatformConfig config) {
    this.assessor = assessor;
    this.leases = leases;
    this.config = config;
    this.clock = Clock.system(ZoneId.systemDefault());
  }

  @Scheduled(
      every = "${parkpulse.platform.jobs.check-interval:1M}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void run() {
    Instant now = clock.instant();
    Optional<Instant> period =
        Periods.lastFired(config.maturity().schedule(), now, clock.getZone())
            .filter(fired -> now.isBefore(fired.plus(config.jobs().catchUp())));
    if (period.isEmpty()) {
      return;
    }
    try {
      for (String park : assessor.parks()) {
        try {
          leases.runOnce(
              "assessment:" + park,
              period.get(),
              config.jobs().lease(),
              () -> assessor.assessPark(park));
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          LOG.warnf(
              "park %s: the scheduled assessment failed: %s; tried again within %s",
              park, e.toString(), config.jobs().checkInterval());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warnf("the scheduled assessment stopped: %s; it runs again next time", e.toString());
    }
  }
}
