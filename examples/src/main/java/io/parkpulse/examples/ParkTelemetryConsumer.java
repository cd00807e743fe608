package io.parkpulse.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one park's telemetry from Kafka and prints one line per reading:
 *
 * <pre>
 * east-precision/cnc-01 seq=1042 ts=2026-11-29T03:00:00.123Z metrics={"power_kw":3.2,"state":"RUNNING"}
 * </pre>
 *
 * <p>It needs nothing from ParkPulse but the topic contract (docs/kafka-integration.md): a Kafka
 * client and a JSON parser. Copy it and replace {@link #handle} with what your system does with a
 * reading.
 *
 * <p>Usage: {@code ParkTelemetryConsumer <bootstrap-servers> <park> <group-id>}, or the environment
 * variables {@code KAFKA_BOOTSTRAP_SERVERS}, {@code PARKPULSE_PARK} and {@code KAFKA_GROUP_ID}.
 * Optional: {@code PARKPULSE_TOPIC_PREFIX} (default {@code parkpulse}, as the deployment's {@code
 * topic-prefix}) and {@code KAFKA_CONFIG_FILE}, a properties file of further consumer settings such
 * as {@code security.protocol} and {@code sasl.jaas.config}. Ctrl-C (SIGTERM) stops it.
 */
public final class ParkTelemetryConsumer {

  /** {@code ce_type} of a telemetry record: the CloudEvents header every record carries. */
  private static final String TELEMETRY_TYPE = "io.parkpulse.telemetry.v1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ParkTelemetryConsumer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String bootstrapServers = setting(args, 0, "KAFKA_BOOTSTRAP_SERVERS");
    String park = setting(args, 1, "PARKPULSE_PARK");
    String groupId = setting(args, 2, "KAFKA_GROUP_ID");
    if (bootstrapServers == null || park == null || groupId == null) {
      System.err.println(
          "usage: ParkTelemetryConsumer <bootstrap-servers> <park> <group-id>\n"
              + "   or: set KAFKA_BOOTSTRAP_SERVERS, PARKPULSE_PARK and KAFKA_GROUP_ID\n"
              + "optional: PARKPULSE_TOPIC_PREFIX (default parkpulse), KAFKA_CONFIG_FILE");
      System.exit(2);
    }
    String prefix = System.getenv().getOrDefault("PARKPULSE_TOPIC_PREFIX", "parkpulse");
    String topic = telemetryTopic(prefix, park);

    Properties config = new Properties();
    String configFile = System.getenv("KAFKA_CONFIG_FILE");
    if (configFile != null) {
      // Security settings (SASL, TLS) come from here, so that no secret is on the command line.
      try (InputStream in = Files.newInputStream(Path.of(configFile))) {
        config.load(in);
      }
    }
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // The group keeps your position: run several copies with the same group id to share the
    // partitions (at most one per partition), or another group id to read everything again.
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    // A new group starts at the oldest reading the topic still holds; Kafka's default, "latest",
    // would skip everything written before the group's first start.
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Offsets are committed by hand, after the readings are handled (at-least-once; see below).
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");

    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      // The platform creates a park's topics when the park is created; none is created on demand.
      if (consumer.partitionsFor(topic).isEmpty()) {
        System.err.println(
            "topic " + topic + " does not exist: check the park id and the topic prefix");
        System.exit(1);
      }
      Thread main = Thread.currentThread();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    // Makes the blocked poll() throw WakeupException; then wait for the loop to
                    // commit what it handled and leave the group.
                    consumer.wakeup();
                    try {
                      main.join(10_000);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));

      consumer.subscribe(List.of(topic));
      System.err.println("reading " + topic + " as group " + groupId);
      try {
        while (true) {
          ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofSeconds(1));
          for (ConsumerRecord<String, byte[]> record : records) {
            handle(record);
          }
          // Committed only after every reading of the poll was handled: if this process dies
          // before, the next one reads them again. So a reading can arrive twice (also when a
          // device resent it); (enterprise, device, seq, ts) identifies it.
          if (!records.isEmpty()) {
            consumer.commitSync();
          }
        }
      } catch (WakeupException e) {
        // Stopping: the shutdown hook woke the consumer up.
      }
    }
  }

  /** Handles one record of the telemetry topic: here, prints it. */
  private static void handle(ConsumerRecord<String, byte[]> record) {
    String type = header(record, "ce_type");
    if (!TELEMETRY_TYPE.equals(type)) {
      // ParkPulse writes only readings here, each with this type: anything else is not one.
      System.err.println("skipping " + where(record) + ": ce_type " + type);
      return;
    }
    try {
      // The value is one reading, JSON (schemas/telemetry-record.v1.json):
      // {"park", "enterprise", "device", "seq", "ts", "receivedAt", "metrics": {name: value}}
      JsonNode reading = JSON.readTree(record.value());
      String enterprise = reading.path("enterprise").asText();
      String device = reading.path("device").asText(); // the key is "{enterprise}/{device}"
      long seq = reading.path("seq").asLong(); // the device's counter; gaps are possible
      String ts = reading.path("ts").asText(); // when the device took it, ISO-8601 UTC
      // Metric values are numbers, booleans or strings; sorted by name for a stable line.
      Map<String, JsonNode> metrics = new TreeMap<>();
      for (Map.Entry<String, JsonNode> metric : reading.path("metrics").properties()) {
        metrics.put(metric.getKey(), metric.getValue());
      }
      System.out.println(
          enterprise
              + "/"
              + device
              + " seq="
              + seq
              + " ts="
              + ts
              + " metrics="
              + JSON.writeValueAsString(metrics));
    } catch (IOException e) {
      // ParkPulse validates every reading before it writes it, so this is not expected.
      System.err.println("skipping " + where(record) + ": not JSON: " + e.getMessage());
    }
  }

  /** The park's telemetry topic: {@code {prefix}.{park}.telemetry.v1}. */
  static String telemetryTopic(String prefix, String park) {
    return prefix + "." + park + ".telemetry.v1";
  }

  /** A header's value as text, or null if the record does not have it. */
  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String where(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  /** Argument {@code index}, else environment variable {@code env}, else null. */
  private static String setting(String[] args, int index, String env) {
    return args.length > index ? args[index] : System.getenv(env);
  }
}
