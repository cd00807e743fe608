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
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The alarm pages of a park with an oven and a forklift: the rule editor previews a rule on the
 * oven's last hour and saves it, the alarm list shows a flapping alarm and its counts, and the
 * safety view counts the open critical alarms by enterprise and by zone. Screenshots go to {@code
 * target/portal-screenshots}.
 *
 * <p>The oven's temperature over the last hour, one reading a minute (m0 to m59): 70 for ten
 * minutes, 85 for ten, 78 for five, 70 for ten, then 90.
 */
class PortalAlarmsIT {

  private static final String PARK = "pa-park";
  private static final String MAKER = "pa-maker";
  private static final String OVEN = "pa-oven-01";
  private static final String FORKLIFT = "pa-forklift-01";
  private static final String ZONE = "pa-paint-shop";
  private static final String OPERATOR = "pa-operator";
  private static final String PASSWORD = "portal-alarms-password";
  private static final Duration RULES_REFRESH = Duration.ofSeconds(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<ManagedProcess> running = new ArrayList<>();
  private static String base;
  private static PlatformClient admin;
  private static Path shots;

  private ChromeDriver browser;

  @BeforeAll
  static void startThePlatformWithAnOvenAndAForkliftReporting() throws Exception {
    Path work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
    Files.createDirectories(work);
    shots = work.resolveSibling("portal-screenshots");
    Apps apps = new Apps(work.resolve("alarms"));
    int port = Ports.free();
    ManagedProcess platform =
        apps.platform(
            Path.of(System.getProperty("parkpulse.platform.jar")),
            port,
            E2e.kafka(),
            Postgres.sharedForTests().database(),
            E2e.ADMIN_PASSWORD,
            Map.of(
                "PARKPULSE_PLATFORM_ALARMS_RULES_REFRESH",
                RULES_REFRESH.toSeconds() + "S",
                // The test's webhook receiver listens on loopback.
                "PARKPULSE_PLATFORM_NOTIFICATIONS_ALLOWED_NETWORKS",
                "127.0.0.0/8"));
    running.add(platform);
    platform.awaitHttpOk(Apps.readyUrl(port), Duration.ofSeconds(120));
    base = "http://127.0.0.1:" + port;

    admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    admin.createIfAbsent(
        "/api/v1/parks",
        Map.of("id", PARK, "name", "临港化工园", "timezone", "Asia/Shanghai", "retentionDays", 30));
    admin.ensureEnterprise(PARK, MAKER, "恒温涂装", "coating", "small");
    admin.createIfAbsent(
        "/api/v1/profiles",
        Map.of(
            "id",
            "pa-oven",
            "park",
            PARK,
            "name",
            "烘箱",
            "points",
            List.of(point("temp", "number", "temperature.c"))));
    admin.createIfAbsent(
        "/api/v1/profiles",
        Map.of(
            "id",
            "pa-tracker",
            "park",
            PARK,
            "name",
            "叉车定位",
            "points",
            List.of(
                point("lat", "number", "position.lat"), point("lon", "number", "position.lon"))));
    admin.createIfAbsent(
        "/api/v1/enterprises/" + MAKER + "/devices",
        Map.of("id", OVEN, "name", "烘箱 1", "profile", "pa-oven"));
    admin.createIfAbsent(
        "/api/v1/enterprises/" + MAKER + "/devices",
        Map.of("id", FORKLIFT, "name", "叉车 1", "profile", "pa-tracker"));
    admin.createIfAbsent(
        "/api/v1/users",
        Map.of(
            "id",
            OPERATOR,
            "displayName",
            "Operator",
            "password",
            PASSWORD,
            "role",
            "park-operator",
            "park",
            PARK));
    admin.createIfAbsent(
        "/api/v1/alarm-rules",
        rule(
            "pa-oven-hot", null, "烘箱超温", Map.of("kind", "temperature.c", "above", 80), "critical"));
    Map<String, Object> flaps =
        rule("pa-oven-flaps", MAKER, "烘箱温度波动", Map.of("point", "temp", "above", 80), "warning");
    flaps.put("flapTransitions", 2);
    flaps.put("flapWindowSeconds", 3600);
    admin.createIfAbsent("/api/v1/alarm-rules", flaps);
    admin.createIfAbsent(
        "/api/v1/parks/" + PARK + "/geofences",
        Map.of(
            "id",
            ZONE,
            "name",
            "喷涂车间",
            "kind",
            "forbidden",
            "polygon",
            List.of(
                List.of(121.499, 31.199),
                List.of(121.501, 31.199),
                List.of(121.501, 31.201),
                List.of(121.499, 31.201))));
    // The rule engine re-reads the rules once per RULES_REFRESH: the readings come after that.
    await()
        .pollDelay(RULES_REFRESH.multipliedBy(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> json("/api/v1/alarm-rules").size() >= 3);
    produceTheLastHour();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> json("/api/v1/alarms?status=open&enterprise=" + MAKER).size() == 3);
  }

  @AfterAll
  static void stopThePlatform() {
    running.forEach(ManagedProcess::close);
  }

  @AfterEach
  void closeTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theRuleEditorPreviewsARuleOnTheOvensLastHourAndSavesIt() throws Exception {
    browser = Browser.open("zh-CN");
    signIn();
    browser.get(base + "/portal/alarms/rules");
    assertThat(text("#rule-pa-oven-hot .words")).contains("80");
    assertThat(text("#rule-pa-paint-shop .words")).contains("喷涂车间");

    new Select(browser.findElement(By.id("rule-enterprise"))).selectByValue(MAKER);
    fill("#rule-name", "烘箱超温（回差）");
    fill("#rule-id", "pa-oven-hot");
    fill("#point1", "temp");
    new Select(browser.findElement(By.id("test1"))).selectByValue("above");
    fill("#value1", "80");
    fill("#clear1", "75");
    fill("#rule-for", "0");
    new Select(browser.findElement(By.id("rule-severity"))).selectByValue("critical");
    new Select(browser.findElement(By.id("preview-device"))).selectByValue(OVEN);
    submit(browser.findElement(By.id("preview-rule")));

    // Raised at m10 (85), held through 78 by the clear level, cleared at m25 (70), raised at m35.
    List<String> changes =
        browser.findElements(By.cssSelector("#preview-table tr.transition")).stream()
            .map(row -> row.getAttribute("class").replace("transition", "").strip())
            .toList();
    assertThat(changes).containsExactly("raised", "cleared", "raised");
    assertThat(text("#preview-table")).contains("85").contains("70").contains("90");
    assertThat(text("#preview-summary")).contains("60").contains("2").contains("1");
    WebElement chart = browser.findElement(By.id("preview-chart"));
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> "3".equals(chart.getAttribute("data-drawn")));
    assertThat(browser.findElement(By.id("rule-name")).getAttribute("value"))
        .as("the form keeps what was typed")
        .isEqualTo("烘箱超温（回差）");
    fullPageScreenshot("portal-rules");

    // The id is taken: the API's reason on the form, and what was typed kept.
    submit(browser.findElement(By.id("save-rule")));
    assertThat(text("#rule-error")).contains("pa-oven-hot");
    assertThat(browser.findElement(By.id("clear1")).getAttribute("value")).isEqualTo("75");
    fill("#rule-id", "pa-oven-hysteresis");
    submit(browser.findElement(By.id("save-rule")));
    assertThat(text("#rule-pa-oven-hysteresis .words"))
        .contains("temp")
        .contains("80")
        .contains("75");
    JsonNode saved = ruleNamed("pa-oven-hysteresis");
    assertThat(saved.get("when"))
        .isEqualTo(JSON.readTree("{\"point\": \"temp\", \"above\": 80, \"clear\": 75}"));
    assertThat(saved.get("enterprise").asText()).isEqualTo(MAKER);

    submit(browser.findElement(By.cssSelector("#rule-pa-oven-hysteresis .remove-rule")));
    assertThat(browser.findElements(By.id("rule-pa-oven-hysteresis"))).isEmpty();
    assertThat(ruleNamed("pa-oven-hysteresis")).isNull();
  }

