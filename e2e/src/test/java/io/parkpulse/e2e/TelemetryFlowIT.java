package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.agent.Agent;
import io.parkpulse.agent.config.ConfigLoader;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path with every part real: an edge agent publishes over MQTT to the gateway process,
 * which writes to a Kafka broker, from which the platform process stores into PostgreSQL and serves
 * the readings over REST; and commands sent through the API go the other way, to the agent, whose
 * answer comes back as the API's answer.
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
    KafkaBroker broker = E2e.kafka();
    Database db = Postgres.sharedForTests().database();

    Apps apps = new Apps(work);
    platformPort = Ports.free();
    ManagedProcess platform =
        track(
            apps.platform(
                Path.of(System.getProperty("parkpulse.platform.jar")),
                platformPort,
                broker,
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
                broker));
    gateway.awaitHttpOk(Apps.readyUrl(gatewayHttp), START_TIMEOUT);
  }

  @AfterAll
  static void stopTheStack() {
    running.forEach(ManagedProcess::close);
  }

  @Test
  void everyReadingTheAgentPublishedComesBackFromTheApiAndIsInKafka() throws Exception {
    Path deviceFile = simulatorFile("acme", "press-01", secret, "20ms", READINGS);
    Agent agent = new Agent(ConfigLoader.load(deviceFile));

    Thread thread = new Thread(agent, "e2e-agent");
    thread.start();
    thread.join(Duration.ofSeconds(60).toMillis());

    assertThat(thread.isAlive())
        .as("the agent stops once all its readings are taken and acknowledged")
        .isFalse();
    List<Long> expected = LongStream.rangeClosed(1, READINGS).boxed().toList();

    TelemetryCodec codec = new TelemetryCodec();
    List<Long> inKafka = new ArrayList<>();
    for (var record :
        TopicReader.readAll(E2e.kafka(), ParkTopic.telemetry(PARK).name(), "acme/press-01")) {
      inKafka.add(codec.decode(record.value()).seq());
    }
    assertThat(inKafka).as("acknowledged readings in Kafka").containsExactlyElementsOf(expected);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(seqsFromApi()).containsExactlyElementsOf(expected));
  }

  @Test
  void aControllerRegisteredAsGatewayPublishesForTheMachinesItFronts() throws Exception {
    for (String machine : List.of("loom-01", "loom-02")) {
      client.post(
          "/api/v1/enterprises/acme/devices", Map.of("id", machine, "name", "Loom " + machine));
    }
    JsonNode controller =
        client.post(
            "/api/v1/enterprises/acme/devices",
            Map.of(
                "id",
                "hall2-plc",
                "name",
                "Hall 2 PLC",
                "gatewayFor",
                List.of("loom-01", "loom-02")));
    Path file =
        agentFile(
            "acme",
            "hall2-plc",
            controller.get("secret").asText(),
            "  - device: loom-01",
            "    simulator: { interval: 20ms, seed: 1, max-readings: 40 }",
            "  - device: loom-02",
            "    simulator: { interval: 20ms, seed: 2, max-readings: 40 }");
    Thread agent = new Thread(new Agent(ConfigLoader.load(file)), "hall2-plc");
    agent.start();
    agent.join(Duration.ofSeconds(60).toMillis());

    assertThat(agent.isAlive()).as("every reading of both looms acknowledged").isFalse();
    for (String machine : List.of("loom-01", "loom-02")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(seqsFromApi(machine))
                      .as(machine)
                      .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList()));
    }
  }

  @Test
  void theAgentAnswersCommandsSentThroughTheApi() throws Exception {
    String agentSecret = client.deviceSecret("acme", "cmd-agent", "Commanded agent");
    Path file =
        agentFile(
            "acme",
            "cmd-agent",
            agentSecret,
            "  - simulator:",
            "      interval: 200ms",
            "      seed: 3");
    Thread agent = new Thread(new Agent(ConfigLoader.load(file)), "cmd-agent");
    agent.start();
    try {
      String commands = "/api/v1/enterprises/acme/devices/cmd-agent/commands";
      // The agent subscribes once it is connected; until then a command times out (504).
      JsonNode status =
          await()
              .atMost(Duration.ofSeconds(60))
              .ignoreException(IllegalStateException.class)
              .until(
                  () -> client.post(commands, Map.of("name", "status", "timeoutSeconds", 5)),
                  answer -> answer != null);

      assertThat(status.get("status").asInt()).isEqualTo(200);
      assertThat(status.get("requestId").asText()).isNotBlank();
      assertThat(status.get("payload").get("device").asText()).isEqualTo("cmd-agent@acme");
      assertThat(status.get("payload").get("connected").asBoolean()).isTrue();
      assertThat(status.get("payload").get("machines").has("cmd-agent")).isTrue();

      JsonNode changed =
          client.post(
              commands,
              Map.of(
                  "name",
                  "set-interval",
                  "payload",
                  Map.of("device", "cmd-agent", "interval", "1s")));
      assertThat(changed.get("status").asInt()).isEqualTo(200);
      assertThat(changed.get("payload").get("interval").asText()).isEqualTo("PT1S");

      JsonNode unknown = client.post(commands, Map.of("name", "self-destruct"));
      assertThat(unknown.get("status").asInt()).isEqualTo(404);
      assertThat(unknown.get("payload").get("error").asText()).contains("unknown command");
    } finally {
      agent.interrupt();
      agent.join(Duration.ofSeconds(30).toMillis());
    }
  }

  /** An agent configuration for one simulated machine that stops after {@code readings}. */
  private static Path simulatorFile(
      String enterprise, String device, String secret, String interval, int readings)
      throws Exception {
    return agentFile(
        enterprise,
        device,
        secret,
        "  - simulator:",
        "      interval: " + interval,
        "      seed: 7",
        "      max-readings: " + readings);
  }

  /** An agent configuration of {@code device} with the given {@code machines:} lines. */
  private static Path agentFile(
      String enterprise, String device, String secret, String... machineLines) throws Exception {
    Path file = work.resolve(device + "-" + System.nanoTime() + ".yaml");
    List<String> lines =
        new ArrayList<>(
            List.of(
                "gateway:",
                "  uri: tcp://127.0.0.1:" + mqttPort,
                "device:",
                "  enterprise: " + enterprise,
                "  id: " + device,
                "  secret: \"" + secret + "\"",
                "state-dir: state-" + device + "-" + System.nanoTime(),
                "machines:"));
    lines.addAll(List.of(machineLines));
    Files.write(file, lines);
    return file;
  }

  /**
   * Two simulated machines with a profile and rated power send for a few seconds; with the
   * enterprise's two level-1 answers verified, the default catalog puts it at level 1: L1 = 1
   * (plan, staff, registry, uptime), L2 = 0.6 (connectivity 0.25, completeness 0.2, energy metering
   * 0.15; no TLS sessions and two unanswered questions), S = 1.6.
   */
  @Test
  void anEnterpriseOfSimulatedMachinesIsAssessedFromWhatItsMachinesSent() throws Exception {
    client.ensureEnterprise(PARK, "sim-co", "Sim Co", "machining", "small");
    client.post(
        "/api/v1/profiles",
        Map.of(
            "id",
            "sim-machine",
            "enterprise",
            "sim-co",
            "name",
            "Simulated machine",
            "points",
            List.of(
                point("state", "string", "machine.state"),
                point("good_count", "integer", "counter.good"),
                point("energy_kwh", "number", "energy.active_kwh"))));
    List<Thread> agents = new ArrayList<>();
    for (String machine : List.of("sim-m1", "sim-m2")) {
      JsonNode created =
          client.post(
              "/api/v1/enterprises/sim-co/devices",
              Map.of(
                  "id", machine, "name", machine, "profile", "sim-machine", "ratedPowerKw", 7.5));
      Path file = simulatorFile("sim-co", machine, created.get("secret").asText(), "100ms", 30);
      Thread agent = new Thread(new Agent(ConfigLoader.load(file)), machine);
      agent.start();
      agents.add(agent);
    }
    for (Thread agent : agents) {
      agent.join(Duration.ofSeconds(60).toMillis());
    }
    for (String question : List.of("digital-plan", "digital-staff")) {
      client.put(
          "/api/v1/enterprises/sim-co/questionnaire/" + question,
          Map.of(
              "answer", "FULLY",
              "attachmentName", question + ".pdf",
              "attachmentBase64", "ZXZpZGVuY2U="));
      client.post(
          "/api/v1/enterprises/sim-co/questionnaire/" + question + "/verification",
          Map.of("verified", true));
    }
    // The machines' last readings must be stored before the assessment reads them.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                new ObjectMapper()
                        .readTree(client.get("/api/v1/enterprises/sim-co/devices/sim-m2/status"))
                        .get("readings")
                        .asLong()
                    == 30);

    JsonNode assessment =
        client.post("/api/v1/enterprises/sim-co/assessments", Map.of()).get("assessment");

    assertThat(assessment.get("level").asInt()).isEqualTo(1);
    assertThat(assessment.get("total").asDouble()).isEqualTo(1.6);
    Map<String, JsonNode> byId = new java.util.HashMap<>();
    assessment.get("requirements").forEach(r -> byId.put(r.get("id").asText(), r));
    assertThat(byId.get("D2.1").get("rule").asText()).isEqualTo("r=1.00/0.60=1.00→1");
    assertThat(byId.get("D2.1").get("source").asText())
        .isEqualTo("2 of 2 machines sent data in the last 7 days");
    assertThat(byId.get("D2.1").get("window").asText()).startsWith("30d to ");
    assertThat(byId.get("D2.2").get("score").asDouble()).isEqualTo(1.0);
    assertThat(byId.get("D2.3").get("source").asText()).isEqualTo("15.0 of 15.0 rated kW metered");
    assertThat(byId.get("D2.4").get("rule").asText()).startsWith("r=0.00/1.00");
    assertThat(assessment.get("gap").get("nextLevel").asInt()).isEqualTo(2);
  }

  private static Map<String, Object> point(String name, String type, String kind) {
    return Map.of("name", name, "unit", "", "dataType", type, "kind", kind, "intervalSeconds", 60);
  }

  private static List<Long> seqsFromApi() throws Exception {
    return seqsFromApi("press-01");
  }

  private static List<Long> seqsFromApi(String device) throws Exception {
    JsonNode page =
        new ObjectMapper()
            .readTree(
                client.get(
                    "/api/v1/enterprises/acme/devices/"
                        + device
                        + "/telemetry?from=2020-01-01T00:00:00Z&limit=1000"));
    List<Long> seqs = new ArrayList<>();
    page.get("readings").forEach(r -> seqs.add(r.get("seq").asLong()));
    return seqs;
  }

  private static ManagedProcess track(ManagedProcess app) {
    running.add(app);
    return app;
  }
}
