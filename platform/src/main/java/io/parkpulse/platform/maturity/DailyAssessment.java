package io.parkpulse.platform.maturity;

import io.parkpulse.platform.maturity.readmodel.Assessor;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Assesses every enterprise on the configured schedule (daily by default), a park at a time: a park
 * that fails is logged and the others are still assessed.
 */
@ApplicationScoped
public class DailyAssessment {

  private static final Logger LOG = Logger.getLogger(DailyAssessment.class);

  private final Assessor assessor;

  DailyAssessment(Assessor assessor) {
    this.assessor = assessor;
  }

  @Scheduled(
      cron = "${parkpulse.platform.maturity.schedule:0 0 2 * * ?}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void run() {
    try {
      for (String park : assessor.parks()) {
        try {
          assessor.assessPark(park);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          LOG.warnf(
              "park %s: the scheduled assessment failed: %s; it runs again next time",
              park, e.toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warnf("the scheduled assessment stopped: %s; it runs again next time", e.toString());
    }
  }
}
