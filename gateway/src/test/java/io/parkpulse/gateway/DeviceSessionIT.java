package io.parkpulse.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device identity, topic rights and device events against a real broker, with a real Paho client.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class DeviceSessionIT {

  @Inject GatewayLifecycle gateway;

  @BeforeEach
  void awaitRegistry() {
    TestDevices.awaitRegistry(gateway.registry());
  }

  @Test
  void refusesAnUnknownDeviceAsBadUserNameOrPassword() {
    assertRefused("never-registered@acme", TestDevices.SECRET, 4);
  }

  @Test
  void refusesAWrongSecret() {
    TestDevices.register(gateway.registry(), "guarded-01@acme", GatewayTestResource.PARK);

    assertRefused("guarded-01@acme", "not-the-secret", 4);
  }

  @Test
  void refusesAUsernameAfterTooManyFailedLoginsAsServerUnavailable() {
    TestDevices.register(gateway.registry(), "locked-01@acme", GatewayTestResource.PARK);
    for (int i = 0; i < 5; i++) {
      assertRefused("locked-01@acme", "guess-" + i, 4);
    }

    assertRefused("locked-01@acme", TestDevices.SECRET, 3);
  }

  @Test
  void refusesADisabledDeviceAsNotAuthorized() {
    TestDevices.write(gateway.registry(), entry("off-01", GatewayTestResource.PARK, false));

    assertRefused("off-01@acme", TestDevices.SECRET, MqttException.REASON_CODE_NOT_AUTHORIZED);
  }

  @Test
  void doesNotAdmitADeviceOfTheSameNameInAnotherEnterprise() {
    TestDevices.register(gateway.registry(), "twin-01@acme", GatewayTestResource.PARK);

    assertRefused("twin-01@globex", TestDevices.SECRET, 4);
  }

  @Test
  void disconnectsAConnectedDeviceWhenItIsDisabled() throws Exception {
    TestDevices.register(gateway.registry(), "revoked-01@acme", GatewayTestResource.PARK);
    try (MqttAsyncClient client = connect("revoked-01@acme", TestDevices.SECRET)) {
      assertThat(client.isConnected()).isTrue();

      TestDevices.write(gateway.registry(), entry("revoked-01", GatewayTestResource.PARK, false));

      await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    }
  }

  @Test
  void disconnectsAConnectedDeviceWhenItIsDeleted() throws Exception {
    DeviceRef device =
        TestDevices.register(gateway.registry(), "deleted-01@acme", GatewayTestResource.PARK);
    try (MqttAsyncClient client = connect("deleted-01@acme", TestDevices.SECRET)) {
      TestDevices.delete(gateway.registry(), device);

      await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    }
    assertRefused("deleted-01@acme", TestDevices.SECRET, 4);
  }

  @Test
  void sendsTelemetryToTheParkTheRegistryNames() throws Exception {
    TestDevices.register(gateway.registry(), "roaming-01@acme", GatewayTestResource.OTHER_PARK);
    try (MqttAsyncClient client = connect("roaming-01@acme", TestDevices.SECRET)) {
      MqttMessage message =
          new MqttMessage(
              "{\"seq\": 1, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}"
                  .getBytes(UTF_8));
      message.setQos(1);
      client.publish("telemetry", message).waitForCompletion(30_000);
      client.disconnect().waitForCompletion(5_000);
    }

    String otherPark = ParkTopic.telemetry(GatewayTestResource.OTHER_PARK).name();
    String park = ParkTopic.telemetry(GatewayTestResource.PARK).name();
    assertThat(TopicReader.readAll(otherPark, "acme/roaming-01")).hasSize(1);
    assertThat(TopicReader.readAll(park, "acme/roaming-01")).isEmpty();
  }

  @Test
  void aGatewayDevicePublishesForTheDevicesItIsRegisteredFor() throws Exception {
    TestDevices.register(gateway.registry(), "press-09@acme", GatewayTestResource.PARK);
    TestDevices.write(
        gateway.registry(),
        new RegistryEntry(
            new DeviceRef("acme", "plc-09"),
            GatewayTestResource.PARK,
            true,
            SecretHash.hash(TestDevices.SECRET),
            List.of("press-09")));
    try (MqttAsyncClient client = connect("plc-09@acme", TestDevices.SECRET)) {
      client.publish("telemetry/acme/press-09", qos1(7)).waitForCompletion(30_000);
      client.disconnect().waitForCompletion(5_000);
    }

    String park = ParkTopic.telemetry(GatewayTestResource.PARK).name();
    assertThat(TopicReader.readAll(park, "acme/press-09")).hasSize(1);
    assertThat(TopicReader.readAll(park, "acme/plc-09")).isEmpty();
  }

  @Test
  void disconnectsADevicePublishingForAnotherEnterpriseOrADeviceItDoesNotFront() throws Exception {
    TestDevices.register(gateway.registry(), "intruder-01@acme", GatewayTestResource.PARK);
    TestDevices.register(gateway.registry(), "victim-01@globex", GatewayTestResource.PARK);
    TestDevices.register(gateway.registry(), "victim-02@acme", GatewayTestResource.PARK);
    String park = ParkTopic.telemetry(GatewayTestResource.PARK).name();

    for (String topic : List.of("telemetry/globex/victim-01", "telemetry/acme/victim-02")) {
      try (MqttAsyncClient client = connect("intruder-01@acme", TestDevices.SECRET)) {
        client.publish(topic, qos1(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
      }
    }

    assertThat(TopicReader.readAll(park, "globex/victim-01")).isEmpty();
    assertThat(TopicReader.readAll(park, "acme/victim-02")).isEmpty();
    assertThat(TopicReader.readAll(park, "acme/intruder-01")).isEmpty();
  }

  @Test
  void reportsConnectionsCleanDisconnectsAndLostConnectionsAsDeviceEvents() throws Exception {
    TestDevices.register(gateway.registry(), "online-01@acme", GatewayTestResource.PARK);
    try (MqttAsyncClient client = connect("online-01@acme", TestDevices.SECRET)) {
      client.disconnect().waitForCompletion(5_000);
    }
    PowerCut.cut(
        connect("online-01@acme", TestDevices.SECRET)); // no DISCONNECT packet: as if power was cut

    awaitEventTypes(
        "acme/online-01",
        DeviceEvent.CONNECTED,
        DeviceEvent.DISCONNECTED,
        DeviceEvent.CONNECTED,
        DeviceEvent.CONNECTION_LOST);
  }

  /** Waits until the park's events topic holds exactly these event types for {@code key}. */
  private static void awaitEventTypes(String key, String... types) {
    String events =
        new ParkTopic("parkpulse", GatewayTestResource.PARK, ParkTopic.Kind.EVENTS).name();
    EventCodec codec = new EventCodec();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        TopicReader.readAll(events, key).stream()
                            .map(r -> decodeType(codec, r.value()))
                            .toList())
                    .containsExactly(types));
  }

  private static String decodeType(EventCodec codec, byte[] value) {
    try {
      return codec.decode(value).type();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void storesTheEventsADevicePublishesAndDeadLettersForgedGatewayEvents() throws Exception {
    TestDevices.register(gateway.registry(), "door-01@acme", GatewayTestResource.PARK);
    String forged = "{\"type\": \"connected\", \"ts\": \"2026-11-29T03:00:00Z\"}";
    try (MqttAsyncClient client = connect("door-01@acme", TestDevices.SECRET)) {
      MqttMessage opened =
          new MqttMessage(
              ("{\"type\": \"door.opened\", \"ts\": \"2026-11-29T03:00:00Z\","
                      + " \"attributes\": {\"side\": \"north\"}}")
                  .getBytes(UTF_8));
      opened.setQos(1);
      client.publish("event", opened).waitForCompletion(30_000);
      MqttMessage fake = new MqttMessage(forged.getBytes(UTF_8));
      fake.setQos(1);
      client.publish("e", fake).waitForCompletion(30_000);
      client.disconnect().waitForCompletion(5_000);
    }

    awaitEventTypes("acme/door-01", DeviceEvent.CONNECTED, "door.opened", DeviceEvent.DISCONNECTED);
    var dead = TopicReader.readAll(ParkTopic.deadLetter("parkpulse"), "acme/door-01");
    assertThat(dead).hasSize(1);
    assertThat(new String(dead.get(0).value(), UTF_8)).isEqualTo(forged);
  }

  @Test
  void reportsReadyWithTheRegistryLoaded() {
    assertThat(gateway.registry().isCaughtUp()).isTrue();
  }

  private static MqttMessage qos1(long seq) {
    MqttMessage message =
        new MqttMessage(
            ("{\"seq\": " + seq + ", \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}")
                .getBytes(UTF_8));
    message.setQos(1);
    return message;
  }

  private static RegistryEntry entry(String device, String park, boolean enabled) {
    return new RegistryEntry(
        new DeviceRef("acme", device),
        park,
        enabled,
        SecretHash.hash(TestDevices.SECRET),
        List.of());
  }

  private void assertRefused(String username, String secret, int reasonCode) {
    assertThatThrownBy(() -> connect(username, secret).close())
        .isInstanceOf(MqttException.class)
        .extracting(e -> ((MqttException) e).getReasonCode())
        .isEqualTo(reasonCode);
  }

  private MqttAsyncClient connect(String username, String secret) throws MqttException {
    return TestDevices.connect(gateway.mqttPort(), username, secret);
  }
}
