package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.devstack.Ports;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways and two platform instances on one broker and one database, as the Helm chart scales
 * them: devices connect to either gateway, the platforms' consumers share the park's partitions,
 * and every reading is stored once.
 */
class ScaleOutIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String PARK = "scale-park";
  private static final String ENTERPRISE = "scale-ent";
  private static final int PARTITIONS = 3;
  private static final int PER_DEVICE = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

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
  void twoGatewaysAndTwoPlatformsSplitTheWorkAndStoreEveryReadingOnce() throws Exception {
    Database db = Postgres.sharedForTests().database();
    KafkaBroker kafka = E2e.kafka();
    int[] platformPorts = {Ports.free(), Ports.free()};
    start(
        apps.platform(jar("platform"), platformPorts[0], kafka, db, E2e.ADMIN_PASSWORD),
        platformPorts[0]);
    PlatformClient client =
        PlatformClient.login("http://127.0.0.1:" + platformPorts[0], "admin", E2e.ADMIN_PASSWORD);
    client.ensurePark(PARK, "Scale-out park");
    client.ensureEnterprise(PARK, ENTERPRISE, "Scale", "machining", "small");
    // Two devices in each of the park's partitions, so that each consumer has some of them.
    Map<String, String> secrets = new LinkedHashMap<>();
    int[] perPartition = new int[PARTITIONS];
    for (int i = 0; secrets.size() < 2 * PARTITIONS; i++) {
      String device = "line-" + i;
      int partition =
          Utils.toPositive(
                  Utils.murmur2((ENTERPRISE + "/" + device).getBytes(StandardCharsets.UTF_8)))
              % PARTITIONS;
      if (perPartition[partition] < 2) {
        perPartition[partition]++;
        secrets.put(device, client.deviceSecret(ENTERPRISE, device, device));
      }
    }
    start(
        apps.platform(jar("platform"), platformPorts[1], kafka, db, E2e.ADMIN_PASSWORD),
        platformPorts[1]);
    int[] mqttPorts = {Ports.free(), Ports.free()};
    int[] gatewayPorts = {Ports.free(), Ports.free()};
    for (int g = 0; g < 2; g++) {
      start(apps.gateway(jar("gateway"), gatewayPorts[g], mqttPorts[g], kafka), gatewayPorts[g]);
    }

    // Half of the devices on each gateway, each sending its readings in messages of 20.
    TelemetryCodec codec = new TelemetryCodec();
    Instant t0 = Instant.now().minus(Duration.ofMinutes(30));
    int n = 0;
    for (Map.Entry<String, String> device : secrets.entrySet()) {
      int port = mqttPorts[n++ % 2];
      MqttClient mqtt =
          new MqttClient(
              "tcp://127.0.0.1:" + port,
              device.getKey() + "@" + ENTERPRISE,
              new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setUserName(device.getKey() + "@" + ENTERPRISE);
      options.setPassword(device.getValue().toCharArray());
      mqtt.connect(options);
      for (int from = 1; from <= PER_DEVICE; from += 20) {
        List<Reading> readings = new ArrayList<>();
        for (int seq = from; seq < from + 20; seq++) {
          readings.add(
              new Reading(
                  seq, t0.plusSeconds(seq), Map.of("good_count", (long) seq, "power_kw", 2.5)));
        }
        mqtt.publish("telemetry", codec.encodeDevicePayload(readings), 1, false);
      }
      mqtt.disconnect();
      mqtt.close();
    }

    int total = secrets.size() * PER_DEVICE;
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> storedReadings(client, secrets.keySet()) == total);
    for (String device : secrets.keySet()) {
      JsonNode status =
          JSON.readTree(
              client.get("/api/v1/enterprises/" + ENTERPRISE + "/devices/" + device + "/status"));
      assertThat(status.get("readings").asLong()).as(device).isEqualTo(PER_DEVICE);
      assertThat(status.get("maxSeq").asLong()).as(device).isEqualTo(PER_DEVICE);
      assertThat(status.get("missing").asLong()).as(device).isZero();
    }
    double[] ingested = new double[2];
    double[] forwarded = new double[2];
    for (int i = 0; i < 2; i++) {
      ingested[i] = metric(platformPorts[i], "parkpulse_ingest_readings_total", "");
      forwarded[i] =
          metric(gatewayPorts[i], "parkpulse_gateway_readings_total", "park=\"" + PARK + "\"");
    }
    assertThat(Math.min(forwarded[0], forwarded[1]))
        .as("readings each gateway sent to Kafka")
        .isPositive();
    assertThat(forwarded[0] + forwarded[1]).isEqualTo(total);
    assertThat(Math.min(ingested[0], ingested[1])).as("readings each platform stored").isPositive();
    // Other tests' parks share the broker: each platform's counter is at least its share here.
    assertThat(ingested[0] + ingested[1]).isGreaterThanOrEqualTo(total);
  }

  private void start(ManagedProcess app, int httpPort) {
    running.add(app);
    app.awaitHttpOk(Apps.readyUrl(httpPort), START_TIMEOUT);
  }

  private static Path jar(String app) {
    return Path.of(System.getProperty("parkpulse." + app + ".jar"));
  }

  private static long storedReadings(PlatformClient client, Iterable<String> devices)
      throws Exception {
    long sum = 0;
    for (String device : devices) {
      sum +=
          JSON.readTree(
                  client.get(
                      "/api/v1/enterprises/" + ENTERPRISE + "/devices/" + device + "/status"))
              .get("readings")
              .asLong();
    }
    return sum;
  }

  /** The sum of a Prometheus counter's series whose labels contain {@code labels}. */
  private static double metric(int httpPort, String name, String labels) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    double sum = 0;
    for (String line : response.body().split("\n")) {
      if (line.startsWith(name) && line.contains(labels)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
