package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parkpulse.agent.Agent;
import io.parkpulse.agent.config.ConfigLoader;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.gnss.LatLon;
import io.parkpulse.devstack.gnss.NmeaReceiver;
import io.parkpulse.devstack.gnss.Route;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The portal in a real browser against the running platform, gateway and Kafka: what a park
 * operator and an enterprise user see and do. Screenshots of the pages go to {@code
 * target/portal-screenshots} (those in {@code docs/images} come from here).
 */
class PortalIT {

  private static final String PARK = "portal-park";
  private static final String MAKER = "pt-precision";
  private static final String WEAVER = "pt-textiles";
  private static final String OPERATOR = "pt-operator";
  private static final String MAKER_ADMIN = "pt-maker-admin";
  private static final String PASSWORD = "portal-test-password";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private static final List<ManagedProcess> running = new ArrayList<>();
  private static int mqttPort;
  private static Path work;
  private static Path shots;
  private static String base;

  private ChromeDriver browser;

  @BeforeAll
  static void startTheStackAndSeedThePark() throws Exception {
    work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
    shots = work.resolveSibling("portal-screenshots");
    Files.createDirectories(work);
    ManagedProcess.stopLeftovers(work.resolve("run"));
    KafkaBroker broker = E2e.kafka();
    Database db = Postgres.sharedForTests().database();
    Apps apps = new Apps(work);
    mqttPort = Ports.free();
    int platformPort = Ports.free();
    ManagedProcess platform =
        apps.platform(
            Path.of(System.getProperty("parkpulse.platform.jar")),
            platformPort,
            broker,
            db,
            E2e.ADMIN_PASSWORD,
            Map.of(
                "PARKPULSE_PLATFORM_PORTAL_GATEWAY_URI",
                "tcp://127.0.0.1:" + mqttPort,
                "PARKPULSE_PLATFORM_ALARMS_RULES_REFRESH",
                "1S"));
    running.add(platform);
    platform.awaitHttpOk(Apps.readyUrl(platformPort), START_TIMEOUT);
    base = "http://127.0.0.1:" + platformPort;
    int gatewayHttp = Ports.free();
    ManagedProcess gateway =
        apps.gateway(
            Path.of(System.getProperty("parkpulse.gateway.jar")), gatewayHttp, mqttPort, broker);
    running.add(gateway);
    gateway.awaitHttpOk(Apps.readyUrl(gatewayHttp), START_TIMEOUT);

    PlatformClient admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    admin.ensurePark(PARK, "滨江数字产业园");
    admin.ensureEnterprise(PARK, MAKER, "精工机械有限公司", "machining", "small");
    admin.ensureEnterprise(PARK, WEAVER, "锦绣纺织有限公司", "textiles", "medium");
    admin.post(
        "/api/v1/users",
        Map.of(
            "id",
            OPERATOR,
            "displayName",
            "Park operator",
            "password",
            PASSWORD,
            "role",
            "park-operator",
            "park",
            PARK));
    admin.post(
        "/api/v1/users",
        Map.of(
            "id",
            MAKER_ADMIN,
            "displayName",
            "Maker admin",
            "password",
            PASSWORD,
            "role",
            "enterprise-admin",
            "park",
            PARK,
            "enterprise",
            MAKER));
    admin.post("/api/v1/enterprises/" + WEAVER + "/assessments", Map.of());
  }

  @AfterAll
  static void stopTheStack() {
    running.forEach(ManagedProcess::close);
  }

