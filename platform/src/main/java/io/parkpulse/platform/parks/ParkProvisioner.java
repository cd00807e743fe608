package io.parkpulse.platform.parks;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.jobs.JobLeases;
import io.parkpulse.platform.jobs.Periods;
import io.parkpulse.platform.telemetry.readmodel.Partitions;
import io.parkpulse.platform.topics.KafkaAccess;
import io.parkpulse.platform.topics.TopicProvisioner;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * Gives a park what it needs outside its row: its Kafka topics, the gateway's ACLs on them (when
 * the platform manages Kafka access) and its telemetry partitions. Runs when a park is created, at
 * start and periodically (which also drops expired partitions), so a park whose provisioning was
 * interrupted is completed later. Blocking: call off the event loop.
 */
@ApplicationScoped
public class ParkProvisioner {

  private static final Logger LOG = Logger.getLogger(ParkProvisioner.class);

  /** How long the runs of scheduled jobs are remembered. */
  private static final Duration JOB_HISTORY = Duration.ofDays(7);

  private final PlatformConfig config;
  private final Partitions partitions;
  private final KafkaAccess access;
  private final JobLeases leases;
  private final AtomicLong telemetryBytes = new AtomicLong();

  ParkProvisioner(
      PlatformConfig config,
      Partitions partitions,
      KafkaAccess access,
      JobLeases leases,
      MeterRegistry registry) {
    this.config = config;
    this.partitions = partitions;
    this.access = access;
    this.leases = leases;
    // Measured by the maintenance, not on each scrape.
    Gauge.builder("parkpulse.platform.telemetry.bytes", telemetryBytes, AtomicLong::get)
        .description(
            "Bytes on disk of the telemetry partitions and rollups, as of the last maintenance")
        .register(registry);
  }

  /**
   * Creates the park's topics, the gateway's ACLs and the partitions where missing.
   *
   * @throws Exception when Kafka or PostgreSQL fails; the next maintenance tries again
   */
  public void provision(String park) throws Exception {
    try (Admin admin = admin()) {
      List<String> created = topics(admin).ensure(List.of(park));
      access.grantGateway(admin, List.of(park));
      if (!created.isEmpty()) {
        LOG.infof("park %s: created topics %s", park, created);
      }
    }
    partitions.ensurePark(park);
  }

  /** Creates the global topics (registry, dead letters); every park's come with the park. */
  public void provisionGlobalTopics()
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = admin()) {
      topics(admin).ensure(List.of());
      access.grantGateway(admin, List.of());
    }
  }

  /** The scheduled maintenance, on one replica per interval ({@link JobLeases}). */
  @Scheduled(
      every = "${parkpulse.platform.storage.maintenance-interval:1H}",
      delayed = "${parkpulse.platform.storage.maintenance-interval:1H}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledMaintenance() {
    // Once per interval across the platform's replicas; maintain() itself may run anywhere.
    try {
      leases.runOnce(
          "storage-maintenance",
          Periods.every(Instant.now(), config.storage().maintenanceInterval()),
          config.jobs().lease(),
          () -> {
            maintain();
            leases.prune(JOB_HISTORY);
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warnf("park maintenance could not start: %s", e.toString());
    }
  }

  /**
   * Completes every park's provisioning, applies its retention and measures the telemetry's size
   * (parkpulse.platform.telemetry.bytes). Safe on several replicas at once: every step is "create
   * if missing" or "drop if expired".
   */
  public void maintain() {
    try {
      List<Partitions.ParkRetention> parks = partitions.parks();
      List<String> ids = parks.stream().map(Partitions.ParkRetention::park).toList();
      // One admin client, one topic listing and one ACL request for every park.
      try (Admin admin = admin()) {
        List<String> created = topics(admin).ensure(ids);
        access.grantGateway(admin, ids);
        if (!created.isEmpty()) {
          LOG.infof("created topics %s", created);
        }
      }
      for (Partitions.ParkRetention park : parks) {
        partitions.ensurePark(park.park());
        partitions.expire(park.park(), park.retentionDays());
      }
      telemetryBytes.set(partitions.storedBytes());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warnf(
          "park maintenance failed, retried in %s: %s",
          config.storage().maintenanceInterval(), e.toString());
    }
  }

  /** Drops everything stored for a park that is being deleted. */
  public void dropStorage(String park) throws Exception {
    partitions.dropPark(park);
  }

  /** Drops partitions older than the park's retention now. */
  public List<String> expire(String park, int retentionDays) throws Exception {
    return partitions.expire(park, retentionDays);
  }

  private Admin admin() {
    return Admin.create(config.kafka().client(Map.of()));
  }

  private TopicProvisioner topics(Admin admin) {
    return new TopicProvisioner(
        admin,
        config.topicPrefix(),
        config.kafka().partitions(),
        config.kafka().replicationFactor(),
        config.kafka().minInsyncReplicas());
  }
}
