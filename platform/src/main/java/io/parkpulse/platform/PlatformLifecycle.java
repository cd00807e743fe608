package io.parkpulse.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.ParkTopicFollower;
import io.parkpulse.platform.alarms.ingest.RuleEngine;
import io.parkpulse.platform.commands.CommandResponseConsumer;
import io.parkpulse.platform.commands.Commands;
import io.parkpulse.platform.devices.RegistryOutboxRepository;
import io.parkpulse.platform.devices.RegistryPublisher;
import io.parkpulse.platform.ingest.DatabaseErrors;
import io.parkpulse.platform.ingest.DerivedPointsLookup;
import io.parkpulse.platform.ingest.TelemetryIngestor;
import io.parkpulse.platform.ingest.TelemetryWriters;
import io.parkpulse.platform.parks.ParkProvisioner;
import io.parkpulse.platform.topics.Producers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the platform's plain classes together and runs the ingest and the command responses
 * consumer for the life of the app.
 */
@ApplicationScoped
public class PlatformLifecycle {

  private static final Logger LOG = Logger.getLogger(PlatformLifecycle.class);

  private final PlatformConfig config;
  private final MeterRegistry registry;
  private final TelemetryWriters writers;
  private final DerivedPointsLookup derivedPoints;
  private final ParkProvisioner provisioner;
  private final RegistryOutboxRepository registryOutbox;
  private final DatabaseErrors databaseErrors;
  private final RuleEngine rules;
  private KafkaProducer<String, byte[]> producer;
  private final List<TelemetryIngestor> ingestors = new ArrayList<>();
  private final List<Thread> ingestThreads = new ArrayList<>();
  private RegistryPublisher registryPublisher;
  private Thread registryThread;
  private final Commands commands;
  private CommandResponseConsumer responses;
  private Thread responsesThread;

  PlatformLifecycle(
      PlatformConfig config,
      TelemetryWriters writers,
      DerivedPointsLookup derivedPoints,
      MeterRegistry registry,
      ParkProvisioner provisioner,
      RegistryOutboxRepository registryOutbox,
      RuleEngine rules,
      @ConfigProperty(name = "quarkus.datasource.username") String databaseUser) {
    this.config = config;
    this.rules = rules;
    this.databaseErrors = new DatabaseErrors(databaseUser);
    this.writers = writers;
    this.derivedPoints = derivedPoints;
    this.registry = registry;
    this.provisioner = provisioner;
    this.registryOutbox = registryOutbox;
    // A producer connects on its first send: creating it here costs nothing.
    this.commands =
        new Commands(
            Producers.acknowledged(config, "parkpulse-platform-commands"),
            config.topicPrefix(),
            Clock.systemUTC(),
            registry);
  }

  @Produces
  @Singleton
  Commands commands() {
    return commands;
  }

  void start(@Observes StartupEvent event) throws Exception {
    provisioner.provisionGlobalTopics();
    provisioner.maintain();
    producer = Producers.acknowledged(config, "parkpulse-platform");
    int consumers = Math.max(1, config.ingest().consumers());
    for (int i = 0; i < consumers; i++) {
      TelemetryIngestor ingestor = ingestor(i);
      Thread thread = new Thread(ingestor, "telemetry-ingest-" + i);
      ingestors.add(ingestor);
      ingestThreads.add(thread);
      thread.start();
    }
    LOG.info("ingesting every park's telemetry and events into PostgreSQL");
    registryPublisher =
        new RegistryPublisher(
            registryOutbox,
            producer,
            ParkTopic.registry(config.topicPrefix()),
            Duration.ofMillis(250),
            registry);
    registryThread = new Thread(registryPublisher, "registry-publisher");
    registryThread.start();
    responses =
        new CommandResponseConsumer(
            responseConsumer(), config.topicPrefix(), commands, Clock.systemUTC(), registry);
    responsesThread = new Thread(responses, "command-responses");
    responsesThread.start();
  }

  /**
   * A consumer of every park's command responses in a group of this instance's own: every instance
   * reads every answer, and the one that sent the command completes it.
   */
  private KafkaConsumer<String, byte[]> responseConsumer() {
    return new KafkaConsumer<>(
        config
            .kafka()
            .client(ParkTopicFollower.consumerSettings("parkpulse-platform-command-responses")),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  /** One consumer of the ingest group, with its own writer. */
  private TelemetryIngestor ingestor(int index) {
    // A batch is made of several polls, taken while the previous batch is written.
    int pollSize = Math.max(1, config.ingest().maxBatch() / 5);
    Map<String, Object> settings = new HashMap<>();
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.ingest().groupId());
    settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "parkpulse-platform-ingest-" + index);
    // Dynamic membership on purpose: a static member that replaces its predecessor keeps the old
    // assignment, so topics of a park created just before a restart would never be assigned.
    settings.put(
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        (int) config.ingest().sessionTimeout().toMillis());
    settings.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) Math.max(1000, config.ingest().sessionTimeout().toMillis() / 3));
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pollSize);
    // Fuller batches under load, at most 100 ms more latency when idle.
    settings.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 262_144);
    settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    settings.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 10_000);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            config.kafka().client(settings), new StringDeserializer(), new ByteArrayDeserializer());
    return new TelemetryIngestor(
        consumer,
        producer,
        config.topicPrefix(),
        writers.create(config.ingest().maxBatch()),
        rules::stored,
        derivedPoints::of,
        databaseErrors,
        config.ingest().maxBatch(),
        pollSize,
        config.ingest().maxRetryBackoff(),
        config.ingest().permanentErrorRetry(),
        registry);
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    if (responses != null) {
      responses.stop();
      responsesThread.join(15_000);
    }
    commands.close();
    ingestors.forEach(TelemetryIngestor::stop);
    for (Thread thread : ingestThreads) {
      thread.join(15_000);
    }
    if (registryPublisher != null) {
      registryPublisher.stop();
      registryThread.join(15_000);
    }
    if (producer != null) {
      producer.close();
    }
  }

  /** Whether every ingest consumer runs and its last poll and batch succeeded. */
  public boolean ingestHealthy() {
    return !ingestors.isEmpty()
        && ingestThreads.stream().allMatch(Thread::isAlive)
        && ingestors.stream().allMatch(TelemetryIngestor::isHealthy);
  }

  /** Why an ingest consumer's last batch was not stored, while it is not. */
  public Optional<String> ingestProblem() {
    return ingestors.stream()
        .flatMap(ingestor -> ingestor.problem().stream())
        .map(DatabaseErrors.Failure::message)
        .findFirst();
  }
}
