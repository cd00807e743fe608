package io.parkpulse.platform.notifications.jobs;

import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.jobs.JobLeases;
import io.parkpulse.platform.jobs.Periods;
import io.parkpulse.platform.notifications.send.Destinations;
import io.parkpulse.platform.notifications.send.Sender;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Wires the notifications' planner and delivery, and runs both every {@code
 * parkpulse.platform.notifications.interval} on one of the platform's replicas ({@link JobLeases}).
 */
@ApplicationScoped
public class NotificationJobs {

  private static final Logger LOG = Logger.getLogger(NotificationJobs.class);

  @Produces
  @Singleton
  Sender sender(Mailer mailer, PlatformConfig config, Destinations destinations) {
    return new Sender(mailer, config.notifications().timeout(), destinations);
  }

  @Produces
  @Singleton
  Destinations destinations(PlatformConfig config) {
    return new Destinations(config.notifications().allowedNetworks().orElse(List.of()));
  }

  /**
   * Reads {@code notifications.allowed-networks} at start: a network written wrong stops the start
   * with its reason, rather than every notification later.
   */
  void checkAllowedNetworks(@Observes StartupEvent start, Destinations destinations) {
    LOG.debugf("notifications may reach %s", destinations);
  }

  @Produces
  @Singleton
  NotificationPlanner planner(DataSource dataSource, PlatformConfig config) {
    return new NotificationPlanner(
        dataSource, config.portal().publicUrl(), config.notifications().maxAge());
  }

  @Produces
  @Singleton
  NotificationDelivery delivery(
      DataSource dataSource, Sender sender, MeterRegistry meters, PlatformConfig config) {
    PlatformConfig.Notifications n = config.notifications();
    // A claim outlasts a batch whose every delivery waits for the timeout.
    return new NotificationDelivery(
        dataSource,
        sender,
        meters,
        n.maxAttempts(),
        n.retryDelays(),
        n.timeout().multipliedBy(100).plus(config.jobs().lease()));
  }

  /** Plans and sends once per interval; a failure is logged and the next interval tries again. */
  @ApplicationScoped
  public static class Schedule {
    private final NotificationPlanner planner;
    private final NotificationDelivery delivery;
    private final JobLeases leases;
    private final PlatformConfig config;

    Schedule(
        NotificationPlanner planner,
        NotificationDelivery delivery,
        JobLeases leases,
        PlatformConfig config) {
      this.planner = planner;
      this.delivery = delivery;
      this.leases = leases;
      this.config = config;
    }

    @Scheduled(
        every = "${parkpulse.platform.notifications.interval:5S}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
      Instant now = Instant.now();
      try {
        leases.runOnce(
            "notifications",
            Periods.every(now, config.notifications().interval()),
            config.jobs().lease(),
            () -> {
              planner.plan(now);
              NotificationDelivery.Run run = delivery.run(now);
              if (run.dead() > 0) {
                LOG.warnf("%d notifications dead after their last attempt", run.dead());
              }
            });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warnf("notifications failed (%s); they run again at the next interval", e.toString());
      }
    }
  }
}