  @AfterEach
  void closeTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theParkOperatorSignsInAndTheOverviewShowsTheSeededEnterprises() throws Exception {
    browser = Browser.open("zh-CN");
    browser.get(base + "/portal");
    assertThat(browser.getCurrentUrl()).as("signing in first").contains("/portal/login");
    Browser.screenshot(browser, shots, "login");

    signIn(OPERATOR);

    assertThat(browser.getCurrentUrl()).endsWith("/portal/overview");
    List<String> names = rowNames();
    assertThat(names).contains("精工机械有限公司", "锦绣纺织有限公司");
    assertThat(text("#stat-enterprises")).isEqualTo(Integer.toString(names.size()));
    List<Integer> levelCounts =
        browser.findElements(By.cssSelector("#level-table tr:nth-child(2) td")).stream()
            .map(td -> Integer.parseInt(td.getText().strip()))
            .toList();
    assertThat(levelCounts).as("levels 0 to 5, then unassessed").hasSize(7);
    assertThat(levelCounts.stream().mapToInt(Integer::intValue).sum())
        .as("every enterprise is at a level or unassessed")
        .isEqualTo(names.size());
    assertThat(levelCounts.subList(0, 6).stream().mapToInt(Integer::intValue).sum())
        .as("the assessed textile maker")
        .isGreaterThanOrEqualTo(1);
    assertThat(text("#who")).contains(OPERATOR).contains("园区运营方");
    Browser.screenshot(browser, shots, "overview");

    submit(browser.findElement(By.id("lang-en")));
    assertThat(text("#logout")).isEqualTo("Sign out");
    assertThat(browser.getCurrentUrl()).as("back on the same page").endsWith("/portal/overview");
    submit(browser.findElement(By.id("lang-zh")));
    assertThat(text("#logout")).isEqualTo("退出");
  }

  @Test
  void aWrongPasswordIsRefusedWithAClearMessage() {
    browser = Browser.open("en");
    browser.get(base + "/portal/language/en?next=/portal/login");
    fill("#user", OPERATOR);
    fill("#password", "not-the-password");
    submit(browser.findElement(By.id("sign-in")));
    assertThat(text("#login-error")).isEqualTo("Unknown user or wrong password.");
    assertThat(browser.getCurrentUrl()).contains("/portal/login");
  }

