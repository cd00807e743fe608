package io.parkpulse.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parkpulse.agent.config.ConfigLoader;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code configure} command as the platform sends it, through a real MQTT broker, to a running
 * agent: a managed configuration is tried and applied, a failing one is rolled back by the agent
 * itself, an invalid one is refused with its lines, and a trial cut by a stop is rolled back at the
 * next start. The agent's {@code agent.status} events are read from the broker's {@code event}
 * topic, and the readings it sends from {@code telemetry/acme/{device}}.
 */
class ConfigureIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String GOOD =
      """
      machines:
        - device: sim-01
          simulator: { interval: 100ms }
        - device: sim-02
          simulator: { interval: 100ms, seed: 2 }
      """;

  private final Path work = TestDirs.create("agent-configure");
  private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final Map<String, Set<Long>> seqs = new ConcurrentHashMap<>();
  private ManagedProcess broker;
  private MqttClient operator;
  private Thread agent;
  private Path config;
  private int closedPort;

  @BeforeEach
  void start() throws Exception {
    int port = Ports.free();
    broker = new Apps(work).mosquitto(port, work.resolve("mosquitto"));
    // A port nothing listens on: a Modbus machine there is refused at once.
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    config = work.resolve("agent.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "gateway:",
            "  uri: tcp://127.0.0.1:" + port,
            "device:",
            "  enterprise: acme",
            "  id: line1",
            "  secret: s3cret",
            "state-dir: state",
            "machines:",
            "  - device: sim-01",
            "    simulator: { interval: 100ms }",
            ""));

    operator = new MqttClient("tcp://127.0.0.1:" + port, "operator", new MemoryPersistence());
    operator.connect();
    operator.subscribe(
        "command///res/#",
        1,
        (topic, message) -> {
          String[] parts = topic.split("/");
          answers.put(parts[4], JSON.readTree(message.getPayload()));
          statuses.put(parts[4], Integer.parseInt(parts[5]));
        });
    operator.subscribe(
        "event",
        1,
        (topic, message) -> {
          JsonNode payload = JSON.readTree(message.getPayload());
          if (payload.isArray()) {
            payload.forEach(events::add);
          }
        });
    operator.subscribe(
        "telemetry/#",
        1,
        (topic, message) -> {
          String device = topic.substring(topic.lastIndexOf('/') + 1);
          for (JsonNode reading : JSON.readTree(message.getPayload())) {
            seqs.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet())
                .add(reading.get("seq").asLong());
          }
        });
    startAgent();
  }

  @AfterEach
  void stop() throws Exception {
    stopAgent();
    operator.disconnect();
    operator.close();
    broker.close();
  }

  @Test
  void appliesAGoodConfigurationAndRollsBackAFailingOneWithoutAGapInTheReadings() throws Exception {
    JsonNode first = awaitStatusEvent(a -> a.get("configVersion").asInt() == 0);
    assertThat(first.path("agentVersion").asText()).isEqualTo("dev");
    assertThat(first.path("configHash").asText()).isEqualTo(ConfigLoader.load(config).configHash());
    assertThat(first.path("configState").asText()).isEqualTo("applied");
    assertThat(first.has("lastOutcome")).isFalse();
    long sim01Before = send("s0", "status", "").at("/machines/sim-01/readings").asLong();

    JsonNode started = send("c1", "configure", configure(1, GOOD, null));
    assertThat(statuses.get("c1")).as(started.toString()).isEqualTo(202);
    assertThat(started.get("state").asText()).isEqualTo("trial");
    assertThat(started.get("trialSeconds").asInt()).isEqualTo(30);
    assertThat(started.get("hash").asText()).isEqualTo(new ConfigLoader.Managed(1, GOOD).hash());

    JsonNode applied =
        awaitStatusEvent(
            a ->
                a.path("lastOutcome").asText().equals("applied")
                    && a.path("lastVersion").asInt() == 1);
    assertThat(applied.get("configVersion").asInt()).isEqualTo(1);
    assertThat(applied.get("configHash").asText()).isEqualTo(started.get("hash").asText());
    assertThat(applied.get("configState").asText()).isEqualTo("applied");
    assertThat(applied.get("lastReason").asText()).isEmpty();
    assertThat(applied.get("machines").asInt()).isEqualTo(2);
    JsonNode status = send("s1", "status", "");
    assertThat(status.at("/config/version").asInt()).isEqualTo(1);
    assertThat(status.at("/config/state").asText()).isEqualTo("applied");
    assertThat(status.at("/machines/sim-02/readings").asLong()).isPositive();
    // sim-01's settings did not change: its collector ran on, its count never went back to 0.
    assertThat(status.at("/machines/sim-01/readings").asLong()).isGreaterThan(sim01Before);

    String failing =
        GOOD
            + String.join(
                "\n",
                "  - device: plc-7",
                "    modbus:",
                "      host: 127.0.0.1",
                "      port: " + closedPort,
                "      timeout: 500ms",
                "      groups:",
                "        - points:",
                "            - { name: power_kw, area: holding, address: 0 }",
                "");
    send("c2", "configure", configure(2, failing, 5));
    assertThat(statuses.get("c2")).as(answers.get("c2").toString()).isEqualTo(202);
    JsonNode during = awaitStatusEvent(a -> a.path("configState").asText().equals("trial"));
    assertThat(during.get("trialVersion").asInt()).isEqualTo(2);
    assertThat(during.get("configVersion").asInt()).isEqualTo(1);
    send("c3", "configure", configure(3, GOOD, null));
    assertThat(statuses.get("c3")).isEqualTo(409);
    assertThat(answers.get("c3").get("error").asText())
        .isEqualTo("a trial of version 2 is running; wait for its outcome");

    JsonNode rolledBack =
        awaitStatusEvent(a -> a.path("lastOutcome").asText().equals("rolled-back"));
    assertThat(rolledBack.get("lastVersion").asInt()).isEqualTo(2);
    assertThat(rolledBack.get("lastReason").asText())
        .startsWith("machine plc-7 took no reading within 5 s: ");
    assertThat(rolledBack.get("configVersion").asInt()).isEqualTo(1);
    assertThat(rolledBack.get("configState").asText()).isEqualTo("applied");
    assertThat(rolledBack.has("trialVersion")).isFalse();
    status = send("s2", "status", "");
    assertThat(status.at("/machines").has("plc-7")).isFalse();
    assertThat(status.at("/config/lastOutcome").asText()).isEqualTo("rolled-back");

    // Sent again, the applied version is confirmed; an older version with another text is not.
    send("c4", "configure", configure(1, GOOD, null));
    assertThat(statuses.get("c4")).isEqualTo(200);
    assertThat(answers.get("c4").get("state").asText()).isEqualTo("applied");
    send("c5", "configure", configure(1, GOOD + "# changed\n", null));
    assertThat(statuses.get("c5")).isEqualTo(409);
    assertThat(answers.get("c5").get("error").asText())
        .isEqualTo("version 1 is not newer than the applied version 1");

    // reload rereads agent.yaml, whose machines are only sim-01, and keeps the managed ones.
    send("r1", "reload", "");
    assertThat(statuses.get("r1")).as(answers.get("r1").toString()).isEqualTo(200);
    assertThat(answers.get("r1").get("configVersion").asInt()).isEqualTo(1);
    assertThat(answers.get("r1").get("machines").asInt()).isEqualTo(2);
    assertThat(send("s4", "status", "").at("/machines").has("sim-02")).isTrue();

    // Every reading of sim-01, taken across both trials, reached the broker: no gap.
    long last = send("s3", "status", "").at("/machines/sim-01/lastSeq").asLong();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> seqs.getOrDefault("sim-01", Set.of()).contains(last));
    assertNoGap(seqs.get("sim-01"), last);
  }

  @Test
  void refusesAnInvalidConfigurationWithItsLinesAndABadPayload() throws Exception {
    awaitStatusEvent(a -> true);
    JsonNode refused =
        send(
            "v1",
            "configure",
            configure(
                4,
                "machines:\n  - device: sim-02\n    simulator: { interval: often }\n"
                    + "gateway:\n  uri: tcp://elsewhere:1883\n",
                null));
    assertThat(statuses.get("v1")).isEqualTo(400);
    assertThat(refused.get("error").asText()).isEqualTo("the configuration has problems");
    assertThat(refused.get("version").asInt()).isEqualTo(4);
    assertThat(refused.get("problems"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "managed-v4.yaml line 4: gateway is set in agent.yaml on the controller, not"
                + " remotely",
            "managed-v4.yaml line 3: machines[0].simulator.interval is 'often'; write a duration"
                + " like 500ms, 1s or 5m");
    JsonNode rejected = awaitStatusEvent(a -> a.path("lastOutcome").asText().equals("rejected"));
    assertThat(rejected.get("lastVersion").asInt()).isEqualTo(4);
    assertThat(rejected.get("configVersion").asInt()).isZero();
    assertThat(rejected.get("lastReason").asText().length()).isLessThanOrEqualTo(250);

    send("v2", "configure", "{\"config\": \"machines: []\"}");
    assertThat(statuses.get("v2")).isEqualTo(400);
    assertThat(answers.get("v2").get("error").asText()).contains("version");
    send("v3", "configure", "{\"version\": 5}");
    assertThat(statuses.get("v3")).isEqualTo(400);
    assertThat(answers.get("v3").get("error").asText()).contains("config");
    send("v4", "configure", configure(5, GOOD, 2));
    assertThat(statuses.get("v4")).isEqualTo(400);
    assertThat(answers.get("v4").get("error").asText()).contains("trialSeconds");
    assertThat(send("v5", "status", "").at("/config/lastOutcome").asText()).isEqualTo("rejected");
  }

  @Test
  void aStopDuringATrialGoesBackToTheAppliedConfigurationAtTheNextStart() throws Exception {
    send("a1", "configure", configure(1, GOOD, null));
    assertThat(statuses.get("a1")).isEqualTo(202);
    awaitStatusEvent(a -> a.path("lastOutcome").asText().equals("applied"));
    String failing =
        GOOD
            + String.join(
                "\n",
                "  - device: plc-7",
                "    modbus:",
                "      host: 127.0.0.1",
                "      port: " + closedPort,
                "      groups:",
                "        - points:",
                "            - { name: power_kw, area: holding, address: 0 }",
                "");
    send("a2", "configure", configure(2, failing, 60));
    assertThat(statuses.get("a2")).isEqualTo(202);
    assertThat(send("a3", "status", "").at("/config/trialVersion").asInt()).isEqualTo(2);

    // The agent stops in the middle of the trial, which nothing ends.
    stopAgent();
    assertThat(Files.readString(work.resolve("state/managed/state.json"))).contains("\"trial\"");
    events.clear();
    startAgent();

    JsonNode back = awaitStatusEvent(a -> a.path("lastOutcome").asText().equals("rolled-back"));
    assertThat(back.get("lastVersion").asInt()).isEqualTo(2);
    assertThat(back.get("lastReason").asText())
        .isEqualTo("the agent stopped during the trial of version 2; back on version 1");
    assertThat(back.get("configVersion").asInt()).isEqualTo(1);
    assertThat(back.get("configState").asText()).isEqualTo("applied");
    JsonNode status = send("a4", "status", "");
    assertThat(status.at("/machines").has("sim-02")).isTrue();
    assertThat(status.at("/machines").has("plc-7")).isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                JSON.readTree(work.resolve("state/status.json").toFile())
                        .at("/config/version")
                        .asInt()
                    == 1);
  }

  @Test
  void aCorruptStateFileLeavesTheAgentOnAgentYaml() throws Exception {
    send("k1", "configure", configure(1, GOOD, null));
    awaitStatusEvent(a -> a.path("lastOutcome").asText().equals("applied"));
    stopAgent();
    Files.writeString(work.resolve("state/managed/state.json"), "{\"applied\": {\"vers");
    events.clear();
    startAgent();

    JsonNode status = awaitStatusEvent(a -> true);
    assertThat(status.get("configVersion").asInt()).isZero();
    JsonNode answer = send("k2", "status", "");
    assertThat(answer.at("/config/problem").asText()).contains("state.json cannot be read");
    assertThat(answer.at("/machines").has("sim-02")).isFalse();
    assertThat(answer.at("/machines/sim-01/ok").asBoolean()).isTrue();
  }

  private void startAgent() throws Exception {
    agent = new Thread(new Agent(ConfigLoader.load(config)), "agent");
    agent.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> status("warm-up") == 200);
  }

  private void stopAgent() throws InterruptedException {
    agent.interrupt();
    agent.join(15_000);
    assertThat(agent.isAlive()).isFalse();
  }

  private static void assertNoGap(Set<Long> received, long upTo) {
    long first = received.stream().mapToLong(Long::longValue).min().orElseThrow();
    for (long seq = first; seq <= upTo; seq++) {
      assertThat(received).as("seq %d of sim-01", seq).contains(seq);
    }
  }

  private JsonNode awaitStatusEvent(java.util.function.Predicate<JsonNode> attributes) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                events.stream()
                    .filter(e -> e.path("type").asText().equals("agent.status"))
                    .map(e -> e.get("attributes"))
                    .filter(attributes)
                    .reduce((a, b) -> b)
                    .orElse(null),
            a -> a != null);
  }

  private static String configure(int version, String text, Integer trialSeconds) throws Exception {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("version", version);
    payload.put("config", text);
    if (trialSeconds != null) {
      payload.put("trialSeconds", trialSeconds);
    }
    return JSON.writeValueAsString(payload);
  }

  private JsonNode send(String id, String name, String payload) throws Exception {
    return send(id, name, payload, Duration.ofSeconds(20));
  }

  private JsonNode send(String id, String name, String payload, Duration within) throws Exception {
    answers.remove(id);
    operator.publish(
        "command///req/" + id + "/" + name, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    await().atMost(within).until(() -> answers.containsKey(id));
    return answers.get(id);
  }

  private int status(String id) throws Exception {
    try {
      // Sent before the agent subscribed, a command is lost: asked again every 2 s.
      send(id, "status", "", Duration.ofSeconds(2));
      return statuses.getOrDefault(id, 0);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return 0;
    }
  }
}
