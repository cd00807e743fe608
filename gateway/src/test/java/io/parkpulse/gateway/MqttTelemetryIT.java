package io.parkpulse.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class MqttTelemetryIT {

  private static final String TELEMETRY = ParkTopic.telemetry(GatewayTestResource.PARK).name();
  private static final String DLQ = ParkTopic.deadLetter("parkpulse");

  @Inject GatewayLifecycle gateway;
  @Inject @Readiness MqttReadiness readiness;
  @Inject @Readiness KafkaReadiness kafkaReadiness;

  @BeforeEach
  void awaitRegistry() {
    TestDevices.awaitRegistry(gateway.registry());
  }

  private final TelemetryCodec codec = new TelemetryCodec();

  @Test
  void acknowledgesQos1OnlyAfterKafkaStoredTheRecord() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    try (MqttAsyncClient client = connect("held-01@acme")) {
      broker.halt();
      IMqttDeliveryToken token;
      try {
        token = client.publish("telemetry", reading(1, "RUNNING"));

        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(5))
            .until(() -> !token.isComplete());
      } finally {
        broker.resume();
      }

      token.waitForCompletion(60_000);
      assertThat(token.isComplete()).isTrue();
      assertThat(token.getException()).isNull();
      var stored = TopicReader.readAll(TELEMETRY, "acme/held-01");
      assertThat(stored).hasSize(1);
      TelemetryRecord record = codec.decode(stored.get(0).value());
      assertThat(record.seq()).isEqualTo(1);
      assertThat(record.park()).isEqualTo(GatewayTestResource.PARK);
      assertThat(record.metrics()).containsEntry("state", "RUNNING");
      client.disconnect().waitForCompletion(5_000);
    }
  }

  @Test
  void everyMessageAcknowledgedWhileKafkaStopsAndRestartsIsStored() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    int total = 300;
    int window = 40; // below the 50 unacknowledged messages the test gateway allows
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    Thread restart = new Thread(() -> {});
    try (MqttAsyncClient client = connect("stream-01@acme")) {
      try {
        for (int seq = 1; seq <= total; seq++) {
          if (seq == 101) {
            broker.halt();
            restart = new Thread(() -> resumeAfter(broker, Duration.ofSeconds(3)));
            restart.start();
          }
          if (seq > window) {
            tokens.get(seq - 1 - window).waitForCompletion(120_000);
          }
          tokens.add(client.publish("telemetry", reading(seq, "RUNNING")));
        }
        for (IMqttDeliveryToken token : tokens) {
          token.waitForCompletion(120_000);
        }
      } finally {
        restart.join();
        broker.resume();
      }
      client.disconnect().waitForCompletion(5_000);
    }

    List<Long> acknowledged = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).isComplete() && tokens.get(i).getException() == null) {
        acknowledged.add(i + 1L);
      }
    }
    Set<Long> stored = new HashSet<>();
    for (var record : TopicReader.readAll(TELEMETRY, "acme/stream-01")) {
      stored.add(codec.decode(record.value()).seq());
    }
    assertThat(acknowledged).hasSize(total);
    assertThat(stored).containsAll(acknowledged);
  }

  private static void resumeAfter(KafkaBroker broker, Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    broker.resume();
  }

  @Test
  void boundsWhatWaitsForKafkaAndReportsNotReadyWhileKafkaIsDown() throws Exception {
    KafkaBroker broker = KafkaBroker.shared();
    try (MqttAsyncClient client = connect("flood-01@acme")) {
      broker.halt();
      try {
        // The test configuration allows 50 unacknowledged messages per connection.
        for (int seq = 1; seq <= 51 && client.isConnected(); seq++) {
          client.publish("telemetry", reading(seq, "RUNNING"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> readiness.call().getStatus() == HealthCheckResponse.Status.DOWN);
      } finally {
        broker.resume();
      }
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> readiness.call().getStatus() == HealthCheckResponse.Status.UP);
  }

  @Test
  void reportsNotReadyWhileKafkaDoesNotAnswerEvenWithoutTraffic() {
    KafkaBroker broker = KafkaBroker.shared();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> kafkaReadiness.call().getStatus() == HealthCheckResponse.Status.UP);
    broker.halt();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> kafkaReadiness.call().getStatus() == HealthCheckResponse.Status.DOWN);
    } finally {
      broker.resume();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kafkaReadiness.call().getStatus() == HealthCheckResponse.Status.UP);
  }

  @Test
  void writesEachReadingOfABatchAsItsOwnRecordKeyedByDevice() throws Exception {
    byte[] batch =
        """
        [{"seq": 10, "ts": "2026-11-29T03:00:00Z", "metrics": {"good": 1}},
         {"seq": 11, "ts": "2026-11-29T03:00:01Z", "metrics": {"good": 2}},
         {"seq": 12, "ts": "2026-11-29T03:00:02Z", "metrics": {"good": 3}}]
        """
            .getBytes(UTF_8);
    try (MqttAsyncClient client = connect("batch-01@acme")) {
      client
          .publish(
              "t",
              new MqttMessage(batch) {
                {
                  setQos(1);
                }
              })
          .waitForCompletion(30_000);
      client.disconnect().waitForCompletion(5_000);
    }

    var stored = TopicReader.readAll(TELEMETRY, "acme/batch-01");
    assertThat(stored).hasSize(3);
    List<Long> seqs = stored.stream().map(r -> decode(r.value()).seq()).toList();
    assertThat(seqs).containsExactly(10L, 11L, 12L);
    assertThat(new String(stored.get(0).headers().lastHeader(CloudEvents.TYPE).value(), UTF_8))
        .isEqualTo(CloudEvents.TELEMETRY_TYPE);
  }

  @Test
  void storesAQos2MessageOnceAndCompletesTheHandshake() throws Exception {
    try (MqttAsyncClient client = connect("exactly-01@acme")) {
      MqttMessage message = reading(3, "IDLE");
      message.setQos(2);
      IMqttDeliveryToken token = client.publish("telemetry", message);
      token.waitForCompletion(30_000);
      assertThat(token.getException()).isNull();
      client.disconnect().waitForCompletion(5_000);
    }

    var stored = TopicReader.readAll(TELEMETRY, "acme/exactly-01");
    assertThat(stored).hasSize(1);
    assertThat(codec.decode(stored.get(0).value()).seq()).isEqualTo(3);
  }

  @Test
  void deadLettersAnInvalidPayloadAndStillAcknowledgesIt() throws Exception {
    try (MqttAsyncClient client = connect("broken-01@acme")) {
      MqttMessage bad = new MqttMessage("{\"seq\": \"one\"}".getBytes(UTF_8));
      bad.setQos(1);
      client.publish("telemetry", bad).waitForCompletion(30_000);
      client.disconnect().waitForCompletion(5_000);
    }

    assertThat(TopicReader.readAll(TELEMETRY, "acme/broken-01")).isEmpty();
    var dead = TopicReader.readAll(DLQ, "acme/broken-01");
    assertThat(dead).hasSize(1);
    assertThat(new String(dead.get(0).value(), UTF_8)).isEqualTo("{\"seq\": \"one\"}");
    assertThat(new String(dead.get(0).headers().lastHeader(DeadLetter.REASON).value(), UTF_8))
        .contains("seq must be an integer");
  }

  @Test
  void refusesAConnectionWhoseUsernameIsNotDeviceAtEnterprise() {
    assertThatThrownBy(() -> connect("just-a-name"))
        .isInstanceOf(MqttException.class)
        .extracting(e -> ((MqttException) e).getReasonCode())
        .isEqualTo((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION);
  }

  @Test
  void closesTheConnectionOfADevicePublishingOnAnUnsupportedTopic() throws Exception {
    try (MqttAsyncClient client = connect("wrong-01@acme")) {
      client.publish("telemetry/other-enterprise/x", reading(1, "IDLE"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    }
    assertThat(TopicReader.readAll(TELEMETRY, "acme/wrong-01")).isEmpty();
  }

  private MqttAsyncClient connect(String username) throws MqttException {
    if (username.contains("@")) {
      TestDevices.register(gateway.registry(), username, GatewayTestResource.PARK);
    }
    return TestDevices.connect(gateway.mqttPort(), username, TestDevices.SECRET);
  }

  private static MqttMessage reading(long seq, String state) {
    MqttMessage message =
        new MqttMessage(
            ("{\"seq\": "
                    + seq
                    + ", \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"state\": \""
                    + state
                    + "\"}}")
                .getBytes(UTF_8));
    message.setQos(1);
    return message;
  }

  private TelemetryRecord decode(byte[] value) {
    try {
      return codec.decode(value);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
