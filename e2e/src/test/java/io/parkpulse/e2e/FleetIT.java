package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Fleet management with every part real: two edge agents in their own process (so that it can be
 * killed), the gateway, Kafka, the platform and its database. The park's operator sends a good
 * configuration, a bad one that the agent rolls back by itself, a canary rollout that stops at its
 * first failure, and a configuration during whose trial the agent is killed with SIGKILL; then the
 * fleet page and the editor in the browser. Every reading is stored, without a gap in its seq.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

  private static final String PARK = "fl-park";
  private static final String ENT = "fl-ent";
  private static final String A = "fl-agent-a";
  private static final String B = "fl-agent-b";
  private static final String OPERATOR = "fl-operator";
  private static final String PASSWORD = "fleet-operator-password";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GOOD =
      "# one simulated machine, sampled faster\nmachines:\n"
          + "  - simulator: { interval: 100ms, seed: 7 }\n";

  private static final List<ManagedProcess> running = new ArrayList<>();
  private static Apps apps;
  private static Path work;
  private static PlatformClient admin;
  private static String base;
  private static String bad;
  private static List<String> agentCommand;
  private static ManagedProcess agents;
  private static int mqttPort;

  @BeforeAll
  static void startTheStackAndTwoAgents() throws Exception {
    work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work")).resolve("fleet");
    Files.createDirectories(work);
    ManagedProcess.stopLeftovers(work.resolve("run"));
    apps = new Apps(work);
    int port = Ports.free();
    ManagedProcess platform =
        track(
            apps.platform(
                Path.of(System.getProperty("parkpulse.platform.jar")),
                port,
                E2e.kafka(),
                Postgres.sharedForTests().database(),
                E2e.ADMIN_PASSWORD,
                Map.of("PARKPULSE_PLATFORM_FLEET_INTERVAL", "1S")));
    // The gateway starts once the platform has created the registry topic.
    platform.awaitHttpOk(Apps.readyUrl(port), Duration.ofSeconds(120));
    mqttPort = Ports.free();
    int gatewayPort = Ports.free();
    ManagedProcess gateway =
        track(
            apps.gateway(
                Path.of(System.getProperty("parkpulse.gateway.jar")),
                gatewayPort,
                mqttPort,
                E2e.kafka()));
    gateway.awaitHttpOk(Apps.readyUrl(gatewayPort), Duration.ofSeconds(120));
    base = "http://127.0.0.1:" + port;
    admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    admin.ensurePark(PARK, "智能制造产业园");
    admin.ensureEnterprise(PARK, ENT, "精密机械", "machining", "small");
    admin.createIfAbsent(
        "/api/v1/users",
        Map.of(
            "id", OPERATOR,
            "displayName", "园区运营",
            "password", PASSWORD,
            "role", "park-operator",
            "park", PARK));
    Path a = agentFile(A, controllerSecret(A, "一号线控制器"));
    Path b = agentFile(B, controllerSecret(B, "二号线控制器"));
    // A Modbus device that refuses: nothing listens on this port.
    bad =
        "machines:\n  - modbus:\n      host: 127.0.0.1\n      port: "
            + Ports.free()
            + "\n      timeout: 300ms\n      groups:\n        - interval: 500ms\n"
            + "          points:\n            - { name: power_kw, area: holding, address: 0,"
            + " type: uint16 }\n";
    agentCommand =
        ManagedProcess.javaCommand(
            List.of("-Xmx96m"),
            "-cp",
            System.getProperty("java.class.path"),
            "io.parkpulse.agent.AgentMain",
            "run",
            a.toString(),
            b.toString());
    agents = track(apps.start("fleet-agents", agentCommand, Map.of()));
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(agent(A).path("configVersion").asInt(-1)).isZero();
              assertThat(agent(B).path("configVersion").asInt(-1)).isZero();
            });
  }

  @AfterAll
  static void stop() {
    running.forEach(ManagedProcess::close);
  }

  @Test
  @Order(1)
  void aGoodConfigurationIsAppliedAndReported() throws Exception {
    long id =
        admin
            .put(
                "/api/v1/enterprises/" + ENT + "/devices/" + A + "/agent-config",
                Map.of("config", GOOD, "trialSeconds", 10, "comment", "faster sampling"))
            .get("id")
            .asLong();

    JsonNode done = awaitRollout(id, "done");
    assertThat(done.at("/targets/0/state").asText()).isEqualTo("applied");
    JsonNode a = agent(A);
    assertThat(a.path("configVersion").asInt()).isEqualTo(1);
    assertThat(a.path("lastOutcome").asText()).isEqualTo("applied");
    assertThat(a.path("drift").asBoolean()).isFalse();
    assertThat(a.path("agentVersion").asText()).isNotBlank();
    assertThat(a.path("machinesOk").asInt()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void aCanaryThatCannotReachItsMachineRollsBackAndStopsTheRollout() throws Exception {
    long before = status(A).path("maxSeq").asLong();
    long id =
        admin
            .post(
                "/api/v1/enterprises/" + ENT + "/rollouts",
                Map.of(
                    "config",
                    bad,
                    "devices",
                    List.of(B, A),
                    "canaryPercent",
                    50,
                    "trialSeconds",
                    5))
            .get("id")
            .asLong();

    long started = System.nanoTime();
    JsonNode stopped = awaitRollout(id, "stopped");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("rolled back within its trial of 5 s, reported and seen by the next run")
        .isLessThan(Duration.ofSeconds(20));
    assertThat(stopped.at("/targets/0/device").asText()).isEqualTo(A);
    assertThat(stopped.at("/targets/0/state").asText()).isEqualTo("failed");
    assertThat(stopped.at("/targets/1/device").asText()).isEqualTo(B);
    assertThat(stopped.at("/targets/1/state").asText()).isEqualTo("skipped");
    assertThat(stopped.path("stopReason").asText()).startsWith(A + ": rolled-back: ").contains(A);

    JsonNode a = agent(A);
    assertThat(a.path("configVersion").asInt()).as("back on its working version").isEqualTo(1);
    assertThat(a.path("lastVersion").asInt()).isEqualTo(2);
    assertThat(a.path("lastOutcome").asText()).isEqualTo("rolled-back");
    assertThat(a.path("drift").asBoolean()).isTrue();
    JsonNode b = agent(B);
    assertThat(b.path("configVersion").asInt()).isZero();
    assertThat(b.path("desiredVersion").isNull()).as("B was never sent it").isTrue();
    // Collecting again after the rollback.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(A).path("maxSeq").asLong() > before + 20);
  }

  @Test
  @Order(3)
  void anAgentKilledDuringATrialComesBackOnItsWorkingConfiguration() throws Exception {
    long id =
        admin
            .put(
                "/api/v1/enterprises/" + ENT + "/devices/" + B + "/agent-config",
                Map.of("config", bad, "trialSeconds", 60))
            .get("id")
            .asLong();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> agent(B).path("configState").asText().equals("trial"));
    assertThat(rollout(id).at("/targets/0/state").asText()).isEqualTo("sent");
    long before = status(B).path("maxSeq").asLong();

    agents.kill();
    running.remove(agents);
    agents = track(apps.start("fleet-agents", agentCommand, Map.of()));

    JsonNode stopped = awaitRollout(id, "stopped");
    assertThat(stopped.at("/targets/0/reason").asText())
        .startsWith("rolled-back: ")
        .contains("stopped during the trial of version 1");
    JsonNode b = agent(B);
    assertThat(b.path("configVersion").asInt()).as("back on its agent.yaml").isZero();
    assertThat(b.path("configState").asText()).isEqualTo("applied");
    assertThat(agent(A).path("configVersion").asInt()).as("A kept its version").isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(B).path("maxSeq").asLong() > before + 20);
  }

  @Test
  @Order(4)
  void noReadingWasLostAcrossTrialsRollbacksAndTheKill() {
    for (String device : List.of(A, B)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode s = status(device);
                assertThat(s.path("missing").asLong()).as(device + " missing seqs").isZero();
                assertThat(s.path("readings").asLong())
                    .as(device + ": every seq from 1 to the highest stored once")
                    .isEqualTo(s.path("maxSeq").asLong());
              });
    }
  }

  @Test
  @Order(5)
  void theFleetPageAndTheEditorInTheBrowser() throws Exception {
    Path shots = work.getParent().resolveSibling("portal-screenshots");
    ChromeDriver browser = Browser.open("zh-CN");
    try {
      browser.get(base + "/portal/login");
      Browser.fill(browser, "#user", OPERATOR);
      Browser.fill(browser, "#password", PASSWORD);
      Browser.submit(browser, browser.findElement(By.id("sign-in")));
      browser.get(base + "/portal/fleet");
      assertThat(text(browser, "tr[data-agent='" + A + "'] td.running")).startsWith("v1");
      assertThat(text(browser, "tr[data-agent='" + A + "'] td.last")).contains("已回滚");
      assertThat(text(browser, "tr[data-agent='" + B + "'] td.running")).isEqualTo("agent.yaml");
      assertThat(text(browser, "#rollout-table")).contains("已停止", "已跳过");
      Browser.screenshot(browser, shots, "portal-fleet");

      browser.get(base + "/portal/language/en?next=/portal/fleet/" + ENT + "/" + A);
      assertThat(text(browser, "#agent-reason")).contains(A);
      Browser.fill(browser, "#agent-config", GOOD.replace("100ms", "200ms"));
      Browser.fill(browser, "#agent-comment", "back to 200 ms");
      Browser.submit(browser, browser.findElement(By.id("send-config")));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                browser.navigate().refresh();
                assertThat(text(browser, "#agent-running")).startsWith("v3");
                assertThat(text(browser, "#agent-last")).contains("v3 applied");
              });
      assertThat(text(browser, "#agent-history")).contains("back to 200 ms", "v2 failed");
      Browser.screenshot(browser, shots, "portal-fleet-agent");
    } finally {
      browser.quit();
    }
  }

  private static String text(ChromeDriver browser, String css) {
    return browser.findElement(By.cssSelector(css)).getText().strip();
  }

  private static JsonNode agent(String device) throws Exception {
    return JSON.readTree(
            admin.get("/api/v1/enterprises/" + ENT + "/devices/" + device + "/agent-config"))
        .get("agent");
  }

  private static JsonNode status(String device) throws Exception {
    return JSON.readTree(
        admin.get("/api/v1/enterprises/" + ENT + "/devices/" + device + "/status"));
  }

  private static JsonNode rollout(long id) throws Exception {
    return JSON.readTree(admin.get("/api/v1/enterprises/" + ENT + "/rollouts/" + id));
  }

  private static JsonNode awaitRollout(long id, String state) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              last[0] = rollout(id);
              return last[0].path("state").asText().equals(state);
            });
    return last[0];
  }

  /** A controller's device: an agent, listed in the fleet before it first reports. */
  private static String controllerSecret(String id, String name) throws Exception {
    return admin
        .post(
            "/api/v1/enterprises/" + ENT + "/devices",
            Map.of("id", id, "name", name, "type", "controller"))
        .get("secret")
        .asText();
  }

  private static Path agentFile(String device, String secret) throws Exception {
    Path file = work.resolve(device + ".yaml");
    Files.write(
        file,
        List.of(
            "gateway:",
            "  uri: tcp://127.0.0.1:" + mqttPort,
            "device:",
            "  enterprise: " + ENT,
            "  id: " + device,
            "  secret: \"" + secret + "\"",
            "state-dir: state-" + device + "-" + System.nanoTime(),
            "machines:",
            "  - simulator: { interval: 200ms, seed: 3 }"));
    return file;
  }

  private static ManagedProcess track(ManagedProcess process) {
    running.add(process);
    return process;
  }
}
