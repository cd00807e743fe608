package io.parkpulse.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import io.parkpulse.model.TelemetryCodec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits of the registry entries, enforced on real Paho clients (MQTT 3.1.1 and 5) against the
 * real Kafka broker. The tests write the registry directly, as the platform does; the gateway runs
 * with a rate tolerance of 2 s ({@link GatewayTestResource}). Each test uses enterprises of its
 * own: what an enterprise used stays counted for the life of the gateway.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class LimitsIT {

  private static final String TELEMETRY = ParkTopic.telemetry(GatewayTestResource.PARK).name();
  private static final int QUOTA_EXCEEDED = 0x97;
  private static final int MESSAGE_RATE_TOO_HIGH = 0x96;

  @Inject GatewayLifecycle gateway;
  @Inject MeterRegistry meters;

  @BeforeEach
  void awaitRegistry() {
    TestDevices.awaitRegistry(gateway.registry());
  }

  @Test
  void refusesAConnectionOverItsEnterprisesMaximumWhileAnotherEnterpriseConnects()
      throws Exception {
    RegistryEntry.Limits oneConnection = new RegistryEntry.Limits(1, 0, 0, 0, 0);
    register("conn-01@lim-conn", oneConnection);
    register("conn-02@lim-conn", oneConnection);
    register("conn-03@lim-conn-other", oneConnection);

    try (MqttAsyncClient first = connect3("conn-01@lim-conn")) {
      assertThatThrownBy(() -> connect3("conn-02@lim-conn").close())
          .isInstanceOf(MqttException.class)
          .extracting(e -> ((MqttException) e).getReasonCode())
          .isEqualTo(3); // 3.1.1: server unavailable
      assertThatThrownBy(() -> connect5("conn-02@lim-conn", new Disconnects()).close())
          .isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class)
          .extracting(e -> ((org.eclipse.paho.mqttv5.common.MqttException) e).getReasonCode())
          .isEqualTo(QUOTA_EXCEEDED);
      try (MqttAsyncClient other = connect3("conn-03@lim-conn-other")) {
        assertThat(other.isConnected()).isTrue();
        other.disconnect().waitForCompletion(5_000);
      }
      first.disconnect().waitForCompletion(5_000);
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () -> {
              try (MqttAsyncClient second = connect3("conn-02@lim-conn")) {
                second.disconnect().waitForCompletion(5_000);
                return true;
              }
            });
    assertThat(counter("refused", "lim-conn", "connections")).isEqualTo(2);
  }

  @Test
  void holdsBackMessagesOverTheDeviceRateAndStoresEveryOne() throws Exception {
    register("rate-01@lim-rate", new RegistryEntry.Limits(0, 5, 0, 0, 0));
    long started = System.nanoTime();
    try (MqttAsyncClient client = connect3("rate-01@lim-rate")) {
      for (int seq = 1; seq <= 15; seq++) {
        client.publish("telemetry", qos1(seq)).waitForCompletion(30_000);
      }
      client.disconnect().waitForCompletion(5_000);
    }

    // 5 messages at once (a second's burst), then one every 200 ms.
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1_800));
    assertThat(seqs("lim-rate/rate-01")).hasSize(15);
    assertThat(counter("throttled", "lim-rate", "device-rate")).isGreaterThanOrEqualTo(9);
    assertThat(counter("refused", "lim-rate", "device-rate")).isZero();
  }

  @Test
  void disconnectsADeviceThatKeepsPublishingFasterThanItsRateAndStoresAllItAcknowledged()
      throws Exception {
    register("flood-01@lim-flood", new RegistryEntry.Limits(0, 5, 0, 0, 0));
    Disconnects disconnects = new Disconnects();
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    org.eclipse.paho.mqttv5.client.MqttAsyncClient client =
        connect5("flood-01@lim-flood", disconnects);
    try {
      List<IMqttToken> tokens = new ArrayList<>();
      for (int seq = 1; seq <= 40 && client.isConnected(); seq++) {
        long s = seq;
        IMqttToken token = client.publish("telemetry", reading(seq), 1, false);
        token.setActionCallback(
            new org.eclipse.paho.mqttv5.client.MqttActionListener() {
              @Override
              public void onSuccess(IMqttToken t) {
                if (t.getReasonCodes() == null || t.getReasonCodes()[0] < 0x80) {
                  acknowledged.add(s);
                }
              }

              @Override
              public void onFailure(IMqttToken t, Throwable e) {}
            });
        tokens.add(token);
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> disconnects.code.get() >= 0);
    } finally {
      client.close(true);
    }

    assertThat(disconnects.code.get()).isEqualTo(MESSAGE_RATE_TOO_HIGH);
    Set<Long> stored = seqs("lim-flood/flood-01");
    assertThat(stored).containsAll(acknowledged).hasSizeBetween(5, 16);
    assertThat(counter("refused", "lim-flood", "device-rate")).isEqualTo(1);
  }

  @Test
  void countsQos0MessagesStillHeldBackWhenTheConnectionEndsAndStoresTheOthers() throws Exception {
    register("qos0-01@lim-qos0", new RegistryEntry.Limits(0, 5, 0, 0, 0));
    try (MqttAsyncClient client = connect3("qos0-01@lim-qos0")) {
      for (int seq = 1; seq <= 12; seq++) {
        MqttMessage message = new MqttMessage(reading(seq));
        message.setQos(0);
        client.publish("telemetry", message).waitForCompletion(5_000); // written to the socket
      }
      client.disconnect().waitForCompletion(5_000);
    }

    // 5 at once; 7 held back 200 ms apart, of which those still held at DISCONNECT are dropped.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(seqs("lim-qos0/qos0-01").size() + dropped("lim-qos0")).isEqualTo(12));
    assertThat(seqs("lim-qos0/qos0-01")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(dropped("lim-qos0")).isPositive();
  }

  @Test
  void refusesPublishesOverTheDailyByteQuotaAndKeepsTheMqtt5Connection() throws Exception {
    byte[] one = reading(1);
    register("bytes-01@lim-bytes", new RegistryEntry.Limits(0, 0, 0, 3L * one.length, 0));
    Disconnects disconnects = new Disconnects();
    org.eclipse.paho.mqttv5.client.MqttAsyncClient client =
        connect5("bytes-01@lim-bytes", disconnects);
    List<Integer> codes = new ArrayList<>();
    try {
      for (int seq = 1; seq <= 5; seq++) {
        codes.add(publish5(client, reading(seq)));
      }
      assertThat(client.isConnected()).isTrue();
      client.disconnect().waitForCompletion(5_000);
    } finally {
      client.close(true);
    }

    assertThat(codes).containsExactly(0, 0, 0, QUOTA_EXCEEDED, QUOTA_EXCEEDED);
    assertThat(seqs("lim-bytes/bytes-01")).containsExactlyInAnyOrder(1L, 2L, 3L);
    // MQTT 3.1.1 has no negative acknowledgement: the connection is closed.
    try (MqttAsyncClient v3 = connect3("bytes-01@lim-bytes")) {
      v3.publish("telemetry", qos1(6));
      await().atMost(Duration.ofSeconds(10)).until(() -> !v3.isConnected());
    }
    assertThat(counter("refused", "lim-bytes", "device-bytes")).isEqualTo(3);
  }

  @Test
  void appliesLimitsTheRegistryChangesToADeviceAlreadyConnected() throws Exception {
    String username = "change-01@lim-change";
    RegistryEntry unlimited = register(username, RegistryEntry.Limits.NONE);
    Disconnects disconnects = new Disconnects();
    org.eclipse.paho.mqttv5.client.MqttAsyncClient client = connect5(username, disconnects);
    try {
      assertThat(publish5(client, reading(1))).isZero();

      // The same entry with a quota of 1 byte a day, as the platform republishes it.
      TestDevices.write(
          gateway.registry(), unlimited.withLimits(new RegistryEntry.Limits(0, 0, 0, 1, 0)));

      assertThat(publish5(client, reading(2))).isEqualTo(QUOTA_EXCEEDED);
      assertThat(client.isConnected()).isTrue();
      client.disconnect().waitForCompletion(5_000);
    } finally {
      client.close(true);
    }
    assertThat(seqs("lim-change/change-01")).containsExactly(1L);
  }

  private RegistryEntry register(String username, RegistryEntry.Limits limits) {
    RegistryEntry entry =
        new RegistryEntry(
            DeviceRef.fromUsername(username),
            GatewayTestResource.PARK,
            true,
            SecretHash.hash(TestDevices.SECRET, 1_000),
            List.of(),
            limits);
    TestDevices.write(gateway.registry(), entry);
    return entry;
  }

  private MqttAsyncClient connect3(String username) throws MqttException {
    return TestDevices.connect(gateway.mqttPort(), username, TestDevices.SECRET);
  }

  private org.eclipse.paho.mqttv5.client.MqttAsyncClient connect5(
      String username, Disconnects disconnects)
      throws org.eclipse.paho.mqttv5.common.MqttException {
    org.eclipse.paho.mqttv5.client.MqttAsyncClient client =
        new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
            "tcp://127.0.0.1:" + gateway.mqttPort(),
            username.replace('@', '-') + "-v5-" + CLIENTS.incrementAndGet(),
            new MemoryPersistence());
    client.setCallback(disconnects);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(username);
    options.setPassword(TestDevices.SECRET.getBytes(UTF_8));
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    try {
      client.connect(options).waitForCompletion(10_000);
    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
      client.close(true);
      throw e;
    }
    return client;
  }

  private static final AtomicInteger CLIENTS = new AtomicInteger();

  /** Publishes at QoS 1 and returns the PUBACK's reason code. */
  private static int publish5(org.eclipse.paho.mqttv5.client.MqttAsyncClient client, byte[] payload)
      throws Exception {
    IMqttToken token = client.publish("telemetry", payload, 1, false);
    try {
      token.waitForCompletion(30_000);
    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
      return e.getReasonCode();
    }
    int[] codes = token.getReasonCodes();
    return codes == null || codes.length == 0 ? 0 : codes[0];
  }

  private double counter(String what, String enterprise, String reason) {
    Counter counter =
        meters
            .find("parkpulse.gateway.limit." + what)
            .tag("enterprise", enterprise)
            .tag("reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private double dropped(String enterprise) {
    Counter counter =
        meters.find("parkpulse.gateway.limit.dropped").tag("enterprise", enterprise).counter();
    return counter == null ? 0 : counter.count();
  }

  private static Set<Long> seqs(String key) {
    TelemetryCodec codec = new TelemetryCodec();
    return TopicReader.readAll(TELEMETRY, key).stream()
        .map(
            r -> {
              try {
                return codec.decode(r.value()).seq();
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            })
        .collect(Collectors.toSet());
  }

  private static byte[] reading(long seq) {
    return String.format(
            "{\"seq\": %3d, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}", seq)
        .getBytes(UTF_8);
  }

  private static MqttMessage qos1(long seq) {
    MqttMessage message = new MqttMessage(reading(seq));
    message.setQos(1);
    return message;
  }

  /** Records the reason code of the DISCONNECT the gateway sends, -1 before one. */
  private static final class Disconnects implements MqttCallback {
    final AtomicInteger code = new AtomicInteger(-1);

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      code.compareAndSet(-1, response.getReturnCode());
    }

    @Override
    public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {}

    @Override
    public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