  @Test
  void theAlarmListShowsAFlappingAlarmWithItsChangesAndSuppressedCount() {
    browser = Browser.open("en");
    browser.get(base + "/portal/language/en?next=/portal/login");
    signIn();
    browser.get(base + "/portal/alarms?rule=pa-oven-flaps");
    WebElement row = browser.findElement(By.cssSelector("tr[data-alarm]"));
    // Raised at m10, cleared at m20 (78 is not above 80): two changes in an hour, flapping; the
    // raise at m35 is counted, not announced.
    assertThat(row.findElement(By.cssSelector(".badge.flapping")).getText()).isEqualTo("flapping");
    assertThat(row.findElement(By.cssSelector(".transitions")).getText())
        .isEqualTo("3 raised or cleared");
    assertThat(row.findElement(By.cssSelector(".suppressed")).getText()).isEqualTo("1 suppressed");
  }

  @Test
  void theSafetyViewCountsOpenCriticalAlarmsByEnterpriseAndZone() throws Exception {
    browser = Browser.open("zh-CN");
    signIn();
    browser.get(base + "/portal/safety");
    assertThat(text("#safety-critical")).isEqualTo("2");
    assertThat(text("#safety-warning")).isEqualTo("1");
    assertThat(text("tr[data-enterprise='" + MAKER + "'] td.critical")).isEqualTo("2");
    assertThat(text("tr[data-enterprise='" + MAKER + "'] td.warning-count")).isEqualTo("1");
    assertThat(text("tr[data-enterprise='" + MAKER + "'] td.unacknowledged")).isEqualTo("3");
    assertThat(text("tr[data-zone='" + ZONE + "'] td.critical")).isEqualTo("1");
    assertThat(text("tr[data-zone='" + ZONE + "']")).contains("喷涂车间");
    Browser.screenshot(browser, shots, "portal-safety");

    submit(browser.findElement(By.cssSelector("tr[data-zone='" + ZONE + "'] a")));
    assertThat(browser.findElements(By.cssSelector("tr[data-alarm]"))).hasSize(1);
    assertThat(text("tr[data-alarm]")).contains(MAKER + "/" + FORKLIFT);
  }

