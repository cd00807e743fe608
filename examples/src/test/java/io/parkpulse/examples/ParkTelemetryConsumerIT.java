package io.parkpulse.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import java.io.File;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The integrator's example as an integrator runs it (its own JVM, from the jar and {@code
 * target/lib}) against a real broker holding records written as the gateway writes them: the
 * model's codec and CloudEvents headers.
 */
class ParkTelemetryConsumerIT {

  private static final String PARK = "example-park";
  private static final String GROUP = "parkpulse.example-park.erp-sync";
  private static final Path JAR = Path.of("target", "parkpulse-examples.jar").toAbsolutePath();
  private static final Path LIB = Path.of("target", "lib").toAbsolutePath();

  private static final Map<String, Object> CNC_1 =
      Map.of("power_kw", 3.2, "state", "RUNNING", "good_count", 12L);
  private static final Map<String, Object> CNC_2 =
      Map.of("power_kw", 3.4, "state", "IDLE", "good_count", 13L);
  private static final Map<String, Object> METER = Map.of("energy_kwh", 1042.5, "door_open", false);

  private static final List<TelemetryRecord> READINGS =
      List.of(
          reading(PARK, "east-precision/cnc-01", 1, "2026-11-29T03:00:00.123Z", CNC_1),
          reading(PARK, "east-precision/cnc-01", 2, "2026-11-29T03:00:02.123Z", CNC_2),
          reading(PARK, "green-cells/meter-01", 7, "2026-11-29T03:00:00Z", METER));

  /** The lines the example prints for {@link #READINGS}. */
  private static final List<String> EXPECTED =
      List.of(
          "east-precision/cnc-01 seq=1 ts=2026-11-29T03:00:00.123Z"
              + " metrics={\"good_count\":12,\"power_kw\":3.2,\"state\":\"RUNNING\"}",
          "east-precision/cnc-01 seq=2 ts=2026-11-29T03:00:02.123Z"
              + " metrics={\"good_count\":13,\"power_kw\":3.4,\"state\":\"IDLE\"}",
          "green-cells/meter-01 seq=7 ts=2026-11-29T03:00:00Z"
              + " metrics={\"door_open\":false,\"energy_kwh\":1042.5}");

  private final TelemetryCodec codec = new TelemetryCodec();

  @Test
  void printsEveryReadingOfItsParkAndCommitsWhatItPrinted() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    writeReadings(broker);

    runAndExpectTheReadings(broker, TestDirs.create("examples"), Map.of());

