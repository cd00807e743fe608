package io.parkpulse.gateway.sparkplug;

import static io.parkpulse.gateway.sparkplug.SparkplugBytes.aliased;
import static io.parkpulse.gateway.sparkplug.SparkplugBytes.message;
import static io.parkpulse.gateway.sparkplug.SparkplugBytes.metric;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parkpulse.gateway.events.DeviceEvents;
import io.parkpulse.gateway.kafka.DeadLetters;
import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.gateway.sparkplug.SparkplugTopic.MessageType;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Sparkplug B handling with an in-memory Kafka: aliases, numbering, rebirth and deaths. SparkplugIT
 * covers the same with real MQTT clients and a real broker.
 */
class SparkplugHandlerTest {

  private static final Instant NOW = Instant.parse("2026-11-29T03:00:05Z");
  private static final long T1 = Instant.parse("2026-11-29T03:00:01Z").toEpochMilli();
  private static final long T2 = Instant.parse("2026-11-29T03:00:02Z").toEpochMilli();
  private static final RegistryEntry PLC =
      new RegistryEntry(
          new DeviceRef("acme", "plc-01"), "north", true, "hash", List.of("press-01"));
  private static final RegistryEntry PRESS =
      new RegistryEntry(new DeviceRef("acme", "press-01"), "north", true, "hash", List.of());

  private final Sink sink = new Sink();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final DeadLetters deadLetters = new DeadLetters("parkpulse", sink);
  private final SparkplugHandler handler =
      new SparkplugHandler(
          new TelemetryPipeline(
              "parkpulse", sink, deadLetters, new TelemetryCodec(), clock, meters),
          new DeviceEvents("parkpulse", sink, deadLetters, clock, meters),
          deadLetters,
          Duration.ofSeconds(5),
          clock,
          nanos::get,
          meters);
  private final List<String> rebirths = new ArrayList<>();
  private boolean subscribed = true;
  private final SparkplugSession session =
      new SparkplugSession(
          PLC,
          (topic, payload) -> {
            if (subscribed) {
              rebirths.add(topic);
            }
            return subscribed;
          });

  @Test
  void birthAndDataByAliasBecomeReadingsNumberedFromEachBirth() throws Exception {
    accept(
        MessageType.NBIRTH,
        message()
            .timestamp(T1)
            .add(metric("bdSeq", 0, SparkplugValues.INT64).longValue(3))
            .add(metric("Node Control/Rebirth", 1, SparkplugValues.BOOLEAN).booleanValue(false))
            .add(metric("Motor 1/RPM", 2, SparkplugValues.INT32).intValue(1500))
            .add(metric("Temp", 3, SparkplugValues.FLOAT).floatValue(20.5f))
            .seq(0));
    accept(
        MessageType.DBIRTH,
        message()
            .timestamp(T1)
            .add(metric("Count", 1, SparkplugValues.UINT32).intValue(10))
            .seq(1));
    accept(
        MessageType.NDATA,
        message()
            .timestamp(T2)
            .add(aliased(2).intValue(-3))
            .add(aliased(3).floatValue(21.25f))
            .seq(2));
    accept(MessageType.DDATA, message().timestamp(T2).add(aliased(1).intValue(11)).seq(3));

    List<TelemetryRecord> node = readings("acme/plc-01");
    assertThat(node).extracting(TelemetryRecord::seq).containsExactly(0L, 1L);
    assertThat(node.get(0).metrics()).isEqualTo(Map.of("Motor_1.RPM", 1500L, "Temp", 20.5));
    assertThat(node.get(0).ts()).isEqualTo(Instant.ofEpochMilli(T1));
    // The DATA gives no datatype: Int32 from the BIRTH makes the bits negative.
    assertThat(node.get(1).metrics()).isEqualTo(Map.of("Motor_1.RPM", -3L, "Temp", 21.25));
    assertThat(node.get(1).ts()).isEqualTo(Instant.ofEpochMilli(T2));
    assertThat(node.get(1).receivedAt()).isEqualTo(NOW);
    List<TelemetryRecord> press = readings("acme/press-01");
    assertThat(press).extracting(TelemetryRecord::seq).containsExactly(0L, 1L);
    assertThat(press).extracting(r -> r.metrics().get("Count")).containsExactly(10L, 11L);

    accept(
        MessageType.DBIRTH,
        message().add(metric("Count", 1, SparkplugValues.UINT32).intValue(12)).seq(4));
    assertThat(readings("acme/press-01"))
        .extracting(TelemetryRecord::seq)
        .containsExactly(0L, 1L, 0L);
    assertThat(readings("acme/press-01").get(2).ts())
        .as("receive time without timestamps")
        .isEqualTo(NOW);

    List<DeviceEvent> births = events("acme/plc-01");
    assertThat(births).extracting(DeviceEvent::type).containsExactly(DeviceEvent.BIRTH);
    assertThat(births.get(0).attributes())
        .isEqualTo(Map.of("protocol", "sparkplug-b", "bdSeq", 3L));
    assertThat(events("acme/press-01").get(0).attributes())
        .isEqualTo(Map.of("protocol", "sparkplug-b", "edgeNode", "plc-01"));
    assertThat(sink.topics(deadLetterTopic())).isEmpty();
    assertThat(count("parkpulse.gateway.sparkplug.skipped", "reason", "control")).isEqualTo(2);
  }

