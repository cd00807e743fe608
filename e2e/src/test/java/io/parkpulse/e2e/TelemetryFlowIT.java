package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.agent.Agent;
import io.parkpulse.agent.AgentConfig;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path with every part real: an edge agent publishes over MQTT to the gateway process,
 * which writes to a Kafka broker, from which the platform process stores into PostgreSQL and serves
 * the readings over REST.
 */
class TelemetryFlowIT {

  private static final String PARK = "e2e";
  private static final int READINGS = 60;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private static final List<ManagedProcess> running = new ArrayList<>();
  private static Path work;
  private static int platformPort;
  private static int mqttPort;
  private static String secret;
  private static PlatformClient client;

  @BeforeAll
  static void startTheStack() throws Exception {
    work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
    Files.createDirectories(work);
    ManagedProcess.stopLeftovers(work.resolve("run"));
    KafkaBroker broker = KafkaBroker.shared();
    Database db = Postgres.sharedForTests().database();

    Apps apps = new Apps(work);
    platformPort = Ports.free();
    ManagedProcess platform =
        track(
            apps.platform(
                Path.of(System.getProperty("parkpulse.platform.jar")),
                platformPort,
                broker.bootstrapServers(),
                db,
                E2e.ADMIN_PASSWORD));
    platform.awaitHttpOk(Apps.readyUrl(platformPort), START_TIMEOUT);
    client = PlatformClient.login("http://127.0.0.1:" + platformPort, "admin", E2e.ADMIN_PASSWORD);
    client.ensurePark(PARK, "End-to-end park");
    client.ensureEnterprise(PARK, "acme", "Acme", "machining", "small");
    secret = client.deviceSecret("acme", "press-01", "Press 1");
    mqttPort = Ports.free();
    int gatewayHttp = Ports.free();
    ManagedProcess gateway =
        track(
            apps.gateway(
                Path.of(System.getProperty("parkpulse.gateway.jar")),
                gatewayHttp,
                mqttPort,
                broker.bootstrapServers()));
    gateway.awaitHttpOk(Apps.readyUrl(gatewayHttp), START_TIMEOUT);
  }

  @AfterAll
  static void stopTheStack() {
    running.forEach(ManagedProcess::close);
  }

  @Test
  void everyReadingTheAgentPublishedComesBackFromTheApiAndIsInKafka() throws Exception {
    Path deviceFile = work.resolve("press-01.properties");
    Files.writeString(
        deviceFile,
        String.join(
            "\n",
            "gateway.uri=tcp://127.0.0.1:" + mqttPort,
            "device.enterprise=acme",
            "device.id=press-01",
            "device.secret=" + secret,
            "publish.interval=20ms",
            "publish.max-readings=" + READINGS,
            "simulator.seed=7",
            "state.dir=state-" + System.nanoTime()));
    Agent agent = new Agent(AgentConfig.load(deviceFile), Clock.systemUTC());

    Thread thread = new Thread(agent, "e2e-agent");
    thread.start();
    thread.join(Duration.ofSeconds(60).toMillis());

    assertThat(agent.published()).as("readings the gateway acknowledged").isEqualTo(READINGS);
    List<Long> expected = LongStream.rangeClosed(1, READINGS).boxed().toList();

    TelemetryCodec codec = new TelemetryCodec();
    List<Long> inKafka = new ArrayList<>();
    for (var record : TopicReader.readAll(ParkTopic.telemetry(PARK).name(), "acme/press-01")) {
      inKafka.add(codec.decode(record.value()).seq());
    }
    assertThat(inKafka).as("acknowledged readings in Kafka").containsExactlyElementsOf(expected);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(seqsFromApi()).containsExactlyElementsOf(expected));
  }

  private static List<Long> seqsFromApi() throws Exception {
    JsonNode page =
        new ObjectMapper()
            .readTree(
                client.get(
                    "/api/v1/enterprises/acme/devices/press-01/telemetry"
                        + "?from=2020-01-01T00:00:00Z&limit=1000"));
    List<Long> seqs = new ArrayList<>();
    page.get("readings").forEach(r -> seqs.add(r.get("seq").asLong()));
    return seqs;
  }

  private static ManagedProcess track(ManagedProcess app) {
    running.add(app);
    return app;
  }
}
