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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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

  private final TelemetryCodec codec = new TelemetryCodec();

  @Test
  void printsEveryReadingOfItsParkAndCommitsWhatItPrinted() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    String topic = ParkTopic.telemetry(PARK).name();
    String otherTopic = ParkTopic.telemetry("other-park").name();
    try (Admin admin = broker.admin()) {
      admin
          .createTopics(
              List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(otherTopic, 3, (short) 1)))
          .all()
          .get();
    }
    List<TelemetryRecord> readings =
        List.of(
            reading(PARK, "east-precision/cnc-01", 1, "2026-11-29T03:00:00.123Z", CNC_1),
            reading(PARK, "east-precision/cnc-01", 2, "2026-11-29T03:00:02.123Z", CNC_2),
            reading(PARK, "green-cells/meter-01", 7, "2026-11-29T03:00:00Z", METER));
    TelemetryRecord otherPark =
        reading("other-park", "east-precision/intruder-01", 1, "2026-11-29T03:00:00Z", CNC_1);
    try (KafkaProducer<String, byte[]> producer = producer(broker)) {
      for (TelemetryRecord r : readings) {
        producer.send(record(topic, r)).get();
      }
      producer.send(record(otherTopic, otherPark)).get();
    }

    Path work = TestDirs.create("examples");
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
                Map.of())) {
      List<String> expected =
          List.of(
              "east-precision/cnc-01 seq=1 ts=2026-11-29T03:00:00.123Z"
                  + " metrics={\"good_count\":12,\"power_kw\":3.2,\"state\":\"RUNNING\"}",
              "east-precision/cnc-01 seq=2 ts=2026-11-29T03:00:02.123Z"
                  + " metrics={\"good_count\":13,\"power_kw\":3.4,\"state\":\"IDLE\"}",
              "green-cells/meter-01 seq=7 ts=2026-11-29T03:00:00Z"
                  + " metrics={\"door_open\":false,\"energy_kwh\":1042.5}");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(lines(consumer)).containsAll(expected));
      List<String> printed = lines(consumer).stream().filter(l -> l.contains(" seq=")).toList();
      assertThat(printed)
          .as("one line per reading of its own park, none of another park's")
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(printed.indexOf(expected.get(0)))
          .as("a device's readings in the order they were written")
          .isLessThan(printed.indexOf(expected.get(1)));
    }

    // It committed what it printed: the same group started again would go on after it.
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
          .isEqualTo(readings.size());
      committed.forEach((tp, offset) -> assertThat(offset.offset()).isEqualTo(end.get(tp)));
    }
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

  private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            // As the gateway does: the consumer needs lz4 (target/lib) to read it.
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static List<String> lines(ManagedProcess process) throws Exception {
    return Files.exists(process.log()) ? Files.readAllLines(process.log()) : List.of();
  }
}