  @Test
  void splitsMetricsIntoOneReadingPerTimestampAndPerRepeatedName() throws Exception {
    accept(
        MessageType.NBIRTH,
        message()
            .add(metric("a", 1, SparkplugValues.INT64))
            .add(metric("b", 2, SparkplugValues.INT64))
            .seq(0));
    accept(
        MessageType.NDATA,
        message()
            .timestamp(T2)
            .add(aliased(1).at(T1).longValue(1))
            .add(aliased(2).at(T1).longValue(2))
            .add(aliased(1).at(T1).longValue(3))
            .add(aliased(2).longValue(4))
            .seq(1));

    List<TelemetryRecord> node = readings("acme/plc-01");
    assertThat(node).extracting(TelemetryRecord::seq).containsExactly(0L, 1L, 2L);
    assertThat(node.get(0).metrics()).isEqualTo(Map.of("a", 1L, "b", 2L));
    assertThat(node.get(0).ts()).isEqualTo(Instant.ofEpochMilli(T1));
    assertThat(node.get(1).metrics()).isEqualTo(Map.of("a", 3L));
    assertThat(node.get(1).ts()).isEqualTo(Instant.ofEpochMilli(T1));
    assertThat(node.get(2).metrics()).isEqualTo(Map.of("b", 4L));
    assertThat(node.get(2).ts()).isEqualTo(Instant.ofEpochMilli(T2));
  }

