package io.parkpulse.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.platform.devices.RegistryPublisher;
import io.parkpulse.platform.ingest.TelemetryIngestor;
import io.parkpulse.platform.ingest.TelemetryWriter;
import io.parkpulse.platform.telemetry.TelemetryStore;
import io.parkpulse.platform.tenancy.ParkProvisioner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/** Wires the platform's plain classes together and runs the ingest for the life of the app. */
@ApplicationScoped
public class PlatformLifecycle {

  private static final Logger LOG = Logger.getLogger(PlatformLifecycle.class);

  private final PlatformConfig config;
  private final MeterRegistry registry;
  private final DataSource dataSource;
  private final ParkProvisioner provisioner;
  private final TelemetryStore store;
  private KafkaProducer<String, byte[]> producer;
  private TelemetryIngestor ingestor;
  private Thread ingestThread;
  private RegistryPublisher registryPublisher;
  private Thread registryThread;

  PlatformLifecycle(
      PlatformConfig config,
      DataSource dataSource,
      MeterRegistry registry,
      ParkProvisioner provisioner) {
    this.config = config;
    this.dataSource = dataSource;
    this.registry = registry;
    this.provisioner = provisioner;
    this.store = new TelemetryStore(dataSource);
  }

  @Produces
  @Singleton
  TelemetryStore telemetryStore() {
    return store;
  }

  void start(@Observes StartupEvent event) throws Exception {
    String servers = config.kafka().bootstrapServers();
    provisioner.provisionGlobalTopics();
    provisioner.maintain();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ProducerConfig.CLIENT_ID_CONFIG,
                "parkpulse-platform",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new StringSerializer(),
            new ByteArraySerializer());
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ConsumerConfig.GROUP_ID_CONFIG,
                config.ingest().groupId(),
                // Dynamic membership on purpose: a static member that replaces its predecessor
                // keeps the old assignment, so topics of a park created just before a restart
                // would never be assigned.
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                (int) config.ingest().sessionTimeout().toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                (int) Math.max(1000, config.ingest().sessionTimeout().toMillis() / 3),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                config.ingest().maxBatch(),
                // Fuller batches under load, at most 100 ms more latency when idle.
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                262_144,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                100,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                10_000),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    ingestor =
        new TelemetryIngestor(
            consumer,
            producer,
            ParkTopic.deadLetter(config.topicPrefix()),
            ParkTopic.patternFor(config.topicPrefix(), ParkTopic.Kind.TELEMETRY),
            ParkTopic.patternFor(config.topicPrefix(), ParkTopic.Kind.EVENTS),
            new TelemetryWriter(dataSource),
            config.ingest().maxRetryBackoff(),
            registry);
    ingestThread = new Thread(ingestor, "telemetry-ingest");
    ingestThread.start();
    LOG.info("ingesting every park's telemetry and events into PostgreSQL");
    registryPublisher =
        new RegistryPublisher(
            dataSource,
            producer,
            ParkTopic.registry(config.topicPrefix()),
            Duration.ofMillis(250),
            registry);
    registryThread = new Thread(registryPublisher, "registry-publisher");
    registryThread.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    if (ingestor != null) {
      ingestor.stop();
      ingestThread.join(15_000);
    }
    if (registryPublisher != null) {
      registryPublisher.stop();
      registryThread.join(15_000);
    }
    if (producer != null) {
      producer.close();
    }
  }

  /** Whether the ingest runs and its last poll and batch succeeded. */
  public boolean ingestHealthy() {
    return ingestor != null && ingestThread.isAlive() && ingestor.isHealthy();
  }
}
