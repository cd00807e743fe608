package io.parkpulse.platform.alarms.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.alarms.AlarmEvents;
import io.parkpulse.platform.alarms.rules.RuleState.FlapLimit;
import io.parkpulse.platform.jobs.JobLeases;
import io.parkpulse.platform.jobs.Periods;
import io.parkpulse.platform.topics.Producers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

/**
 * Wires the alarm events, the rule engine the ingest hands its stored readings to, and the silence
 * check that one replica runs on a timer.
 */
@ApplicationScoped
public class AlarmBeans {

  private static final Logger LOG = Logger.getLogger(AlarmBeans.class);

  @Produces
  @Singleton
  Producer<String, byte[]> alarmEvents(PlatformConfig config) {
    return Producers.acknowledged(config, "parkpulse-platform-alarms");
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
  RuleCatalog catalog(DataSource dataSource, PlatformConfig config) {
    PlatformConfig.Alarms.Flapping flapping = config.alarms().flapping();
    return new RuleCatalog(dataSource, new FlapLimit(flapping.transitions(), flapping.window()));
  }

  @Produces
  @Singleton
  AlarmStore store(
      DataSource dataSource, AlarmEvents events, PlatformConfig config, MeterRegistry registry) {
    return new AlarmStore(
        dataSource, events, config.alarms().maxOpenPerEnterprise(), Clock.systemUTC(), registry);
  }

  @Produces
  @Singleton
  RuleEngine engine(RuleCatalog catalog, AlarmStore store, PlatformConfig config) {
    return new RuleEngine(catalog, store, Clock.systemUTC(), config.alarms().rulesRefresh());
  }

  @Produces
  @Singleton
  SilenceCheck silence(RuleCatalog catalog, AlarmStore store) {
    return new SilenceCheck(catalog, store);
  }

  /** Runs the rule engine on its own thread for the life of the app. */
  @ApplicationScoped
  public static class EngineThread {
    private final RuleEngine engine;
    private Thread thread;

    EngineThread(RuleEngine engine) {
      this.engine = engine;
    }

    void start(@Observes StartupEvent event) {
      thread = new Thread(engine, "alarm-rules");
      thread.setDaemon(true);
      thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
      engine.stop();
      if (thread != null) {
        thread.join(5_000);
      }
    }
  }

  /**
   * Checks the silence rules once per {@code alarms.silence-check}, on one of the platform's
   * replicas ({@link JobLeases}); a failure is logged and the next period tries again.
   */
  @ApplicationScoped
  public static class Silence {
    private final SilenceCheck check;
    private final JobLeases leases;
    private final PlatformConfig config;

    Silence(SilenceCheck check, JobLeases leases, PlatformConfig config) {
      this.check = check;
      this.leases = leases;
      this.config = config;
    }

    @Scheduled(
        every = "${parkpulse.platform.alarms.silence-check:10S}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
      Instant now = Instant.now();
      try {
        leases.runOnce(
            "alarm-silence",
            Periods.every(now, config.alarms().silenceCheck()),
            config.jobs().lease(),
            () -> {
              int changed = check.check(now);
              if (changed > 0) {
                LOG.infof("silence rules raised or cleared %d alarms", changed);
              }
            });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.warnf("silence rules not checked (%s); they are at the next period", e.toString());
      }
    }
  }
}
