package io.parkpulse.gateway.telemetry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parkpulse.gateway.kafka.DeadLetters;
import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The pipeline's logic with an in-memory sink; MqttTelemetryIT covers it on a real broker. */
class TelemetryPipelineTest {

  private static final Instant NOW = Instant.parse("2026-11-29T03:00:05Z");
  private static final DeviceRef PRESS = new DeviceRef("acme", "press-01");

  private final PendingSink sink = new PendingSink();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TelemetryCodec codec = new TelemetryCodec();
  private final TelemetryPipeline pipeline =
      new TelemetryPipeline(
          "parkpulse",
          sink,
          new DeadLetters("parkpulse", sink),
          codec,
          Clock.fixed(NOW, ZoneOffset.UTC),
          registry);

  @Test
  void completesOnlyWhenKafkaAcknowledgedEveryReadingOfTheMessage() throws Exception {
    CompletableFuture<Void> done =
        pipeline.accept(
            "north",
            PRESS,
            ("[{\"seq\":1,\"ts\":\"2026-11-29T03:00:00Z\",\"metrics\":{\"a\":1}},"
                    + "{\"seq\":2,\"ts\":\"2026-11-29T03:00:01Z\",\"metrics\":{\"a\":2}}]")
                .getBytes(UTF_8));

    assertThat(sink.sent).hasSize(2);
    sink.sent.get(0).ack.complete(null);
    assertThat(done).isNotDone();
    sink.sent.get(1).ack.complete(null);
    assertThat(done).isCompleted();

    Sent first = sink.sent.get(0);
    assertThat(first.topic).isEqualTo("parkpulse.north.telemetry.v1");
    assertThat(first.key).isEqualTo("acme/press-01");
    TelemetryRecord record = codec.decode(first.value);
    assertThat(record.receivedAt()).isEqualTo(NOW);
    assertThat(record.park()).isEqualTo("north");
    assertThat(first.headers).containsEntry(CloudEvents.TYPE, CloudEvents.TELEMETRY_TYPE);
    assertThat(
            registry
                .counter("parkpulse.gateway.readings", "enterprise", "acme", "park", "north")
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void failsWhenKafkaCouldNotStoreARecord() {
    CompletableFuture<Void> done =
        pipeline.accept(
            "north",
            PRESS,
            "{\"seq\":1,\"ts\":\"2026-11-29T03:00:00Z\",\"metrics\":{\"a\":1}}".getBytes(UTF_8));

    sink.sent.get(0).ack.completeExceptionally(new IllegalStateException("broker gone"));

    assertThat(done).isCompletedExceptionally();
    assertThat(registry.find("parkpulse.gateway.readings").counters()).isEmpty();
  }

  @Test
  void deadLettersABadPayloadWithItsReasonAndCountsIt() {
    CompletableFuture<Void> done = pipeline.accept("north", PRESS, "{\"seq\":1}".getBytes(UTF_8));

    assertThat(sink.sent).hasSize(1);
    Sent dead = sink.sent.get(0);
    assertThat(dead.topic).isEqualTo("parkpulse.dlq.v1");
    assertThat(dead.key).isEqualTo("acme/press-01");
    assertThat(new String(dead.value, UTF_8)).isEqualTo("{\"seq\":1}");
    assertThat(dead.headers.get(DeadLetter.REASON)).contains("ts must be a string");
    assertThat(dead.headers).containsEntry(DeadLetter.ORIGIN, "mqtt:telemetry");
    dead.ack.complete(null);
    assertThat(done).isCompleted();
    assertThat(registry.counter("parkpulse.gateway.rejected", "reason", "invalid-payload").count())
        .isEqualTo(1.0);
  }

  private record Sent(
      String topic,
      String key,
      byte[] value,
      Map<String, String> headers,
      CompletableFuture<Void> ack) {}

  private static final class PendingSink implements RecordSink {
    final List<Sent> sent = new ArrayList<>();

    @Override
    public CompletableFuture<Void> send(
        String topic, String key, byte[] value, Map<String, String> headers) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      sent.add(new Sent(topic, key, value, Map.copyOf(headers), ack));
      return ack;
    }
  }
}
