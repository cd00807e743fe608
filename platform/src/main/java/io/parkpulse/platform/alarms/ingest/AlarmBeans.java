package io.parkpulse.platform.alarms.ingest;

import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.alarms.AlarmEvents;
import io.parkpulse.platform.jobs.JobLeases;
import io.parkpulse.platform.jobs.Periods;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/** Wires the alarm events and evaluator, and runs the evaluator on the configured interval. */
@ApplicationScoped
public class AlarmBeans {

  private static final Logger LOG = Logger.getLogger(AlarmBeans.class);

  @Produces
  @Singleton
  Producer<String, byte[]> alarmEvents(PlatformConfig config) {
    return new KafkaProducer<>(
        config
            .kafka()
            .client(
                Map.of(
                    ProducerConfig.CLIENT_ID_CONFIG,
                    "parkpulse-platform-alarms",
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true)),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  void close(@Disposes Producer<String, byte[]> producer) {
    producer.close();
  }

  @Produces
  @Singleton
  AlarmEvents events(Producer<String, byte[]> producer, PlatformConfig config) {
    return new AlarmEvents(producer, config.topicPrefix());
  }

  @Produces
  @Singleton
  AlarmEvaluator evaluator(DataSource dataSource, AlarmEvents events) {
    return new AlarmEvaluator(dataSource, events);
  }

  /**
   * Evaluates every rule once per interval, on one of the platform's replicas ({@link JobLeases});
   * a failure is logged and the next interval tries again.
   */
  @ApplicationScoped
  public static class Schedule {
    private final AlarmEvaluator evaluator;
    private final JobLeases leases;
    private final PlatformConfig config;

    Schedule(AlarmEvaluator evaluator, JobLeases leases, PlatformConfig config) {
      this.evaluator = evaluator;
      this.leases = leases;
      this.config = config;
    }

    @Scheduled(
        every = "${parkpulse.platform.alarms.interval:30S}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
      Instant now = Instant.now();
      try {
        leases.runOnce(
            "alarms",
            Periods.every(now, config.alarms().interval()),
            config.jobs().lease(),
            () -> {
              int opened = evaluator.evaluate(now);
              if (opened > 0) {
                LOG.infof("opened %d alarms", opened);
              }
            });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warnf("alarm evaluation failed (%s); it runs again at the next interval", e.toString());
      }
    }
  }
}