  @Test
  void dataBeforeBirthIsDeadLetteredAndTheNodeAskedForARebirthAtMostOncePerInterval()
      throws Exception {
    byte[] ddata = message().add(aliased(1).intValue(5)).seq(1).toBytes();
    assertThat(accept(MessageType.DDATA, ddata)).isCompleted();

    var dead = sink.topics(deadLetterTopic());
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).key).isEqualTo("acme/press-01");
    assertThat(dead.get(0).value).isEqualTo(ddata);
    assertThat(dead.get(0).headers)
        .containsEntry(DeadLetter.REASON, SparkplugHandler.BEFORE_BIRTH)
        .containsEntry(DeadLetter.ORIGIN, "mqtt:sparkplug");
    assertThat(rebirths).containsExactly("spBv1.0/acme/NCMD/plc-01");

    nanos.addAndGet(Duration.ofSeconds(4).toNanos());
    accept(MessageType.NDATA, message().add(aliased(1).intValue(5)).seq(2).toBytes());
    assertThat(rebirths).hasSize(1);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    accept(MessageType.NDATA, message().add(aliased(1).intValue(5)).seq(3).toBytes());
    assertThat(rebirths).hasSize(2);

    assertThat(sink.topics(deadLetterTopic())).hasSize(3);
    assertThat(readings("acme/plc-01")).isEmpty();
    assertThat(count("parkpulse.gateway.sparkplug.rebirth.requests", "outcome", "sent"))
        .isEqualTo(2);
    assertThat(count("parkpulse.gateway.sparkplug.rebirth.requests", "outcome", "suppressed"))
        .isEqualTo(1);
    assertThat(
            meters
                .counter(
                    "parkpulse.gateway.sparkplug.messages",
                    "type",
                    "ndata",
                    "outcome",
                    "before-birth")
                .count())
        .isEqualTo(2);
  }

  @Test
  void anAliasTheBirthDidNotDefineIsDataBeforeBirthAndNumbersNothing() throws Exception {
    accept(
        MessageType.NBIRTH,
        message().add(metric("a", 1, SparkplugValues.INT64).longValue(1)).seq(0));
    accept(
        MessageType.NDATA,
        message().add(aliased(1).longValue(2)).add(aliased(9).longValue(3)).seq(1));
    accept(MessageType.NDATA, message().add(aliased(1).longValue(4)).seq(2));

    assertThat(readings("acme/plc-01")).extracting(TelemetryRecord::seq).containsExactly(0L, 1L);
    assertThat(readings("acme/plc-01").get(1).metrics()).isEqualTo(Map.of("a", 4L));
    assertThat(sink.topics(deadLetterTopic())).hasSize(1);
    assertThat(rebirths).hasSize(1);
  }

  @Test
  void aNodeThatHasNotSubscribedToItsCommandsIsNotAskedButCounted() throws Exception {
    subscribed = false;
    accept(MessageType.NDATA, message().add(aliased(1).intValue(5)).seq(1));
    subscribed = true;
    accept(MessageType.NDATA, message().add(aliased(1).intValue(5)).seq(2));

    assertThat(rebirths).hasSize(1);
    assertThat(count("parkpulse.gateway.sparkplug.rebirth.requests", "outcome", "not-subscribed"))
        .isEqualTo(1);
  }

  @Test
  void deadLettersAPayloadThatIsNotProtobufAndCompletes() throws Exception {
    byte[] json = "{\"seq\": 1, \"metrics\": {\"a\": 1}}".getBytes(UTF_8);
    assertThat(accept(MessageType.NBIRTH, json)).isCompleted();

    var dead = sink.topics(deadLetterTopic());
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).headers.get(DeadLetter.REASON)).contains("not a Sparkplug B");
    assertThat(events("acme/plc-01")).isEmpty();
    assertThat(
            meters
                .counter(
                    "parkpulse.gateway.sparkplug.messages",
                    "type",
                    "nbirth",
                    "outcome",
                    "malformed")
                .count())
        .isEqualTo(1);
  }

  @Test
  void countsSeqGapsOfTheNodeModulo256() throws Exception {
    accept(
        MessageType.NBIRTH,
        message().add(metric("a", 1, SparkplugValues.INT64).longValue(1)).seq(254));
    accept(MessageType.NDATA, message().add(aliased(1).longValue(2)).seq(255));
    accept(MessageType.NDATA, message().add(aliased(1).longValue(3)).seq(0));
    assertThat(gaps()).isZero();

    accept(MessageType.NDATA, message().add(aliased(1).longValue(4)).seq(3));
    assertThat(gaps()).isEqualTo(1);
    accept(MessageType.NDATA, message().add(aliased(1).longValue(5)).seq(4));
    assertThat(gaps()).isEqualTo(1);
    assertThat(readings("acme/plc-01")).hasSize(5);
  }

  @Test
  void anNdeathKillsTheNodeAndTheDevicesItBornOnceAndDataNeedsANewBirth() throws Exception {
    accept(
        MessageType.NBIRTH,
        message().add(metric("a", 1, SparkplugValues.INT64).longValue(1)).seq(0));
    accept(
        MessageType.DBIRTH,
        message().add(metric("c", 1, SparkplugValues.INT64).longValue(1)).seq(1));

    accept(
        MessageType.NDEATH, message().add(metric("bdSeq", 0, SparkplugValues.INT64).longValue(3)));
    handler.will(
        session, message().add(metric("bdSeq", 0, SparkplugValues.INT64).longValue(3)).toBytes());
    handler.ended(session, false);

    assertThat(events("acme/plc-01"))
        .extracting(DeviceEvent::type)
        .containsExactly(DeviceEvent.BIRTH, DeviceEvent.DEATH);
    assertThat(events("acme/plc-01").get(1).attributes())
        .isEqualTo(Map.of("protocol", "sparkplug-b", "reason", "ndeath", "bdSeq", 3L));
    assertThat(events("acme/press-01"))
        .extracting(DeviceEvent::type)
        .containsExactly(DeviceEvent.BIRTH, DeviceEvent.DEATH);
    assertThat(events("acme/press-01").get(1).attributes())
        .containsEntry("reason", "ndeath")
        .containsEntry("edgeNode", "plc-01");

    accept(MessageType.DDATA, message().add(aliased(1).longValue(2)).seq(2));
    assertThat(sink.topics(deadLetterTopic())).hasSize(1);
  }

  @Test
  void aDdeathKillsItsDeviceAndTheEndOfTheConnectionTheOthers() throws Exception {
    RegistryEntry oven =
        new RegistryEntry(new DeviceRef("acme", "oven-01"), "north", true, "hash", List.of());
    accept(MessageType.NBIRTH, message().seq(0));
    accept(
        MessageType.DBIRTH,
        message().add(metric("c", 1, SparkplugValues.INT64).longValue(1)).seq(1));
    handler
        .accept(
            session,
            new SparkplugTopic("acme", MessageType.DBIRTH, "plc-01", "oven-01"),
            oven,
            message().add(metric("t", 1, SparkplugValues.DOUBLE).doubleValue(180)).seq(2).toBytes())
        .get();

    accept(MessageType.DDEATH, message().seq(3));
    handler.ended(session, true).get();

    assertThat(events("acme/press-01"))
        .extracting(DeviceEvent::type)
        .containsExactly(DeviceEvent.BIRTH, DeviceEvent.DEATH);
    assertThat(events("acme/press-01").get(1).attributes()).containsEntry("reason", "ddeath");
    assertThat(events("acme/oven-01"))
        .extracting(DeviceEvent::type)
        .containsExactly(DeviceEvent.BIRTH, DeviceEvent.DEATH);
    assertThat(events("acme/oven-01").get(1).attributes()).containsEntry("reason", "disconnected");
    assertThat(events("acme/plc-01"))
        .extracting(DeviceEvent::type)
        .containsExactly(DeviceEvent.BIRTH);
  }

  private CompletableFuture<Void> accept(MessageType type, SparkplugBytes payload)
      throws Exception {
    return accept(type, payload.toBytes());
  }

  private CompletableFuture<Void> accept(MessageType type, byte[] payload) throws Exception {
    SparkplugTopic topic =
        new SparkplugTopic("acme", type, "plc-01", type.ofDevice() ? "press-01" : null);
    CompletableFuture<Void> done =
        handler.accept(session, topic, type.ofDevice() ? PRESS : PLC, payload);
    done.get();
    return done;
  }

  private double gaps() {
    return meters
        .counter("parkpulse.gateway.sparkplug.seq.gaps", "enterprise", "acme", "park", "north")
        .count();
  }

  private double count(String name, String tag, String value) {
    return meters.counter(name, tag, value).count();
  }

  private static String deadLetterTopic() {
    return "parkpulse.dlq.v1";
  }

  private List<TelemetryRecord> readings(String key) throws Exception {
    TelemetryCodec codec = new TelemetryCodec();
    List<TelemetryRecord> records = new ArrayList<>();
    for (Sent sent : sink.topics("parkpulse.north.telemetry.v1")) {
      if (sent.key.equals(key)) {
        records.add(codec.decode(sent.value));
      }
    }
    return records;
  }

  private List<DeviceEvent> events(String key) throws Exception {
    EventCodec codec = new EventCodec();
    List<DeviceEvent> events = new ArrayList<>();
    for (Sent sent : sink.topics("parkpulse.north.events.v1")) {
      if (sent.key.equals(key)) {
        events.add(codec.decode(sent.value));
      }
    }
    return events;
  }

  private record Sent(String topic, String key, byte[] value, Map<String, String> headers) {}

  /** Stores every record at once. */
  private static final class Sink implements RecordSink {
    private final List<Sent> sent = new ArrayList<>();

    @Override
    public CompletableFuture<Void> send(
        String topic, String key, byte[] value, Map<String, String> headers) {
      sent.add(new Sent(topic, key, value, headers));
      return CompletableFuture.completedFuture(null);
    }

    List<Sent> topics(String topic) {
      return sent.stream().filter(s -> s.topic.equals(topic)).toList();
    }
  }
}