  @Test
  void aDeviceProvisionedInThePortalComesOnlineOnceItsAgentConnects() throws Exception {
    browser = Browser.open("zh-CN");
    browser.get(base + "/portal/login");
    signIn(OPERATOR);
    browser.get(base + "/portal/enterprises/" + MAKER);
    submit(browser.findElement(By.id("new-device")));

    ((JavascriptExecutor) browser)
        .executeScript("document.querySelector('form.form').noValidate = true");
    fill("#id", "Bad Id!");
    submit(browser.findElement(By.id("create-device")));
    assertThat(text("#form-errors")).contains("设备编号").contains("设备名称");

    fill("#id", "pt-lathe-01");
    fill("#name", "数控车床 1");
    fill("#ratedPowerKw", "7,5");
    submit(browser.findElement(By.id("create-device")));
    String secret = text("#credential-secret");
    assertThat(secret).isNotBlank();
    assertThat(text("#credential-username")).isEqualTo("pt-lathe-01@" + MAKER);
    String yaml = browser.findElement(By.id("agent-yaml")).getText();
    assertThat(yaml).contains("secret: \"" + secret + "\"");

    Path state = Files.createTempDirectory(work, "portal-agent");
    Path file = work.resolve("portal-agent.yaml");
    Files.writeString(
        file,
        yaml.replace("/var/lib/parkpulse-agent", state.toString())
            .replace("interval: 2s", "interval: 200ms"));
    Thread agent = new Thread(new Agent(ConfigLoader.load(file)), "portal-agent");
    agent.start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                browser.get(base + "/portal/enterprises/" + MAKER);
                assertThat(text("tr[data-device='pt-lathe-01'] .status")).isEqualTo("在线");
              });
      submit(browser.findElement(By.linkText("pt-lathe-01")));
      assertThat(text("#device-status")).isEqualTo("在线");
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                browser.navigate().refresh();
                assertThat(
                        browser
                            .findElement(By.cssSelector(".chart[data-kind='rollups']"))
                            .getAttribute("data-loaded"))
                    .as("points drawn from the rollups API")
                    .isNotIn(null, "0");
              });
      Browser.screenshot(browser, shots, "device");

      fill("#command-name", "status");
      submit(browser.findElement(By.id("send-command")));
      assertThat(text("#command-status")).as("the agent answered").isEqualTo("200");
      assertThat(text("#command-body")).contains("pt-lathe-01@" + MAKER);
      assertThat(text("#command-table")).contains("status").contains(OPERATOR);
    } finally {
      agent.interrupt();
      agent.join(Duration.ofSeconds(30).toMillis());
    }
  }

  @Test
  void anAnswerVerifiedByTheOperatorRaisesTheEnterprisesScore() throws Exception {
    browser = Browser.open("zh-CN");
    browser.get(base + "/portal/login");
    signIn(MAKER_ADMIN);
    assertThat(browser.getCurrentUrl()).endsWith("/portal/enterprises/" + MAKER);
    double before = assessNow();

    String yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('output-day').value = arguments[0]", yesterday);
    fill("#output-quantity", "-5");
    submit(browser.findElement(By.id("save-output")));
    assertThat(text("#output-error")).as("the API's reason, naming the field").contains("quantity");
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('output-day').value = arguments[0]", yesterday);
    fill("#output-quantity", "1200");
    submit(browser.findElement(By.id("save-output")));
    assertThat(text("#production-table")).contains("1,200");

    submit(browser.findElement(By.id("open-questionnaire")));
    WebElement question = browser.findElement(By.cssSelector("[data-question='digital-plan']"));
    question.findElement(By.cssSelector("input[value='FULLY']")).click();
    Path plan = work.resolve("digital-plan.txt");
    Files.writeString(plan, "数字化转型规划 2026–2028");
    question.findElement(By.cssSelector("input[type='file']")).sendKeys(plan.toString());
    submit(question.findElement(By.cssSelector(".save-answer")));
    question = browser.findElement(By.cssSelector("[data-question='digital-plan']"));
    assertThat(question.findElement(By.cssSelector(".verification")).getText()).isEqualTo("待核验");
    assertThat(question.getText()).contains("digital-plan.txt");
    Browser.screenshot(browser, shots, "questionnaire");
    assertThat(question.findElements(By.cssSelector(".verify")))
        .as("only the park operator verifies")
        .isEmpty();

    browser.get(base + "/portal/enterprises/" + MAKER);
    double unverified = assessNow();
    assertThat(unverified).as("an unverified answer counts, capped").isGreaterThan(before);

    signOut();
    signIn(OPERATOR);
    browser.get(base + "/portal/enterprises/" + MAKER + "/questionnaire");
    submit(browser.findElement(By.cssSelector("[data-question='digital-plan'] .verify")));
    assertThat(text("[data-question='digital-plan'] .verification")).isEqualTo("已核验");

    browser.get(base + "/portal/enterprises/" + MAKER);
    double verified = assessNow();
    assertThat(verified).as("verified evidence scores in full").isGreaterThan(unverified);
    assertThat(text("#gap")).as("the gap names what to do next").isNotBlank();
    Browser.screenshot(browser, shots, "enterprise");
  }

  @Test
  void theOperatorProvisionsAnEnterpriseAndItsAdminAndDownloadsTheParkReport() {
    browser = Browser.open("zh-CN");
    browser.get(base + "/portal/login");
    signIn(OPERATOR);
    Object report =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(document.getElementById('report-pdf').href)"
                    + ".then(r => done(r.status + ' ' + r.headers.get('content-type')))");
    assertThat(report).isEqualTo("200 application/pdf");

    submit(browser.findElement(By.id("nav-admin")));
    fill("#ent-id", "pt-new-co");
    fill("#ent-name", "新成立电子科技");
    fill("#ent-industry", "electronics");
    submit(browser.findElement(By.id("create-enterprise")));
    assertThat(browser.getCurrentUrl()).endsWith("/portal/enterprises/pt-new-co");
    assertThat(text("#enterprise-name")).isEqualTo("新成立电子科技");

    browser.get(base + "/portal/admin");
    fill("#ent-id", "pt-new-co");
    fill("#ent-name", "Twice");
    fill("#ent-industry", "electronics");
    submit(browser.findElement(By.id("create-enterprise")));
    assertThat(text("#admin-error")).as("a taken id, with the API's reason").contains("pt-new-co");

    fill("#user-id", "pt-new-admin");
    fill("#user-name", "新成立 管理员");
    fill("#user-password", PASSWORD);
    new Select(browser.findElement(By.id("user-role"))).selectByValue("enterprise-admin");
    fill("#user-enterprise", "pt-new-co");
    submit(browser.findElement(By.id("create-user")));
    assertThat(browser.findElements(By.cssSelector("tr[data-user='pt-new-admin']"))).hasSize(1);
    assertThat(text("#audit-table")).contains("enterprise.create");

    signOut();
    signIn("pt-new-admin");
    assertThat(browser.getCurrentUrl()).endsWith("/portal/enterprises/pt-new-co");
  }

  @Test
  void theOperatorSetsTheParksShiftsAndLimitsAndAWrongValueIsNamed() throws Exception {
    browser = Browser.open("zh-CN");
    browser.get(base + "/portal/login");
    signIn(OPERATOR);
    browser.get(base + "/portal/admin/park");

    fill("#limit-device-messages", "fast");
    submit(browser.findElement(By.id("save-settings")));
    assertThat(text("#form-errors")).contains("每台设备每秒消息数");

    fill("#park-shifts", "早班 08:00 16:00\n中班 16:00 00:00");
    fill("#limit-device-messages", "500");
    submit(browser.findElement(By.id("save-settings")));
    assertThat(text("#settings-saved")).isNotBlank();

    PlatformClient admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    assertThat(admin.get("/api/v1/parks/" + PARK + "/limits"))
        .contains("\"deviceMessagesPerSecond\":500");
    assertThat(admin.get("/api/v1/parks/" + PARK)).contains("中班");
  }

  @Test
  void theOperatorIssuesAParkKafkaCredentialThatSeesOnlyTheParkAndRevokesIt() throws Exception {
    browser = Browser.open("en");
    browser.get(base + "/portal/login");
    signIn(OPERATOR);
    browser.get(base + "/portal/admin");
    submit(browser.findElement(By.id("kafka-credentials-link")));
    fill("#kafka-name", "Not A Name");
    submit(browser.findElement(By.id("issue-kafka")));
    assertThat(text("#kafka-error")).contains("name");

    fill("#kafka-name", "bi-tool");
    submit(browser.findElement(By.id("issue-kafka")));
    Browser.screenshot(browser, shots, "kafka-credential");
    Properties settings = new Properties();
    settings.load(new StringReader(text("#kafka-client-settings")));
    assertThat(settings.getProperty("sasl.jaas.config")).contains("park.portal-park.bi-tool");
    Map<String, Object> client = new HashMap<>();
    settings.stringPropertyNames().stream()
        .filter(k -> !k.equals("group.id"))
        .forEach(k -> client.put(k, settings.getProperty(k)));
    try (Admin integrator = Admin.create(client)) {
      assertThat(integrator.listTopics().names().get(30, TimeUnit.SECONDS))
          .isNotEmpty()
          .allSatisfy(topic -> assertThat(topic).startsWith("parkpulse." + PARK + "."));
    }

    browser.get(base + "/portal/admin/kafka");
    submit(browser.findElement(By.cssSelector("tr[data-credential='bi-tool'] button.revoke")));
    assertThat(browser.findElements(By.cssSelector("tr[data-credential='bi-tool']"))).isEmpty();
    try (Admin integrator = Admin.create(client)) {
      assertThatThrownBy(() -> integrator.listTopics().names().get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void anAlarmRaisedByTheDevicesDataIsAcknowledgedAndClosedByTheOperator() throws Exception {
    PlatformClient admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    String secret = admin.deviceSecret(WEAVER, "pt-oven-01", "定型机 1");
    admin.post(
        "/api/v1/alarm-rules",
        Map.of(
            "id",
            "pt-oven-hot",
            "park",
            PARK,
            "enterprise",
            WEAVER,
            "name",
            "Oven too hot",
            "point",
            "temperature_c",
            "condition",
            "above",
            "threshold",
            -1000.0,
            "forSeconds",
            0,
            "severity",
            "warning",
            "slaSeconds",
            3600));
    Path state = Files.createTempDirectory(work, "oven-agent");
    Path file = work.resolve("oven-agent.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "gateway:",
            "  uri: tcp://127.0.0.1:" + mqttPort,
            "device:",
            "  enterprise: " + WEAVER,
            "  id: pt-oven-01",
            "  secret: \"" + secret + "\"",
            "state-dir: " + state,
            "machines:",
            "  - simulator: { interval: 100ms, seed: 5, max-readings: 20 }",
            ""));
    Thread agent = new Thread(new Agent(ConfigLoader.load(file)), "oven-agent");
    agent.start();
    agent.join(Duration.ofSeconds(60).toMillis());

    browser = Browser.open("zh-CN");
    browser.get(base + "/portal/login");
    signIn(OPERATOR);
    String row = "tr[data-alarm] .alarm";
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              browser.get(base + "/portal/alarms?status=open");
              assertThat(text(row)).isEqualTo("未处理");
            });
    submit(browser.findElement(By.cssSelector("tr[data-alarm] .acknowledge")));
    browser.get(base + "/portal/alarms");
    assertThat(text(row)).isEqualTo("已确认");
    submit(browser.findElement(By.cssSelector("tr[data-alarm] .close")));
    // The status filter applies as it is chosen: portal.js, as the page's policy allows no inline
    // handler.
    new Select(browser.findElement(By.id("status"))).selectByValue("closed");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> browser.getCurrentUrl().endsWith("/portal/alarms?status=closed"));
    assertThat(text(row)).isEqualTo("已关闭");
    assertThat(text("#alarm-table")).contains(WEAVER + "/pt-oven-01");
  }

  /**
   * A forklift's edge agent reads a simulated BeiDou receiver (NMEA over TCP) as it drives into a
   * forbidden zone the operator drew on the map page: the alarm opens, the map shows the forklift
   * in the zone, the forklift drives out, the alarm clears, and the operator closes it.
   */
  @Test
  void aForkliftDrivingIntoAForbiddenZoneRaisesAnAlarmThatClearsWhenItLeaves() throws Exception {
    PlatformClient admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    admin.createIfAbsent(
        "/api/v1/profiles",
        Map.of(
            "id",
            "pt-forklift",
            "park",
            PARK,
            "name",
            "叉车定位",
            "points",
            List.of(
                gnssPoint("lat", "position.lat"),
                gnssPoint("lon", "position.lon"),
                gnssPoint("fix_quality", "position.fix_quality"),
                gnssPoint("satellites", "position.satellites"),
                gnssPoint("speed_kmh", "generic"))));
    admin.createIfAbsent(
        "/api/v1/enterprises/" + MAKER + "/devices",
        Map.of("id", "pt-forklift-01", "name", "叉车 1", "profile", "pt-forklift"));
    String secret = admin.deviceSecret(MAKER, "pt-forklift-01", "叉车 1");
    PlatformClient operator = PlatformClient.login(base, OPERATOR, PASSWORD);
    LatLon centre = new LatLon(31.2000, 121.5000);

    // The operator uploads the park's outline and draws the tank farm on the map page.
    Path outline = work.resolve("park-outline.geojson");
    Files.writeString(
        outline,
        "{\"type\":\"Feature\",\"properties\":{\"name\":\"厂区\"},\"geometry\":"
            + "{\"type\":\"Polygon\",\"coordinates\":["
            + centre.rectangle(400, 400)
            + "]}}");
    browser = Browser.open("zh-CN");
    signIn(OPERATOR);
    browser.get(base + "/portal/map");
    browser.findElement(By.id("outline-file")).sendKeys(outline.toAbsolutePath().toString());
    submit(browser.findElement(By.id("upload-outline")));
    assertThat(browser.findElements(By.id("no-map"))).isEmpty();
    assertThat(operator.get("/api/v1/parks/" + PARK + "/map")).contains("厂区");

    fill("#zone-id", "pt-tank-farm");
    fill("#zone-name", "油罐区");
    new Select(browser.findElement(By.id("zone-kind"))).selectByValue("forbidden");
    fill("#zone-corners", "121.5, 31.2\n121.6, 31.2");
    submit(browser.findElement(By.id("add-zone")));
    assertThat(text("#form-errors")).contains("at least 3 distinct corners");
    StringBuilder corners = new StringBuilder();
    for (List<Double> corner : centre.rectangle(100, 100)) {
      corners.append(corner.get(0)).append(", ").append(corner.get(1)).append('\n');
    }
    fill("#zone-corners", corners.toString());
    submit(browser.findElement(By.id("add-zone")));
    assertThat(text("tr[data-zone='pt-tank-farm']")).contains("油罐区").contains("禁入区");

    // From 150 m south of the zone's centre into it, at 10 m/s, one fix every 200 ms.
    LatLon south = centre.offset(-150, 0);
    NmeaReceiver receiver =
        NmeaReceiver.start(Route.through(10, south, centre).startingAfter(2), 200);
    int receiverPort = receiver.port();
    Path state = Files.createTempDirectory(work, "forklift-agent");
    Path file = work.resolve("forklift-agent.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "gateway:",
            "  uri: tcp://127.0.0.1:" + mqttPort,
            "device:",
            "  enterprise: " + MAKER,
            "  id: pt-forklift-01",
            "  secret: \"" + secret + "\"",
            "state-dir: " + state,
            "machines:",
            "  - gnss: { tcp: \"127.0.0.1:"
                + receiverPort
                + "\", interval: 200ms, "
                + "min-move-metres: 2, still-every: 1s }",
            ""));
    Thread agent = new Thread(new Agent(ConfigLoader.load(file)), "forklift-agent");
    agent.start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                browser.get(base + "/portal/alarms?status=open");
                assertThat(text("main")).contains("pt-tank-farm").contains("pt-forklift-01");
              });
      browser.get(base + "/portal/map");
      assertThat(text("tr[data-device='" + MAKER + "/pt-forklift-01'] .in-zones")).contains("油罐区");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> "1".equals(browser.findElement(By.id("park-map")).getAttribute("data-drawn")));
      Browser.screenshot(browser, shots, "map");

      // It drives out to the north: the alarm is cleared, and stays for the operator to close.
      receiver.close();
      receiver =
          NmeaReceiver.start(Route.through(10, centre, centre.offset(150, 0)), 200, receiverPort);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  operator
                      .get("/api/v1/alarms?status=open&enterprise=" + MAKER)
                      .matches("(?s).*\"rule\":\"pt-tank-farm\"[^}]*\"clearedAt\":\"[^\"]+\".*"));
      browser.get(base + "/portal/map");
      assertThat(text("tr[data-device='" + MAKER + "/pt-forklift-01'] .in-zones")).isEmpty();
      // Its last hour drawn on the map: the way in and out, several positions.
      browser
          .findElement(By.cssSelector("tr[data-device='" + MAKER + "/pt-forklift-01'] .show-track"))
          .click();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                String drawn = browser.findElement(By.id("park-map")).getAttribute("data-track");
                return drawn != null
                    && drawn.startsWith("pt-forklift-01 ")
                    && Integer.parseInt(drawn.substring("pt-forklift-01 ".length())) >= 5;
              });
      browser.get(base + "/portal/alarms?status=open");
      submit(
          browser.findElement(
              By.xpath(
                  "//tr[td[contains(., 'pt-tank-farm')]]//button[contains(@class, 'close')]")));
      assertThat(operator.get("/api/v1/alarms?status=open&enterprise=" + MAKER))
          .doesNotContain("pt-tank-farm");
    } finally {
      agent.interrupt();
      agent.join(Duration.ofSeconds(30).toMillis());
      receiver.close();
    }
  }

  private static Map<String, Object> gnssPoint(String name, String kind) {
    return Map.of(
        "name", name, "unit", "", "dataType", "number", "kind", kind, "intervalSeconds", 1);
  }

  @Test
  void thePlatformAdminCreatesAParkThatOpensEmptyWithWhatToDoNext() {
    browser = Browser.open("zh-CN");
    browser.get(base + "/portal/login");
    fill("#user", "admin");
    fill("#password", E2e.ADMIN_PASSWORD);
    submit(browser.findElement(By.id("sign-in")));
    browser.get(base + "/portal/admin");
    fill("#new-park-id", "pt-second-park");
    fill("#new-park-name", "第二园区");
    submit(browser.findElement(By.id("create-park")));

    assertThat(browser.getCurrentUrl()).endsWith("/portal/overview?park=pt-second-park");
    assertThat(text("h1")).isEqualTo("第二园区");
    assertThat(text("#empty")).contains("还没有企业");
  }

  @Test
  void onATabletThePagesFitTheScreen() {
    browser = Browser.open("zh-CN");
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(768, 1024));
    browser.get(base + "/portal/login");
    signIn(OPERATOR);
    for (String page :
        List.of("/portal/overview", "/portal/enterprises", "/portal/enterprises/" + MAKER)) {
      browser.get(base + page);
      Object overflow =
          ((JavascriptExecutor) browser)
              .executeScript(
                  "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
      assertThat(((Number) overflow).intValue())
          .as(page + ": no sideways scrolling")
          .isLessThanOrEqualTo(0);
      assertThat(browser.findElement(By.id("logout")).isDisplayed()).isTrue();
    }
  }

  @Test
  void anEnterpriseUserOpeningAnotherEnterprisesPageGetsNotFound() {
    browser = Browser.open("zh-CN");
    browser.get(base + "/portal/login");
    signIn(MAKER_ADMIN);

    browser.get(base + "/portal/enterprises/" + WEAVER);
    assertThat(text("#problem h1")).isEqualTo("404");
    browser.get(base + "/portal/enterprises/" + WEAVER + "/questionnaire");
    assertThat(text("#problem h1")).isEqualTo("404");
    browser.get(base + "/portal/overview");
    assertThat(text("#problem h1")).as("the park overview is not theirs either").isEqualTo("404");
    browser.get(base + "/portal/enterprises/" + MAKER);
    assertThat(text("#enterprise-name")).isEqualTo("精工机械有限公司");
  }

  private double assessNow() {
    submit(browser.findElement(By.id("assess-now")));
    return Double.parseDouble(text("#total").replace(",", ""));
  }

  private void signIn(String user) {
    if (!browser.getCurrentUrl().contains("/portal/login")) {
      browser.get(base + "/portal/login");
    }
    fill("#user", user);
    fill("#password", PASSWORD);
    submit(browser.findElement(By.id("sign-in")));
  }

  private void signOut() {
    submit(browser.findElement(By.id("logout")));
  }

  private List<String> rowNames() {
    return browser
        .findElements(By.cssSelector("#enterprise-table tbody tr td:first-child a"))
        .stream()
        .map(WebElement::getText)
        .toList();
  }

  private void submit(WebElement element) {
    Browser.submit(browser, element);
  }

  private void fill(String css, String value) {
    Browser.fill(browser, css, value);
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText().strip();
  }
}
