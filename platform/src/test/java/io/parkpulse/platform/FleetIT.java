package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.AgentFleet;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.CommandRequestCodec;
import io.parkpulse.model.CommandResponse;
import io.parkpulse.model.CommandResponseCodec;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.ParkTopic;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fleet management against the real broker and database, with the test in the agents' and the
 * gateway's place: it reads {@code configure} commands from the park's commands topic, answers them
 * as an agent does, and reports trial outcomes as {@code agent.status} events.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class FleetIT {

  private static final String PARK = "flt-park";
  private static final String ENT = "flt-ent";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG =
      "machines:\n  - device: press-01\n    simulator: { interval: 1s }\n";
  private static final String CONFIG_2 =
      "machines:\n  - device: press-01\n    simulator: { interval: 2s }\n";
  private static final String BAD =
      "machines:\n  - device: plc-7\n    modbus: { host: 10.9.9.9, groups: [] }\n";

  private static Api admin;
  private static FakeAgents agents;

  @BeforeEach
  void setUpOnce() {
    if (admin != null) {
      return;
    }
    admin = Api.admin();
    admin.park(PARK);
    admin.enterprise(PARK, ENT);
    admin.enterprise(PARK, "flt-other");
    for (String id :
        List.of("flt-good", "flt-c1", "flt-c2", "flt-c3", "flt-solo", "flt-w1", "flt-w2")) {
      controller(ENT, id);
    }
    controller("flt-other", "flt-other-ctl");
    admin.device(ENT, "flt-meter");
    agents = new FakeAgents();
    agents.start();
  }

  @AfterAll
  static void stop() {
    if (agents != null) {
      agents.interrupt();
    }
  }

  @Test
  void aConfigurationSentToOneAgentIsAppliedAndShownAsRunning() {
    agents.behave("flt-good", FakeAgents.APPLY);

    JsonPath rollout =
        configure(
                admin, "flt-good", Map.of("config", CONFIG, "trialSeconds", 10, "comment", "first"))
            .then()
            .statusCode(202)
            .extract()
            .jsonPath();
    long id = rollout.getLong("id");
    assertThat(rollout.getString("state")).isEqualTo("running");
    assertThat(rollout.getString("hash")).isEqualTo(AgentFleet.hash(CONFIG));

    JsonPath done = awaitRollout(id, "done");
    assertThat(done.getString("targets[0].state")).isEqualTo("applied");
    assertThat(done.getInt("targets[0].version")).isEqualTo(1);

    CommandRequest sent = agents.received("flt-good").get(0);
    JsonNode payload = read(sent.payload());
    assertThat(payload.get("version").asInt()).isEqualTo(1);
    assertThat(payload.get("config").asText()).isEqualTo(CONFIG);
    assertThat(payload.get("trialSeconds").asInt()).isEqualTo(10);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonPath view =
                  admin
                      .request()
                      .get("/api/v1/enterprises/{e}/devices/{d}/agent-config", ENT, "flt-good")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              assertThat(view.getString("desired")).isEqualTo(CONFIG);
              assertThat(view.getInt("versions[0].version")).isEqualTo(1);
              assertThat(view.getInt("agent.configVersion")).isEqualTo(1);
              assertThat(view.getString("agent.configHash")).isEqualTo(AgentFleet.hash(CONFIG));
              assertThat(view.getBoolean("agent.drift")).isFalse();
              assertThat(view.getString("agent.agentVersion")).isEqualTo("1.2.3-test");
            });
    assertThat(
            admin
                .request()
                .get("/api/v1/enterprises/{e}/devices/{d}/agent-config/versions/1", ENT, "flt-good")
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .isEqualTo(CONFIG);

    // A second configuration is the agent's version 2.
    agents.behave("flt-good", FakeAgents.APPLY);
    long second =
        configure(admin, "flt-good", Map.of("config", CONFIG_2, "trialSeconds", 5))
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getLong("id");
    assertThat(awaitRollout(second, "done").getInt("targets[0].version")).isEqualTo(2);
  }

  @Test
  void aCanaryThatRollsBackStopsTheRolloutAndTheOthersAreNeverSentIt() throws Exception {
    agents.behave("flt-c1", FakeAgents.ROLL_BACK);
    agents.behave("flt-c2", FakeAgents.APPLY);
    agents.behave("flt-c3", FakeAgents.APPLY);

    long id =
        startRollout(
                admin,
                Map.of(
                    "config",
                    BAD,
                    "devices",
                    List.of("flt-c3", "flt-c2", "flt-c1"),
                    "canaryPercent",
                    30,
                    "trialSeconds",
                    5))
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");

    JsonPath stopped = awaitRollout(id, "stopped");
    assertThat(stopped.getString("stopReason"))
        .isEqualTo(
            "flt-c1: rolled-back: machine plc-7 took no reading within 5 s: connect timed out");
    assertThat(stopped.getList("targets", Map.class))
        .extracting(t -> t.get("device") + " " + t.get("wave") + " " + t.get("state"))
        .containsExactly("flt-c1 1 failed", "flt-c2 2 skipped", "flt-c3 2 skipped");
    // A second wave would have gone out within a few runs of the job.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> agents.received("flt-c2").isEmpty() && agents.received("flt-c3").isEmpty());

    JsonPath c1 =
        admin
            .request()
            .get("/api/v1/enterprises/{e}/fleet", ENT)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(c1.getString("find { it.device == 'flt-c1' }.lastOutcome")).isEqualTo("rolled-back");
    assertThat(c1.getBoolean("find { it.device == 'flt-c1' }.drift")).isTrue();
    assertThat(c1.getList("device", String.class)).doesNotContain("flt-meter");
  }

  @Test
  void aFailureInAWaveStopsTheRolloutAndTheAgentThatTookItIsFollowedToItsOutcome() {
    agents.behave("flt-w1", FakeAgents.REFUSE);
    agents.behave("flt-w2", FakeAgents.APPLY);

    long id =
        startRollout(admin, Map.of("config", CONFIG, "devices", List.of("flt-w2", "flt-w1")))
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");

    awaitRollout(id, "stopped");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonPath r = rolloutOf(id);
              assertThat(r.getString("stopReason"))
                  .startsWith("flt-w1: the configuration has problems");
              assertThat(r.getList("targets", Map.class))
                  .extracting(t -> t.get("device") + " " + t.get("state"))
                  .containsExactly("flt-w1 failed", "flt-w2 applied");
            });
  }

  @Test
  void anAgentThatRefusesTheConfigurationFailsWithItsProblems() {
    agents.behave("flt-solo", FakeAgents.REFUSE);

    long id =
        configure(admin, "flt-solo", Map.of("config", CONFIG))
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getLong("id");

    assertThat(awaitRollout(id, "stopped").getString("targets[0].reason"))
        .isEqualTo(
            "the configuration has problems: managed-v1.yaml line 3: simulator.interval is 'x'");
  }

  @Test
  void secretsAndControllerSettingsAreRefusedAndNeverEchoed() {
    String withSecret =
        "machines:\n  - device: oven\n    opcua:\n      endpoint: opc.tcp://h:4840\n"
            + "      username: u\n      password: hunter2-secret\n";
    configure(admin, "flt-solo", Map.of("config", withSecret))
        .then()
        .statusCode(400)
        .body("field", org.hamcrest.Matchers.equalTo("config"))
        .body("message", containsString("line 6: a password or secret is written out"))
        .body(not(containsString("hunter2")));
    startRollout(admin, Map.of("config", "gateway: {uri: tcp://x:1883}\n" + CONFIG))
        .then()
        .statusCode(400)
        .body("message", containsString("'gateway' is set in agent.yaml on the controller"));
    startRollout(admin, Map.of("config", CONFIG, "canaryPercent", 101)).then().statusCode(400);
    startRollout(admin, Map.of("config", CONFIG, "trialSeconds", 61)).then().statusCode(400);
    startRollout(admin, Map.of("config", CONFIG, "devices", List.of("flt-nope")))
        .then()
        .statusCode(404);
  }

  @Test
  void viewersSeeTheFleetManagersChangeItOthersDoNotSeeIt() {
    Api viewer = admin.user("flt-viewer", "enterprise-viewer", null, ENT);
    Api other = admin.user("flt-other-admin", "enterprise-admin", null, "flt-other");
    Api operator = admin.user("flt-operator", "park-operator", PARK, null);
    Map<String, Object> body = Map.of("config", CONFIG);

    viewer.request().get("/api/v1/enterprises/{e}/fleet", ENT).then().statusCode(200);
    configure(viewer, "flt-solo", body).then().statusCode(403);
    startRollout(viewer, body).then().statusCode(403);
    other.request().get("/api/v1/enterprises/{e}/fleet", ENT).then().statusCode(404);
    other
        .request()
        .get("/api/v1/enterprises/{e}/devices/{d}/agent-config", ENT, "flt-good")
        .then()
        .statusCode(404);
    other
        .request()
        .get("/api/v1/enterprises/{e}/devices/{d}/agent-config", "flt-other", "flt-good")
        .then()
        .statusCode(404);
    other.request().get("/api/v1/enterprises/{e}/rollouts", ENT).then().statusCode(404);
    other.request().get("/api/v1/parks/{p}/fleet", PARK).then().statusCode(200);
    assertThat(
            other
                .request()
                .get("/api/v1/parks/{p}/fleet", PARK)
                .then()
                .extract()
                .jsonPath()
                .getList("enterprise", String.class))
        .containsOnly("flt-other")
        .isNotEmpty();
    assertThat(
            operator
                .request()
                .get("/api/v1/parks/{p}/fleet", PARK)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("device", String.class))
        .contains("flt-good", "flt-c1", "flt-solo");
  }

  @Test
  void theAuditLogKeepsTheRolloutNotItsText() {
    agents.behave("flt-c2", FakeAgents.SILENT);
    long id =
        startRollout(
                admin,
                Map.of("config", CONFIG, "devices", List.of("flt-c2"), "comment", "audit me"))
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    // One running rollout per agent.
    startRollout(admin, Map.of("config", CONFIG, "devices", List.of("flt-c2")))
        .then()
        .statusCode(409);
    admin
        .request()
        .post("/api/v1/enterprises/{e}/rollouts/{id}/cancel", ENT, id)
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("cancelled"));

    String audit =
        admin
            .request()
            .get("/api/v1/audit?enterprise=" + ENT)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(audit).contains("agent.rollout", "audit me", AgentFleet.hash(CONFIG));
    assertThat(audit).doesNotContain("simulator");
  }

  @Test
  void thePortalShowsTheFleetAndSendsFromItsEditor() {
    Api operator = admin.user("flt-portal-op", "park-operator", PARK, null);
    Api viewer = admin.user("flt-portal-viewer", "enterprise-viewer", null, "flt-other");
    agents.behave("flt-good", FakeAgents.APPLY);
    long id =
        startRollout(admin, Map.of("config", CONFIG, "devices", List.of("flt-good")))
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getLong("id");
    awaitRollout(id, "done");

    String page = portal(operator).get("/portal/fleet").then().statusCode(200).extract().asString();
    assertThat(page).contains("id=\"fleet-table\"", "data-agent=\"flt-good\"", "1.2.3-test");
    assertThat(page).contains("data-rollout=\"" + id + "\"", "id=\"start-rollout\"");
    // Another enterprise's viewer sees none of it, and no form.
    String other = portal(viewer).get("/portal/fleet").then().statusCode(200).extract().asString();
    assertThat(other).doesNotContain("flt-good").doesNotContain("start-rollout");
    portal(viewer).get("/portal/fleet/{e}/{d}", ENT, "flt-good").then().statusCode(404);

    String editor =
        portal(operator)
            .get("/portal/fleet/{e}/{d}", ENT, "flt-good")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(editor).contains("id=\"agent-config\"", "press-01", "id=\"send-config\"");

    // A written-out password is refused on the form, named by its line, and not shown back.
    String refused =
        portal(operator)
            .formParam(
                "config", CONFIG + "  - device: oven\n    opcua: {password: hunter2-secret}\n")
            .formParam("trialSeconds", "10")
            .post("/portal/fleet/{e}/{d}", ENT, "flt-good")
            .then()
            .statusCode(400)
            .extract()
            .asString();
    assertThat(refused).contains("id=\"agent-error\"", "is written out");
    assertThat(refused).doesNotContain("hunter2");
    portal(operator)
        .formParam("config", CONFIG_2)
        .formParam("trialSeconds", "10")
        .formParam("comment", "from the portal")
        .post("/portal/fleet/{e}/{d}", ENT, "flt-good")
        .then()
        .statusCode(303);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        portal(operator)
                            .get("/portal/fleet/{e}/{d}", ENT, "flt-good")
                            .then()
                            .extract()
                            .asString())
                    .contains("from the portal")
                    .contains("data-state=\"applied\""));
  }

  private static io.restassured.specification.RequestSpecification portal(Api who) {
    return io.restassured.RestAssured.given().auth().oauth2(who.token()).redirects().follow(false);
  }

  /** Sends a configuration to one agent of the enterprise as {@code who}. */
  private static io.restassured.response.Response configure(
      Api who, String device, Map<String, ?> body) {
    return who.request()
        .body(body)
        .put("/api/v1/enterprises/{e}/devices/{d}/agent-config", ENT, device);
  }

  /** Starts a rollout to the enterprise's agents as {@code who}. */
  private static io.restassured.response.Response startRollout(Api who, Map<String, ?> body) {
    return who.request().body(body).post("/api/v1/enterprises/{e}/rollouts", ENT);
  }

  private static JsonPath rolloutOf(long id) {
    return admin
        .request()
        .get("/api/v1/enterprises/{e}/rollouts/{id}", ENT, id)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static JsonPath awaitRollout(long id, String state) {
    JsonPath[] last = new JsonPath[1];
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              last[0] =
                  admin
                      .request()
                      .get("/api/v1/enterprises/{e}/rollouts/{id}", ENT, id)
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath();
              return state.equals(last[0].getString("state"));
            });
    return last[0];
  }

  private static void controller(String enterprise, String id) {
    admin
        .request()
        .body(Map.of("id", id, "name", "Controller " + id, "type", "controller"))
        .post("/api/v1/enterprises/{e}/devices", enterprise)
        .then()
        .statusCode(201);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String topic(ParkTopic.Kind kind) {
    return new ParkTopic("parkpulse", PARK, kind).name();
  }

  /**
   * Agents behind a gateway, played by the test: each answers {@code configure} as its behaviour
   * says, and reports the trial's outcome on the events topic.
   */
  static final class FakeAgents extends Thread {
    static final String APPLY = "apply";
    static final String ROLL_BACK = "roll-back";
    static final String REFUSE = "refuse";
    static final String SILENT = "silent";

    private final Map<String, String> behaviour = new ConcurrentHashMap<>();
    private final Map<String, List<CommandRequest>> received = new ConcurrentHashMap<>();
    private final KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer());

    FakeAgents() {
      super("fake-agents");
      setDaemon(true);
    }

    void behave(String device, String how) {
      behaviour.put(device, how);
    }

    List<CommandRequest> received(String device) {
      return received.getOrDefault(device, List.of());
    }

    @Override
    public void run() {
      String commands = topic(ParkTopic.Kind.COMMANDS);
      try (KafkaConsumer<String, byte[]> consumer = TopicReader.atEnd(commands)) {
        while (!isInterrupted()) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            CommandRequest request = new CommandRequestCodec().decode(record.value());
            String device = request.device().device();
            received.computeIfAbsent(device, d -> new CopyOnWriteArrayList<>()).add(request);
            String how = behaviour.getOrDefault(device, SILENT);
            if (request.name().equals("configure") && !how.equals(SILENT)) {
              act(request, how);
            }
          }
        }
      } catch (org.apache.kafka.common.errors.InterruptException e) {
        // stopped
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        producer.close();
      }
    }

    private void act(CommandRequest request, String how) throws Exception {
      JsonNode payload = read(request.payload());
      int version = payload.get("version").asInt();
      String hash = AgentFleet.hash(payload.get("config").asText());
      if (how.equals(REFUSE)) {
        answer(
            request,
            400,
            "{\"error\":\"the configuration has problems\",\"problems\":[\"managed-v"
                + version
                + ".yaml line 3: simulator.interval is 'x'\"],\"version\":"
                + version
                + "}");
        return;
      }
      answer(request, 202, "{\"version\":" + version + ",\"state\":\"trial\"}");
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("agentVersion", "1.2.3-test");
      boolean applied = how.equals(APPLY);
      status.put("configVersion", applied ? version : 0);
      status.put("configHash", applied ? hash : "0".repeat(64));
      status.put("configState", "applied");
      status.put("lastVersion", version);
      status.put("lastOutcome", applied ? "applied" : "rolled-back");
      status.put(
          "lastReason",
          applied ? "" : "machine plc-7 took no reading within 5 s: connect timed out");
      status.put("lastAt", Instant.now().toString());
      status.put("machines", 1);
      status.put("machinesOk", 1);
      event(request.device(), status);
    }

    private void answer(CommandRequest request, int status, String payload) throws Exception {
      send(
          topic(ParkTopic.Kind.COMMAND_RESPONSES),
          request.device(),
          new CommandResponseCodec()
              .encode(
                  new CommandResponse(
                      PARK,
                      request.device(),
                      request.requestId(),
                      status,
                      payload,
                      Instant.now())));
    }

    private void event(DeviceRef device, Map<String, Object> attributes) throws Exception {
      send(
          topic(ParkTopic.Kind.EVENTS),
          device,
          new EventCodec()
              .encode(new DeviceEvent(PARK, device, "agent.status", Instant.now(), attributes)));
    }

    private void send(String topic, DeviceRef device, byte[] value) throws Exception {
      producer
          .send(new ProducerRecord<>(topic, device.kafkaKey(), value))
          .get(30, TimeUnit.SECONDS);
    }
  }
}
