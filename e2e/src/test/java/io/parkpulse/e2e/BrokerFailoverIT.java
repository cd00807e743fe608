package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.agent.Agent;
import io.parkpulse.agent.config.ConfigLoader;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.KafkaCluster;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
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
 * A park on a three-broker Kafka cluster (three replicas, two in sync) while the real edge agent
 * publishes: brokers crash or restart one after another, and every reading the agent produced is
 * stored exactly once, without a gap: per device, count = distinct seq = max - min + 1.
 */
class BrokerFailoverIT {

  private static final String PARK = "failover-park";
  private static final String ENTERPRISE = "failover-ent";
  private static final int READINGS = 600;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private static final List<AutoCloseable> running = new ArrayList<>();
  private static Path work;
  private static KafkaCluster kafka;
  private static PlatformClient client;
  private static int mqttPort;

  @BeforeAll
  static void startTheStack() throws Exception {
    work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
    Files.createDirectories(work);
    Apps apps = new Apps(work);
    kafka =
        KafkaCluster.start(apps, TestDirs.create("kafka-cluster"), 3, KafkaBroker.Users.random());
    running.add(kafka);
    int platformPort = Ports.free();
    ManagedProcess platform =
        apps.platform(
            Path.of(System.getProperty("parkpulse.platform.jar")),
            platformPort,
            kafka.bootstrapServers(),
            Postgres.sharedForTests().database(),
            E2e.ADMIN_PASSWORD,
            kafka.platformEnv());
    running.add(platform);
    platform.awaitHttpOk(Apps.readyUrl(platformPort), START_TIMEOUT);
    client = PlatformClient.login("http://127.0.0.1:" + platformPort, "admin", E2e.ADMIN_PASSWORD);
    client.ensurePark(PARK, "Failover park");
    client.ensureEnterprise(PARK, ENTERPRISE, "Failover", "machining", "small");
    mqttPort = Ports.free();
    int gatewayPort = Ports.free();
    ManagedProcess gateway =
        apps.gateway(
            Path.of(System.getProperty("parkpulse.gateway.jar")),
            gatewayPort,
            mqttPort,
            kafka.bootstrapServers(),
            kafka.gatewayEnv());
    running.add(gateway);
    gateway.awaitHttpOk(Apps.readyUrl(gatewayPort), START_TIMEOUT);
  }

  @AfterAll
  static void stopTheStack() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void aBrokerKilledMidStreamAndRestartedLosesAndDoublesNothing() throws Exception {
    Thread agent = agent("killed-01");
    awaitStored("killed-01", 100);
    kafka.kill(2);
    awaitStored("killed-01", 250);
    kafka.restart(2);
    finish(agent, "killed-01");
  }

  @Test
  void aRollingRestartOfAllThreeBrokersLosesAndDoublesNothing() throws Exception {
    Thread agent = agent("rolling-01");
    long stored = 50;
    awaitStored("rolling-01", stored);
    for (int id = 1; id <= 3; id++) {
      kafka.stop(id);
      kafka.restart(id);
      stored += 50;
      awaitStored("rolling-01", Math.min(stored, READINGS));
    }
    finish(agent, "rolling-01");
  }

  /** Starts the real edge agent as {@code device}, a simulated machine sending every 20 ms. */
  private static Thread agent(String device) throws Exception {
    String secret = client.deviceSecret(ENTERPRISE, device, device);
    Path file = work.resolve(device + "-" + System.nanoTime() + ".yaml");
    Files.write(
        file,
        List.of(
            "gateway:",
            "  uri: tcp://127.0.0.1:" + mqttPort,
            "device:",
            "  enterprise: " + ENTERPRISE,
            "  id: " + device,
            "  secret: \"" + secret + "\"",
            "state-dir: state-" + device + "-" + System.nanoTime(),
            "machines:",
            "  - simulator:",
            "      interval: 20ms",
            "      seed: 11",
            "      max-readings: " + READINGS));
    Thread agent = new Thread(new Agent(ConfigLoader.load(file)), "agent-" + device);
    agent.start();
    return agent;
  }

  /** Waits for the agent to have every reading acknowledged, then checks them stored once each. */
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
