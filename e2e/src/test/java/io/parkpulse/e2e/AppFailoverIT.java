package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.agent.Agent;
import io.parkpulse.agent.config.ConfigLoader;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TcpBalancer;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways behind a load balancer and two platforms, with the real edge agent publishing: one
 * gateway is killed ({@code kill -9}) and its device reconnects to the other; one platform is
 * killed mid-batch and the other takes its partitions. Every reading is stored exactly once,
 * without a gap: per device, count = distinct seq = max - min + 1.
 */
class AppFailoverIT {

  private static final String PARK = "appfail-park";
  private static final String ENTERPRISE = "appfail-ent";
  private static final int READINGS = 600;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private static final List<AutoCloseable> running = new ArrayList<>();
  private static final List<ManagedProcess> gateways = new ArrayList<>();
  private static final List<Integer> gatewayHttpPorts = new ArrayList<>();
  private static final List<ManagedProcess> platforms = new ArrayList<>();
  private static Path work;
  private static PlatformClient client;
  private static int balancerPort;
  private static int readerPort;

  @BeforeAll
  static void startTheStack() throws Exception {
    work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
    Files.createDirectories(work);
    Apps apps = new Apps(work);
    Database db = Postgres.sharedForTests().database();
    List<Integer> platformPorts = List.of(Ports.free(), Ports.free());
    for (int port : platformPorts) {
      ManagedProcess platform =
          apps.platform(
              Path.of(System.getProperty("parkpulse.platform.jar")),
              port,
              E2e.kafka(),
              db,
              E2e.ADMIN_PASSWORD);
      running.add(platform);
      platforms.add(platform);
      platform.awaitHttpOk(Apps.readyUrl(port), START_TIMEOUT);
    }
    // The second platform answers the API throughout: the first is the one killed.
    readerPort = platformPorts.get(1);
    client = PlatformClient.login("http://127.0.0.1:" + readerPort, "admin", E2e.ADMIN_PASSWORD);
    client.ensurePark(PARK, "Failover of the apps");
    client.ensureEnterprise(PARK, ENTERPRISE, "Failover", "machining", "small");
    List<Integer> mqttPorts = new ArrayList<>();
    for (int g = 0; g < 2; g++) {
      int mqtt = Ports.free();
      int http = Ports.free();
      ManagedProcess gateway =
          apps.gateway(
              Path.of(System.getProperty("parkpulse.gateway.jar")), http, mqtt, E2e.kafka());
      running.add(gateway);
      gateways.add(gateway);
      gatewayHttpPorts.add(http);
      mqttPorts.add(mqtt);
      gateway.awaitHttpOk(Apps.readyUrl(http), START_TIMEOUT);
    }
    balancerPort = Ports.free();
    running.add(new TcpBalancer(balancerPort, mqttPorts));
  }

  @AfterAll
  static void stopTheStack() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void theDevicesOfAGatewayKilledMidStreamReconnectToTheOtherAndLoseNothing() throws Exception {
    Thread agent = agent("gw-failover-01");
    awaitStored("gw-failover-01", 100);
    int holding =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(AppFailoverIT::gatewayWithTheDevice, g -> g >= 0);
    gateways.get(holding).kill();
    awaitStored("gw-failover-01", 300);
    assertThat(connections(gatewayHttpPorts.get(1 - holding)))
        .as("the device is on the other gateway")
        .isEqualTo(1);
    finish(agent, "gw-failover-01");
  }

  @Test
  void aPlatformKilledMidBatchLeavesItsPartitionsToTheOtherAndNothingIsLostOrDoubled()
      throws Exception {
    Thread agent = agent("pf-failover-01");
    awaitStored("pf-failover-01", 100);
    platforms.get(0).kill();
    finish(agent, "pf-failover-01");
  }

  private static int gatewayWithTheDevice() {
    for (int g = 0; g < gateways.size(); g++) {
      if (gateways.get(g).isAlive() && connections(gatewayHttpPorts.get(g)) == 1) {
        return g;
      }
    }
    return -1;
  }

  private static int connections(int httpPort) {
    try {
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (String line : metrics.split("\n")) {
        if (line.startsWith("parkpulse_gateway_connections ")) {
          return (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
        }
      }
    } catch (Exception e) {
      // a killed gateway does not answer
    }
    return -1;
  }

  /** The real edge agent as {@code device}, through the load balancer, a reading every 20 ms. */
  private static Thread agent(String device) throws Exception {
    String secret = client.deviceSecret(ENTERPRISE, device, device);
    Path file = work.resolve(device + "-" + System.nanoTime() + ".yaml");
    Files.write(
        file,
        List.of(
            "gateway:",
            "  uri: tcp://127.0.0.1:" + balancerPort,
            "device:",
            "  enterprise: " + ENTERPRISE,
            "  id: " + device,
            "  secret: \"" + secret + "\"",
            "state-dir: state-" + device + "-" + System.nanoTime(),
            "machines:",
            "  - simulator:",
            "      interval: 20ms",
            "      seed: 13",
            "      max-readings: " + READINGS));
    Thread agent = new Thread(new Agent(ConfigLoader.load(file)), "agent-" + device);
    agent.start();
    return agent;
  }

  private static void finish(Thread agent, String device) throws Exception {
    agent.join(Duration.ofSeconds(180).toMillis());
    assertThat(agent.isAlive()).as("the agent had all its readings acknowledged").isFalse();
    List<Long> expected = LongStream.rangeClosed(1, READINGS).boxed().toList();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(seqs(device)).containsExactlyElementsOf(expected));
  }

  private static void awaitStored(String device, long readings) {
    await().atMost(Duration.ofSeconds(90)).until(() -> seqs(device).size() >= readings);
  }

  private static List<Long> seqs(String device) throws Exception {
    JsonNode page =
        new ObjectMapper()
            .readTree(
                client.get(
                    "/api/v1/enterprises/"
                        + ENTERPRISE
                        + "/devices/"
                        + device
                        + "/telemetry?from=2020-01-01T00:00:00Z&limit=1000"));
    List<Long> seqs = new ArrayList<>();
    page.get("readings").forEach(r -> seqs.add(r.get("seq").asLong()));
    seqs.sort(null);
    return seqs;
  }
}