  /**
   * The operator adds a webhook channel whose receiver (a local HTTP server) checks the signature,
   * sends it a test from the page and sees it delivered; a channel whose receiver fails is shown as
   * not delivered, with the status.
   */
  @Test
  void theOperatorAddsAChannelAndItsTestMessageIsDeliveredAndSigned() throws Exception {
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer receiver =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/ok",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String stamp = exchange.getRequestHeaders().getFirst("X-ParkPulse-Timestamp");
          String signature = exchange.getRequestHeaders().getFirst("X-ParkPulse-Signature");
          received.add(
              String.valueOf(signature)
                      .equals(
                          "sha256="
                              + hmac(
                                  "channel-secret",
                                  stamp
                                      + "."
                                      + new String(body, java.nio.charset.StandardCharsets.UTF_8)))
                  + " "
                  + new String(body, java.nio.charset.StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.createContext(
        "/broken",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    receiver.start();
    try {
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort();
      browser = Browser.open("zh-CN");
      signIn();
      browser.get(base + "/portal/channels");
      addWebhook("pa-duty", "值班群", url + "/ok", "channel-secret");
      addWebhook("pa-broken", "旧系统", url + "/broken", "");
      assertThat(text("tr[data-channel='pa-duty']"))
          .contains("值班群")
          .doesNotContain("channel-secret");

      // Level 2 hears of a critical alarm nobody acknowledged after 15 minutes.
      browser.findElement(By.name("critical2")).sendKeys("15");
      submit(browser.findElement(By.id("save-escalation")));
      assertThat(browser.findElement(By.name("critical2")).getAttribute("value")).isEqualTo("15");
      assertThat(browser.findElement(By.name("warning2")).getAttribute("value")).isEmpty();

      submit(browser.findElement(By.cssSelector("tr[data-channel='pa-duty'] .send-test")));
      assertThat(text("#test-result")).contains("测试消息已送达").contains("HTTP 200");
      // The park's open alarms may reach the new channel too; the test message is the one here.
      List<String> tests = received.stream().filter(r -> r.contains("\"event\":\"test\"")).toList();
      assertThat(tests).hasSize(1);
      assertThat(received)
          .as("the receiver checked every signature")
          .allMatch(r -> r.startsWith("true "));
      fullPageScreenshot("portal-channels");

      submit(browser.findElement(By.cssSelector("tr[data-channel='pa-broken'] .send-test")));
      assertThat(text("#test-result")).contains("测试消息未送达").contains("HTTP 500");

      submit(browser.findElement(By.cssSelector("tr[data-channel='pa-broken'] .remove-channel")));
      assertThat(browser.findElements(By.cssSelector("tr[data-channel='pa-broken']"))).isEmpty();
    } finally {
      receiver.stop(0);
    }
  }

  private void addWebhook(String id, String name, String url, String secret) {
    fill("#channel-id", id);
    fill("#channel-name", name);
    new Select(browser.findElement(By.id("channel-kind"))).selectByValue("webhook");
    fill("#channel-target", url);
    if (!secret.isEmpty()) {
      fill("#channel-secret", secret);
    }
    new Select(browser.findElement(By.id("channel-severity"))).selectByValue("info");
    submit(browser.findElement(By.id("add-channel")));
    assertThat(browser.findElements(By.id("form-errors"))).isEmpty();
  }

  private static String hmac(String key, String text) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of()
          .formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The oven's last hour and one position of the forklift inside the paint shop. */
  private static void produceTheLastHour() throws Exception {
    TelemetryCodec codec = new TelemetryCodec();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<TelemetryRecord> readings = new ArrayList<>();
    DeviceRef oven = new DeviceRef(MAKER, OVEN);
    for (int m = 0; m < 60; m++) {
      double temp = m < 10 ? 70 : m < 20 ? 85 : m < 25 ? 78 : m < 35 ? 70 : 90;
      Instant ts = now.minus(Duration.ofMinutes(60 - m));
      readings.add(new TelemetryRecord(PARK, oven, m + 1, ts, ts, Map.of("temp", temp)));
    }
    Instant fix = now.minus(Duration.ofSeconds(30));
    readings.add(
        new TelemetryRecord(
            PARK, new DeviceRef(MAKER, FORKLIFT), 1, fix, fix, Map.of("lat", 31.2, "lon", 121.5)));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            E2e.kafka().client(Map.<String, Object>of("acks", "all")),
            new StringSerializer(),
            new ByteArraySerializer())) {
      List<Future<?>> acks = new ArrayList<>();
      for (TelemetryRecord r : readings) {
        acks.add(
            producer.send(
                new ProducerRecord<>(
                    ParkTopic.telemetry(PARK).name(), r.device().kafkaKey(), codec.encode(r))));
      }
      for (Future<?> ack : acks) {
        ack.get();
      }
    }
  }

  private static Map<String, Object> rule(
      String id, String enterprise, String name, Map<String, Object> when, String severity) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", id);
    body.put("park", PARK);
    body.put("enterprise", enterprise);
    body.put("name", name);
    body.put("when", when);
    body.put("forSeconds", 0);
    body.put("severity", severity);
    body.put("slaSeconds", 1800);
    return body;
  }

  private static Map<String, Object> point(String name, String type, String kind) {
    return Map.of("name", name, "unit", "", "dataType", type, "kind", kind, "intervalSeconds", 60);
  }

  private static JsonNode json(String path) throws Exception {
    return JSON.readTree(admin.get(path));
  }

  private static JsonNode ruleNamed(String id) throws Exception {
    for (JsonNode r : json("/api/v1/alarm-rules")) {
      if (id.equals(r.get("id").asText())) {
        return r;
      }
    }
    return null;
  }

  /** The whole page, however long, as {@code name}.png. */
  private void fullPageScreenshot(String name) throws Exception {
    long height =
        (Long)
            ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight;");
    Dimension before = browser.manage().window().getSize();
    browser
        .manage()
        .window()
        .setSize(new Dimension(before.getWidth(), (int) Math.min(height + 140, 3000)));
    Browser.screenshot(browser, shots, name);
    browser.manage().window().setSize(before);
  }

  private void signIn() {
    if (!browser.getCurrentUrl().contains("/portal/login")) {
      browser.get(base + "/portal/login");
    }
    fill("#user", OPERATOR);
    fill("#password", PASSWORD);
    submit(browser.findElement(By.id("sign-in")));
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
