package io.parkpulse.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.Reading;
import io.parkpulse.model.TelemetryCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway and the platform against a Kafka listener that takes only SASL-authenticated clients,
 * configured through their environment as the Helm chart sets it.
 */
class KafkaSaslIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final List<AutoCloseable> running = new ArrayList<>();
  private final Path work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
  private final Apps apps = new Apps(work);

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void telemetryFlowsOverSaslAndAWrongPasswordKeepsAnAppNotReady() throws Exception {
    KafkaBroker broker =
        KafkaBroker.startWithSasl(
            TestDirs.create("kafka-sasl"),
            Ports.free(),
            Ports.free(),
            new KafkaBroker.Sasl(Ports.free(), Map.of("parkpulse", "kafka-s3cret")),
            true);
    running.add(broker);
    String sasl = broker.saslBootstrapServers();
    Database db = Postgres.sharedForTests().database();

    int platformPort = Ports.free();
    start(
        apps.platform(
            jar("platform"),
            platformPort,
            sasl,
            db,
            E2e.ADMIN_PASSWORD,
            credentials("PLATFORM", "kafka-s3cret")),
        platformPort);
    PlatformClient client =
        PlatformClient.login("http://127.0.0.1:" + platformPort, "admin", E2e.ADMIN_PASSWORD);
    client.ensurePark("sasl-park", "SASL park");
    client.ensureEnterprise("sasl-park", "sasl-ent", "SASL", "machining", "small");
    String secret = client.deviceSecret("sasl-ent", "sasl-press", "Press");
    int mqttPort = Ports.free();
    int gatewayPort = Ports.free();
    start(
        apps.gateway(
            jar("gateway"), gatewayPort, mqttPort, sasl, credentials("GATEWAY", "kafka-s3cret")),
        gatewayPort);

    MqttClient device =
        new MqttClient(
            "tcp://127.0.0.1:" + mqttPort, "sasl-press@sasl-ent", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName("sasl-press@sasl-ent");
    options.setPassword(secret.toCharArray());
    device.connect(options);
    List<Reading> readings = new ArrayList<>();
    for (int seq = 1; seq <= 10; seq++) {
      readings.add(new Reading(seq, Instant.now().minusSeconds(60 - seq), Map.of("power_kw", 4.5)));
    }
    device.publish("telemetry", new TelemetryCodec().encodeDevicePayload(readings), 1, false);
    device.disconnect();
    device.close();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                new ObjectMapper()
                        .readTree(
                            client.get("/api/v1/enterprises/sasl-ent/devices/sasl-press/status"))
                        .get("readings")
                        .asLong()
                    == 10);

    // With a wrong password the platform starts but never becomes ready.
    int wrongPort = Ports.free();
    ManagedProcess wrong =
        apps.platform(
            jar("platform"),
            wrongPort,
            sasl,
            db,
            E2e.ADMIN_PASSWORD,
            credentials("PLATFORM", "wrong"));
    running.add(wrong);
    await()
        .during(Duration.ofSeconds(15))
        .atMost(Duration.ofSeconds(20))
        .until(() -> readiness(wrongPort) != 200);
  }

  private static Map<String, String> credentials(String app, String password) {
    String prefix = "PARKPULSE_" + app + "_KAFKA_SECURITY_";
    return Map.of(
        prefix + "PROTOCOL", "SASL_PLAINTEXT",
        prefix + "SASL_MECHANISM", "PLAIN",
        prefix + "SASL_USERNAME", "parkpulse",
        prefix + "SASL_PASSWORD", password);
  }

  private void start(ManagedProcess app, int httpPort) {
    running.add(app);
    app.awaitHttpOk(Apps.readyUrl(httpPort), START_TIMEOUT);
  }

  private static int readiness(int httpPort) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(Apps.readyUrl(httpPort))).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static Path jar(String app) {
    return Path.of(System.getProperty("parkpulse." + app + ".jar"));
  }
}
