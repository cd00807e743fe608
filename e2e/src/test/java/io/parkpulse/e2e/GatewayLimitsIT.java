package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.Reading;
import io.parkpulse.model.TelemetryCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three gateways share an enterprise's message rate: each counts the live gateways through Kafka
 * and enforces a third, so the enterprise's devices, spread over all three and offering three times
 * the limit, get the limit in total and not three times it.
 */
class GatewayLimitsIT {

  private static final String PARK = "lim3-park";
  private static final String ENTERPRISE = "lim3-ent";
  private static final int LIMIT = 100;
  private static final int DEVICES = 6;
  private static final Duration PUBLISHING = Duration.ofSeconds(14);
  private static final Duration WARM_UP = Duration.ofSeconds(4);

  private final List<AutoCloseable> running = new ArrayList<>();
  private final Apps apps =
      new Apps(Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work")));

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void anEnterpriseLimitedTo100MessagesPerSecondGetsAtMost110InTotalOverThreeGateways()
      throws Exception {
    int platformPort = Ports.free();
    ManagedProcess platform =
        apps.platform(
            jar("platform"),
            platformPort,
            E2e.kafka(),
            Postgres.sharedForTests().database(),
            E2e.ADMIN_PASSWORD);
    running.add(platform);
    platform.awaitHttpOk(Apps.readyUrl(platformPort), Duration.ofSeconds(120));
    PlatformClient client =
        PlatformClient.login("http://127.0.0.1:" + platformPort, "admin", E2e.ADMIN_PASSWORD);
    client.ensurePark(PARK, "Three gateways");
    client.ensureEnterprise(PARK, ENTERPRISE, "Limited", "machining", "small");
    client.put(
        "/api/v1/enterprises/" + ENTERPRISE + "/limits",
        Map.of("enterpriseMessagesPerSecond", LIMIT));
    Map<String, String> secrets = new LinkedHashMap<>();
    for (int d = 1; d <= DEVICES; d++) {
      String device = "lim3-dev-" + d;
      secrets.put(device, client.deviceSecret(ENTERPRISE, device, device));
    }

    int[] mqttPorts = new int[3];
    int[] httpPorts = new int[3];
    for (int g = 0; g < 3; g++) {
      mqttPorts[g] = Ports.free();
      httpPorts[g] = Ports.free();
      ManagedProcess gateway =
          apps.gateway(jar("gateway"), httpPorts[g], mqttPorts[g], E2e.kafka());
      running.add(gateway);
      gateway.awaitHttpOk(Apps.readyUrl(httpPorts[g]), Duration.ofSeconds(120));
    }
    for (int port : httpPorts) {
      await().atMost(Duration.ofSeconds(60)).until(() -> liveGateways(port) == 3);
    }

    // Two devices on each gateway, each offering about 25 messages a second: 150 in all, half as
    // much again as the limit. Three gateways each enforcing the whole limit would take it all; a
    // device falls behind its gateway's share slowly enough to stay within the rate tolerance.
    List<Thread> publishers = new ArrayList<>();
    int n = 0;
    Instant start = Instant.now();
    for (Map.Entry<String, String> device : secrets.entrySet()) {
      int port = mqttPorts[n++ % 3];
      Thread t = new Thread(() -> publish(port, device.getKey(), device.getValue()));
      t.start();
      publishers.add(t);
    }
    for (Thread t : publishers) {
      t.join();
    }
    Instant end = Instant.now();

    // What reached Kafka after the warm-up (the buckets' first second), by Kafka's timestamps.
    Instant from = start.plus(WARM_UP);
    long inWindow = 0;
    for (String device : secrets.keySet()) {
      inWindow +=
          TopicReader.readAll(
                  E2e.kafka(), ParkTopic.telemetry(PARK).name(), ENTERPRISE + "/" + device)
              .stream()
              .filter(
                  r -> r.timestamp() >= from.toEpochMilli() && r.timestamp() < end.toEpochMilli())
              .count();
    }
    double seconds = Duration.between(from, end).toMillis() / 1000.0;
    double rate = inWindow / seconds;
    System.out.printf(
        "GatewayLimitsIT: %d messages in %.1f s over three gateways: %.1f/s (limit %d)%n",
        inWindow, seconds, rate, LIMIT);
    assertThat(rate)
        .as(
            "messages per second of the enterprise over three gateways (%d in %.1f s)",
            inWindow, seconds)
        .isLessThanOrEqualTo(LIMIT * 1.1)
        .isGreaterThanOrEqualTo(LIMIT * 0.7);
  }

  private void publish(int port, String device, String secret) {
    String user = device + "@" + ENTERPRISE;
    TelemetryCodec codec = new TelemetryCodec();
    try {
      MqttClient mqtt = new MqttClient("tcp://127.0.0.1:" + port, user, new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setUserName(user);
      options.setPassword(secret.toCharArray());
      options.setMaxInflight(1000);
      // A publish waits at most this long for its turn on the socket, never for ever.
      mqtt.setTimeToWait(10_000);
      mqtt.connect(options);
      long until = System.nanoTime() + PUBLISHING.toNanos();
      for (long seq = 1; System.nanoTime() < until && mqtt.isConnected(); seq++) {
        byte[] payload =
            codec.encodeDevicePayload(
                List.of(new Reading(seq, Instant.now(), Map.of("power_kw", 1.0))));
        mqtt.publish("telemetry", payload, 0, false);
        Thread.sleep(40);
      }
      if (mqtt.isConnected()) {
        mqtt.disconnect();
      }
      mqtt.close();
    } catch (Exception e) {
      throw new IllegalStateException(device + " could not publish", e);
    }
  }

  private static int liveGateways(int httpPort) {
    return (int) AppMetrics.value(httpPort, "parkpulse_gateway_live");
  }

  private static Path jar(String app) {
    return Path.of(System.getProperty("parkpulse." + app + ".jar"));
  }
}
