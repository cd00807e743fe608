package io.parkpulse.platform.energy.jobs;

import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.energy.readmodel.EnergyFigures;
import io.parkpulse.platform.energy.readmodel.EnergyReadModel;
import io.parkpulse.platform.energy.readmodel.MeterDays;
import io.parkpulse.platform.jobs.JobLeases;
import io.parkpulse.platform.jobs.Periods;
import io.parkpulse.platform.topics.Producers;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jboss.logging.Logger;

/**
 * Wires the energy job and runs it once per {@code parkpulse.platform.energy.interval} on one of
 * the platform's replicas ({@link JobLeases}).
 */
@ApplicationScoped
public class EnergyJobs {

  private static final Logger LOG = Logger.getLogger(EnergyJobs.class);

  @Produces
  @Singleton
  EnergyJob job(
      DataSource dataSource, EnergyReadModel model, EnergyFigures figures, PlatformConfig config) {
    KafkaProducer<String, byte[]> producer =
        Producers.acknowledged(config, "parkpulse-platform-energy");
    return new EnergyJob(
        new MeterDays(dataSource),
        model,
        figures,
        new MonthRecords(dataSource, producer, config.topicPrefix()),
        config.energy());
  }

  /** The shipped national factors, written where missing before anything reads them. */
  void start(@Observes StartupEvent event, DataSource dataSource) {
    try {
      int inserted = DefaultFactorRows.ensure(dataSource);
      if (inserted > 0) {
        LOG.infof("energy: %d default factors written", inserted);
      }
    } catch (SQLException e) {
      LOG.warnf("energy: the default factors could not be written (%s); tried at next start", e);
    }
  }

  void close(@Disposes EnergyJob job) {
    job.close();
  }

  /** The schedule. */
  @ApplicationScoped
  public static class Schedule {
    private final EnergyJob job;
    private final JobLeases leases;
    private final PlatformConfig config;

    Schedule(EnergyJob job, JobLeases leases, PlatformConfig config) {
      this.job = job;
      this.leases = leases;
      this.config = config;
    }

    @Scheduled(
        every = "${parkpulse.platform.energy.interval:15M}",
        delayed = "${parkpulse.platform.energy.interval:15M}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
      Instant now = Instant.now();
      try {
        leases.runOnce(
            "energy",
            Periods.every(now, config.energy().interval()),
            config.jobs().lease(),
            () -> job.run(now));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warnf("the energy job failed (%s); it runs again next interval", e.toString());
      }
    }
  }
}
