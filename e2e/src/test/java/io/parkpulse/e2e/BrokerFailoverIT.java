package io.parkpulse.e2e;

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
    AgentRun agent = agent("killed-01");
    agent.awaitStored(100);
    kafka.kill(2);
    agent.awaitStored(250);
    kafka.restart(2);
    agent.finish();
  }

  @Test
  void aRollingRestartOfAllThreeBrokersLosesAndDoublesNothing() throws Exception {
    AgentRun agent = agent("rolling-01");
    long stored = 50;
    agent.awaitStored(stored);
    for (int id = 1; id <= 3; id++) {
      kafka.stop(id);
      kafka.restart(id);
      stored += 50;
      agent.awaitStored(Math.min(stored, READINGS));
    }
    agent.finish();
  }

  private static AgentRun agent(String device) throws Exception {
    return AgentRun.start(
        client, work, "tcp://127.0.0.1:" + mqttPort, ENTERPRISE, device, READINGS);
  }
}
