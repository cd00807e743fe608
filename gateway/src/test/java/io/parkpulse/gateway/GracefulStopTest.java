package io.parkpulse.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.gateway.mqtt.MqttGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's shutdown, with a real Vert.x MQTT server and a real Paho client; Kafka's answers
 * are held in memory so that the test decides when they come.
 */
class GracefulStopTest {

  private final Vertx vertx = Vertx.vertx();
  private final HeldSink sink = new HeldSink();

  @AfterEach
  void closeVertx() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void refusesNewDevicesAndSendsThePendingAcknowledgementsBeforeClosing() throws Exception {
    MqttGateway gateway = gateway();
    int port = gateway.start().toCompletionStage().toCompletableFuture().get().get(0);
    try (MqttAsyncClient client = TestDevices.connect(port, "press-01@acme", "s3cret")) {
      MqttMessage reading =
          new MqttMessage(
              "{\"seq\": 1, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}"
                  .getBytes(UTF_8));
      reading.setQos(1);
      IMqttDeliveryToken token = client.publish("telemetry", reading);
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.telemetry().size() == 1);

      Future<Void> stopped = gateway.stop(Duration.ofSeconds(30));

      assertThatThrownBy(() -> TestDevices.connect(port, "press-01@acme", "s3cret").close())
          .isInstanceOf(MqttException.class)
          .extracting(e -> ((MqttException) e).getReasonCode())
          .isEqualTo((int) MqttException.REASON_CODE_BROKER_UNAVAILABLE);
      assertThat(token.isComplete()).isFalse();
      assertThat(stopped.isComplete()).isFalse();

      sink.telemetry().get(0).complete(null); // Kafka stored it

      token.waitForCompletion(10_000);
      assertThat(token.getException()).isNull();
      await().atMost(Duration.ofSeconds(10)).until(stopped::isComplete);
      assertThat(stopped.succeeded()).isTrue();
    }
  }

  private MqttGateway gateway() {
    return InMemoryGateway.create(vertx, sink, new MqttServerOptions(), 100);
  }

  /** Holds telemetry sends until the test completes them; stores everything else at once. */
  private static final class HeldSink implements RecordSink {
    private final List<CompletableFuture<Void>> telemetry = new CopyOnWriteArrayList<>();

    List<CompletableFuture<Void>> telemetry() {
      return telemetry;
    }

    @Override
    public CompletableFuture<Void> send(
        String topic, String key, byte[] value, Map<String, String> headers) {
      if (!topic.endsWith(".telemetry.v1")) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> held = new CompletableFuture<>();
      telemetry.add(held);
      return held;
    }
  }
}
