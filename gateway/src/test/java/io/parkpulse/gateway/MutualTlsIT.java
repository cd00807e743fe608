package io.parkpulse.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.devstack.pki.TestPki;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import io.parkpulse.model.TelemetryCodec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS with real clients (Paho 3.1.1 and 5): two enterprises, each with its own CA in the
 * registry; a device certificate names its device, and the gateway treats the device as if it had
 * logged in with its secret.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class MutualTlsIT {

  private static final String PARK = GatewayTestResource.PARK;
  private static final String TELEMETRY = ParkTopic.telemetry(PARK).name();
  private static final String EVENTS =
      new ParkTopic("parkpulse", PARK, ParkTopic.Kind.EVENTS).name();
  private static final TestPki.Issued CA_A = TestPki.ca("Enterprise A device CA");
  private static final TestPki.Issued CA_B = TestPki.ca("Enterprise B device CA");

  /** One hash for every entry: a new one would be a new secret, which closes the sessions. */
  private static final String SECRET_HASH = SecretHash.hash(TestDevices.SECRET, 1_000);

  @Inject GatewayLifecycle gateway;
  @Inject MeterRegistry meters;

  @BeforeEach
  void awaitRegistry() {
    TestDevices.awaitRegistry(gateway.registry());
  }

  @Test
  void storesTelemetryOfAValidCertificateOverMqtt311UnderTheEnterpriseItNames() throws Exception {
    DeviceRef meter = register("tls-a", "meter-311", CA_A, true);

    try (MqttAsyncClient client = connect(TestPki.device(CA_A, "tls-a", "meter-311"), null)) {
      client.publish("telemetry", reading(7)).waitForCompletion(30_000);
      client.disconnect().waitForCompletion(5_000);
    }

    var stored = TopicReader.readAll(TELEMETRY, meter.kafkaKey());
    assertThat(stored).hasSize(1);
    assertThat(new TelemetryCodec().decode(stored.get(0).value()).seq()).isEqualTo(7);
    assertThat(connectedEvent(meter))
        .containsEntry("tls", true)
        .containsEntry("credential", "certificate");
    assertThat(sessions("tls", "certificate")).isPositive();
  }

  @Test
  void storesTelemetryOfAValidCertificateOverMqtt5() throws Exception {
    DeviceRef meter = register("tls-a", "meter-5", CA_A, true);
    TestPki.Issued certificate = TestPki.device(CA_A, "tls-a", "meter-5");

    var client = connect5(certificate);
    try {
      var reading = new org.eclipse.paho.mqttv5.common.MqttMessage(reading(8).getPayload());
      reading.setQos(1);
      client.publish("telemetry", reading).waitForCompletion(30_000);
      client.disconnect().waitForCompletion(5_000);
    } finally {
      client.close();
    }

    var stored = TopicReader.readAll(TELEMETRY, meter.kafkaKey());
    assertThat(stored).hasSize(1);
    assertThat(connectedEvent(meter)).containsEntry("protocolVersion", 5L);
  }

  @Test
  void refusesACertificateOfAnotherEnterprisesCaThatClaimsADeviceAsNotAuthorized()
      throws Exception {
    register("tls-a", "meter-claimed", CA_A, true);
    register("tls-b", "meter-b", CA_B, true);
    double before = failures("untrusted-certificate");

    assertRefused(TestPki.device(CA_B, "tls-a", "meter-claimed"), null, 5);
    assertRefused5(TestPki.device(CA_B, "tls-a", "meter-claimed"), 0x87);

    assertThat(failures("untrusted-certificate")).isEqualTo(before + 2);
    assertThat(TopicReader.readAll(TELEMETRY, "tls-a/meter-claimed")).isEmpty();
  }

  @Test
  void refusesAnExpiredCertificate() {
    register("tls-a", "meter-old", CA_A, true);
    Instant now = Instant.now();
    double before = failures("expired-certificate");

    assertRefused(
        TestPki.client(
            CA_A,
            "CN=meter-old,O=tls-a",
            now.minus(Duration.ofDays(400)),
            now.minus(Duration.ofDays(35))),
        null,
        5);

    assertThat(failures("expired-certificate")).isEqualTo(before + 1);
  }

  @Test
  void refusesACertificateOfADisabledDevice() {
    register("tls-a", "meter-off", CA_A, false);
    double before = failures("disabled");

    assertRefused(TestPki.device(CA_A, "tls-a", "meter-off"), null, 5);

    assertThat(failures("disabled")).isEqualTo(before + 1);
  }

  @Test
  void refusesAUsernameThatNamesAnotherDeviceThanTheCertificate() {
    register("tls-a", "meter-named", CA_A, true);
    register("tls-a", "meter-other", CA_A, true);

    assertRefused(TestPki.device(CA_A, "tls-a", "meter-named"), "meter-other@tls-a", 4);
  }

  @Test
  void acceptsAUsernameThatAgreesWithTheCertificate() throws Exception {
    register("tls-a", "meter-agreed", CA_A, true);

    try (MqttAsyncClient client =
        connect(TestPki.device(CA_A, "tls-a", "meter-agreed"), "meter-agreed@tls-a")) {
      assertThat(client.isConnected()).isTrue();
      client.disconnect().waitForCompletion(5_000);
    }
  }

  @Test
  void acceptsTheSecretOverTlsWithoutACertificate() throws Exception {
    DeviceRef meter = register("tls-a", "meter-secret", CA_A, true);

    try (MqttAsyncClient client = connect(null, "meter-secret@tls-a")) {
      client.publish("telemetry", reading(1)).waitForCompletion(30_000);
      client.disconnect().waitForCompletion(5_000);
    }

    assertThat(TopicReader.readAll(TELEMETRY, meter.kafkaKey())).hasSize(1);
    assertThat(connectedEvent(meter))
        .containsEntry("tls", true)
        .containsEntry("credential", "secret");
  }

  @Test
  void reportsAPlainSessionAsNotTls() throws Exception {
    DeviceRef meter = register("tls-a", "meter-plain", CA_A, true);

    try (MqttAsyncClient client =
        TestDevices.connect(gateway.mqttPort(), "meter-plain@tls-a", TestDevices.SECRET)) {
      client.disconnect().waitForCompletion(5_000);
    }

    assertThat(connectedEvent(meter))
        .containsEntry("tls", false)
        .containsEntry("credential", "secret");
  }

  @Test
  void closesACertificateSessionWhenItsEnterpriseNoLongerHasTheCa() throws Exception {
    DeviceRef meter = register("tls-a", "meter-rotated", CA_A, true);
    TestPki.Issued next = TestPki.ca("Enterprise A next device CA");
    MqttAsyncClient byCertificate = connect(TestPki.device(CA_A, "tls-a", "meter-rotated"), null);
    MqttAsyncClient bySecret = connect(null, "meter-rotated@tls-a");
    try {
      // A rotation: the old CA and the next one side by side, then the next one alone.
      TestDevices.write(gateway.registry(), entry(meter, true, CA_A, next));
      TestDevices.write(gateway.registry(), entry(meter, true, next));

      await().atMost(Duration.ofSeconds(10)).until(() -> !byCertificate.isConnected());
      assertThat(bySecret.isConnected()).isTrue();
      assertRefused(TestPki.device(CA_A, "tls-a", "meter-rotated"), null, 5);
      try (MqttAsyncClient renewed =
          connect(TestPki.device(next, "tls-a", "meter-rotated"), null)) {
        assertThat(renewed.isConnected()).isTrue();
        renewed.disconnect().waitForCompletion(5_000);
      }
    } finally {
      byCertificate.close(true);
      bySecret.disconnectForcibly(1_000);
      bySecret.close(true);
    }
  }

  @Test
  void closesACertificateSessionWhenTheCertificateExpires() throws Exception {
    register("tls-a", "meter-brief", CA_A, true);
    Instant now = Instant.now();
    TestPki.Issued brief =
        TestPki.client(
            CA_A, "CN=meter-brief,O=tls-a", now.minus(Duration.ofDays(1)), now.plusSeconds(8));

    MqttAsyncClient client = connect(brief, null);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> !client.isConnected());
      assertThat(Instant.now()).isAfterOrEqualTo(brief.certificate().getNotAfter().toInstant());
    } finally {
      client.close(true);
    }
  }

  private DeviceRef register(String enterprise, String device, TestPki.Issued ca, boolean enabled) {
    DeviceRef ref = new DeviceRef(enterprise, device);
    TestDevices.write(gateway.registry(), entry(ref, enabled, ca));
    return ref;
  }

  private static RegistryEntry entry(DeviceRef device, boolean enabled, TestPki.Issued... cas) {
    return new RegistryEntry(
        device,
        PARK,
        enabled,
        SECRET_HASH,
        List.of(),
        Arrays.stream(cas).map(TestPki.Issued::pem).toList());
  }

  /**
   * Connects Paho 3.1.1 over TLS with {@code certificate} (or none) and {@code username} (or none;
   * with one, the test secret as password).
   */
  private MqttAsyncClient connect(TestPki.Issued certificate, String username)
      throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(
            "ssl://127.0.0.1:" + gateway.mqttTlsPort(),
            "tls-" + System.nanoTime(),
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setSocketFactory(socketFactory(certificate));
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    if (username != null) {
      options.setUserName(username);
      options.setPassword(TestDevices.SECRET.toCharArray());
    }
    try {
      client.connect(options).waitForCompletion(10_000);
    } catch (MqttException e) {
      client.close();
      throw e;
    }
    return client;
  }

  private org.eclipse.paho.mqttv5.client.MqttAsyncClient connect5(TestPki.Issued certificate)
      throws org.eclipse.paho.mqttv5.common.MqttException {
    var client =
        new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
            "ssl://127.0.0.1:" + gateway.mqttTlsPort(),
            "tls5-" + System.nanoTime(),
            new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setSocketFactory(socketFactory(certificate));
    options.setCleanStart(true);
    options.setAutomaticReconnect(false);
    try {
      client.connect(options).waitForCompletion(10_000);
    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
      client.close();
      throw e;
    }
    return client;
  }

  private static SSLSocketFactory socketFactory(TestPki.Issued certificate) {
    return TestPki.socketFactory(GatewayTestResource.serverCa(), certificate);
  }

  private void assertRefused(TestPki.Issued certificate, String username, int reasonCode) {
    assertThatThrownBy(() -> connect(certificate, username).close())
        .isInstanceOf(MqttException.class)
        .extracting(e -> ((MqttException) e).getReasonCode())
        .isEqualTo(reasonCode);
  }

  private void assertRefused5(TestPki.Issued certificate, int reasonCode) {
    assertThatThrownBy(() -> connect5(certificate).close())
        .isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class)
        .extracting(e -> ((org.eclipse.paho.mqttv5.common.MqttException) e).getReasonCode())
        .isEqualTo(reasonCode);
  }

  private double failures(String reason) {
    return meters.get("parkpulse.gateway.auth.failures").tag("reason", reason).counter().count();
  }

  private double sessions(String transport, String credential) {
    return meters
        .get("parkpulse.gateway.sessions")
        .tag("transport", transport)
        .tag("credential", credential)
        .counter()
        .count();
  }

  /** The attributes of the device's connected event, once the gateway has written it. */
  private static Map<String, Object> connectedEvent(DeviceRef device) {
    EventCodec codec = new EventCodec();
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                TopicReader.readAll(EVENTS, device.kafkaKey()).stream()
                    .map(r -> decode(codec, r.value()))
                    .filter(e -> e.type().equals(DeviceEvent.CONNECTED))
                    .map(DeviceEvent::attributes)
                    .findFirst()
                    .orElse(null),
            attributes -> attributes != null);
  }

  private static DeviceEvent decode(EventCodec codec, byte[] value) {
    try {
      return codec.decode(value);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static MqttMessage reading(long seq) {
    MqttMessage message =
        new MqttMessage(
            ("{\"seq\": " + seq + ", \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}")
                .getBytes(UTF_8));
    message.setQos(1);
    return message;
  }
}