    assertCommittedWhatItPrinted(broker);
  }

  /**
   * On a broker that authenticates and authorizes every client, with the login and the ACLs that
   * docs/kafka-integration.md has the Kafka operator create (a SCRAM user, prefixed read on the
   * park's topics and consumer groups), given to the example through {@code KAFKA_CONFIG_FILE} as
   * the guide says.
   */
  @Test
  void readsItsParkWithAParkCredentialFromKafkaConfigFile() throws Exception {
    KafkaBroker broker = KafkaBroker.sharedSecured();
    writeReadings(broker);
    String user = "example-park-integrator";
    String password = UUID.randomUUID().toString();
    String parkPrefix = "parkpulse." + PARK + ".";
    try (Admin admin = broker.admin()) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
          .all()
          .get(30, TimeUnit.SECONDS);
      ResourcePattern topics =
          new ResourcePattern(ResourceType.TOPIC, parkPrefix, PatternType.PREFIXED);
      ResourcePattern groups =
          new ResourcePattern(ResourceType.GROUP, parkPrefix, PatternType.PREFIXED);
      admin
          .createAcls(
              List.of(
                  allow(topics, user, AclOperation.READ),
                  allow(topics, user, AclOperation.DESCRIBE),
                  allow(groups, user, AclOperation.READ)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Path work = TestDirs.create("secured-example");
    Path clientSettings = work.resolve("kafka-client.properties");
    Files.writeString(
        clientSettings,
        String.join(
            "\n",
            "security.protocol=SASL_PLAINTEXT",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\""
                + user
                + "\" password=\""
                + password
                + "\";"));
    // The broker applies a new user and ACLs shortly after it accepted them.
    Properties login = new Properties();
    try (Reader in = Files.newBufferedReader(clientSettings)) {
      login.load(in);
    }
    Map<String, Object> integrator = new HashMap<>();
    login.stringPropertyNames().forEach(k -> integrator.put(k, login.getProperty(k)));
    integrator.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (Admin admin = Admin.create(integrator)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(admin.listTopics().names().get(5, TimeUnit.SECONDS))
                      .as("the integrator sees its park's topics, no other")
                      .contains(ParkTopic.telemetry(PARK).name())
                      .allSatisfy(topic -> assertThat(topic).startsWith(parkPrefix)));
    }

    runAndExpectTheReadings(broker, work, Map.of("KAFKA_CONFIG_FILE", clientSettings.toString()));

    assertCommittedWhatItPrinted(broker);
  }

  /** The park's topic with {@link #READINGS}, and another park's with a reading of its own. */
  private void writeReadings(KafkaBroker broker) throws Exception {
    String topic = ParkTopic.telemetry(PARK).name();
    String otherTopic = ParkTopic.telemetry("other-park").name();
    try (Admin admin = broker.admin()) {
      admin
          .createTopics(
              List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(otherTopic, 3, (short) 1)))
          .all()
          .get();
    }
    TelemetryRecord otherPark =
        reading("other-park", "east-precision/intruder-01", 1, "2026-11-29T03:00:00Z", CNC_1);
    try (KafkaProducer<String, byte[]> producer = producer(broker)) {
      for (TelemetryRecord r : READINGS) {
        producer.send(record(topic, r)).get();
      }
      producer.send(record(otherTopic, otherPark)).get();
    }
  }

  /**
   * Runs the example in its own JVM, with the broker's address and {@code env}, until it has
   * printed {@link #EXPECTED}: one line per reading of its park, a device's in the order written.
   */
  private static void runAndExpectTheReadings(
      KafkaBroker broker, Path work, Map<String, String> env) throws Exception {
    String classpath = JAR + File.pathSeparator + LIB + File.separator + "*";
    try (ManagedProcess consumer =
        new Apps(work)
            .start(
                "consumer",
                ManagedProcess.javaCommand(
                    List.of("-Xmx64m", "-cp", classpath),
                    ParkTelemetryConsumer.class.getName(),
                    broker.bootstrapServers(),
                    PARK,
                    GROUP),
                env)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(lines(consumer)).containsAll(EXPECTED));
      List<String> printed = lines(consumer).stream().filter(l -> l.contains(" seq=")).toList();
      assertThat(printed)
          .as("one line per reading of its own park, none of another park's")
          .containsExactlyInAnyOrderElementsOf(EXPECTED);
      assertThat(printed.indexOf(EXPECTED.get(0)))
          .as("a device's readings in the order they were written")
          .isLessThan(printed.indexOf(EXPECTED.get(1)));
    }
  }

  /** The group committed what it printed: the same group started again would go on after it. */
  private static void assertCommittedWhatItPrinted(KafkaBroker broker) throws Exception {
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> end =
          admin
              .listOffsets(
                  committed.keySet().stream()
                      .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
              .all()
              .get()
              .entrySet()
              .stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
          .isEqualTo(READINGS.size());
      committed.forEach((tp, offset) -> assertThat(offset.offset()).isEqualTo(end.get(tp)));
    }
  }

  private static AclBinding allow(ResourcePattern pattern, String user, AclOperation operation) {
    return new AclBinding(
        pattern, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }

  private static TelemetryRecord reading(
      String park, String key, long seq, String ts, Map<String, Object> metrics) {
    return new TelemetryRecord(
        park,
        DeviceRef.fromKafkaKey(key),
        seq,
        Instant.parse(ts),
        Instant.parse("2026-11-29T03:00:01.5Z"),
        metrics);
  }

  /** The record as the gateway writes it: key, the codec's JSON and CloudEvents headers. */
  private ProducerRecord<String, byte[]> record(String topic, TelemetryRecord reading) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, reading.device().kafkaKey(), codec.encode(reading));
    CloudEvents.headers(
            CloudEvents.TELEMETRY_TYPE,
            CloudEvents.sourceOf(reading.device()),
            reading.receivedAt())
        .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  /** A producer as the gateway's: idempotent, {@code acks=all}, lz4; the super user if secured. */
  private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
    return new KafkaProducer<>(
        broker.client(
            Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                // As the gateway does: the consumer needs lz4 (target/lib) to read it.
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4")),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static List<String> lines(ManagedProcess process) throws Exception {
    return Files.exists(process.log()) ? Files.readAllLines(process.log()) : List.of();
  }
}
