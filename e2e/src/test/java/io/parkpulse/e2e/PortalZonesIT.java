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
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal of a park far from Beijing, seen from a browser in yet another zone (UTC): its times,
 * its device chart's time axis and its days are the park's; its MIIT box and its not-found page
 * speak the page's language.
 */
class PortalZonesIT {

  /** UTC+05:45: no whole-hour offset, so a time in any other zone cannot pass for it. */
  private static final ZoneId ZONE = ZoneId.of("Asia/Kathmandu");

  private static final String PARK = "pz-park";
  private static final String MAKER = "pz-maker";
  private static final String DEVICE = "pz-press-01";
  private static final String OPERATOR = "pz-operator";
  private static final String PASSWORD = "portal-zones-password";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2}):(\\d{2})");

  private static final List<ManagedProcess> running = new ArrayList<>();
  private static String base;
  private static PlatformClient admin;
  private static Instant firstReading;

  private ChromeDriver browser;

  @BeforeAll
  static void startThePlatformAndSeedAParkInKathmandu() throws Exception {
    Path work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
    Files.createDirectories(work);
    Apps apps = new Apps(work.resolve("zones"));
    int port = Ports.free();
    ManagedProcess platform =
        apps.platform(
            Path.of(System.getProperty("parkpulse.platform.jar")),
            port,
            E2e.kafka(),
            Postgres.sharedForTests().database(),
            E2e.ADMIN_PASSWORD,
            Map.of("PARKPULSE_PLATFORM_ALARMS_RULES_REFRESH", "1S"));
    running.add(platform);
    platform.awaitHttpOk(Apps.readyUrl(port), START_TIMEOUT);
    base = "http://127.0.0.1:" + port;

    admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    admin.createIfAbsent(
        "/api/v1/parks",
        Map.of("id", PARK, "name", "加德满都园区", "timezone", ZONE.getId(), "retentionDays", 30));
    admin.ensureEnterprise(PARK, MAKER, "雪山精密制造", "machining", "small");
    admin.deviceSecret(MAKER, DEVICE, "冲压机 1");
    admin.createIfAbsent(
        "/api/v1/users",
        Map.of(
            "id",
            OPERATOR,
            "displayName",
            "Kathmandu operator",
            "password",
            PASSWORD,
            "role",
            "park-operator",
            "park",
            PARK));
    admin.createIfAbsent(
        "/api/v1/alarm-rules",
        Map.ofEntries(
            Map.entry("id", "pz-press-warm"),
            Map.entry("park", PARK),
            Map.entry("enterprise", MAKER),
            Map.entry("name", "Press warm"),
            Map.entry("point", "temperature_c"),
            Map.entry("condition", "above"),
            Map.entry("threshold", -1000.0),
            Map.entry("forSeconds", 0),
            Map.entry("severity", "warning"),
            Map.entry("slaSeconds", 3600)));
    produceThreeHoursOfReadings();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> json("/api/v1/alarms?enterprise=" + MAKER).size() > 0);
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
  void alarmsAndTheAuditLogShowTheParksTimesToItsOperatorAndToThePlatformAdmin() throws Exception {
    Instant opened =
        Instant.parse(json("/api/v1/alarms?enterprise=" + MAKER).get(0).get("openedAt").asText());
    Instant created = auditEntry("enterprise.create", MAKER);

    browser = open("zh-CN");
    signIn(OPERATOR, PASSWORD);
    browser.get(base + "/portal/alarms");
    assertShownIn(ZONE, opened, text("tr[data-alarm] td:first-child"));
    browser.get(base + "/portal/admin");
    assertShownIn(ZONE, created, auditRow("enterprise.create", MAKER));
    browser.quit();

    browser = open("en");
    browser.get(base + "/portal/language/en?next=/portal/login");
    signIn("admin", E2e.ADMIN_PASSWORD);
    browser.get(base + "/portal/alarms");
    assertShownIn(
        ZONE,
        opened,
        browser
            .findElement(By.xpath("//tr[td/a[contains(., '" + MAKER + "/" + DEVICE + "')]]/td[1]"))
            .getText());
    browser.get(base + "/portal/admin");
    assertShownIn(ZONE, created, auditRow("enterprise.create", MAKER));
  }

  @Test
  void theDeviceChartsTimeAxisReadsInTheParksZone() {
    browser = open("zh-CN");
    signIn(OPERATOR, PASSWORD);
    browser.get(base + "/portal/enterprises/" + MAKER + "/devices/" + DEVICE);
    WebElement chart = browser.findElement(By.cssSelector(".chart[data-kind='rollups']"));
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            d -> !List.of("null", "0").contains(String.valueOf(chart.getAttribute("data-loaded"))));
    @SuppressWarnings("unchecked")
    List<String> labels =
        (List<String>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "var el = document.querySelector(\".chart[data-kind='rollups']\");"
                        + "return echarts.getInstanceByDom(el).getModel()"
                        + ".getComponent('xAxis', 0).axis.getViewLabels()"
                        + ".map(function (l) { return l.formattedLabel; });");
    List<LocalTime> clock =
        labels.stream().filter(l -> l.matches("\\d{2}:\\d{2}")).map(LocalTime::parse).toList();
    assertThat(clock).as("hour labels of %s", labels).hasSizeGreaterThanOrEqualTo(2);
    // The readings span three hours; the axis may round out by up to an hour each side.
    LocalTime from = firstReading.atZone(ZONE).toLocalTime().minusHours(1);
    for (LocalTime label : clock) {
      long after = Math.floorMod(ChronoUnit.MINUTES.between(from, label), 24 * 60);
      assertThat(after)
          .as("%s lies within the readings' span in %s (the browser is in UTC)", label, ZONE)
          .isLessThanOrEqualTo(5 * 60);
    }
  }

  @Test
  void theMiitBoxSaysWhatTheNextLevelNeedsInThePagesLanguage() throws Exception {
    admin.post("/api/v1/enterprises/" + MAKER + "/assessments", Map.of());
    browser = open("zh-CN");
    signIn(OPERATOR, PASSWORD);
    browser.get(base + "/portal/enterprises/" + MAKER);
    String zh = text("#miit-next");
    assertThat(zh).contains("6 个场景达到1级及以上").contains("约束性场景").doesNotContain("scenarios");
    assertThat(zh).as("no English words").doesNotContainPattern("[A-Za-z]{3,}");

    browser.get(base + "/portal/language/en?next=/portal/enterprises/" + MAKER);
    String en = text("#miit-next");
    assertThat(en)
        .contains("6 scenarios at level 1 or above")
        .contains("mandatory scenarios at level 1 or above")
        .doesNotContainPattern("\\p{IsHan}");
  }

  @Test
  void anUnknownPortalAddressShowsThePortalsNotFoundPageInBothLanguages() {
    browser = open("zh-CN");
    browser.get(base + "/portal/no-such-page");
    assertThat(text("#problem h1")).isEqualTo("404");
    assertThat(text("#problem p")).isEqualTo("页面不存在，或您没有权限查看。");
    assertThat(status("/portal/no-such-page")).isEqualTo(404);

    signIn(OPERATOR, PASSWORD);
    browser.get(base + "/portal/enterprises/" + MAKER + "/nonsense");
    assertThat(text("#problem h1")).isEqualTo("404");
    assertThat(text("#who")).as("still signed in").contains(OPERATOR);
    assertThat(status("/portal/enterprises/" + MAKER + "/nonsense")).isEqualTo(404);

    browser.get(base + "/portal/language/en?next=/portal/admin/nonsense");
    assertThat(text("#problem h1")).isEqualTo("404");
    assertThat(text("#problem p")).isEqualTo("This page does not exist, or you may not see it.");
    assertThat(text("#logout")).isEqualTo("Sign out");
  }

  /**
   * Asserts that {@code shown} holds the time of day of {@code at} in {@code zone}, on a 12- or
   * 24-hour clock as the page's locale writes it (Chinese writes 下午3:55:51).
   */
  private static void assertShownIn(ZoneId zone, Instant at, String shown) {
    Matcher m = CLOCK.matcher(shown);
    assertThat(m.find()).as("a time in '%s'", shown).isTrue();
    LocalTime expected = at.atZone(zone).toLocalTime();
    assertThat(
            List.of(
                Integer.parseInt(m.group(1)) % 12,
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))))
        .as("'%s' is %s in %s", shown, at, zone)
        .isEqualTo(List.of(expected.getHour() % 12, expected.getMinute(), expected.getSecond()));
  }

  /** The time cell of the audit row of {@code action} on {@code target}. */
  private String auditRow(String action, String target) {
    return browser
        .findElement(
            By.xpath(
                "//table[@id='audit-table']//tr[td/code[.='"
                    + action
                    + "'] and td[contains(., '"
                    + target
                    + "')]]/td[1]"))
        .getText();
  }

  private static Instant auditEntry(String action, String target) throws Exception {
    for (JsonNode entry : json("/api/v1/audit?park=" + PARK + "&limit=500")) {
      if (action.equals(entry.get("action").asText())
          && target.equals(entry.get("targetId").asText())) {
        return Instant.parse(entry.get("at").asText());
      }
    }
    throw new AssertionError("no audit entry " + action + " " + target);
  }

  /** Readings every ten minutes over the last three hours, as the gateway would send them. */
  private static void produceThreeHoursOfReadings() throws Exception {
    TelemetryCodec codec = new TelemetryCodec();
    DeviceRef device = new DeviceRef(MAKER, DEVICE);
    Instant lastReading = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    firstReading = lastReading.minus(Duration.ofHours(3));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            E2e.kafka().client(Map.<String, Object>of("acks", "all")),
            new StringSerializer(),
            new ByteArraySerializer())) {
      List<Future<?>> acks = new ArrayList<>();
      for (int seq = 1; seq <= 19; seq++) {
        Instant ts = firstReading.plus(Duration.ofMinutes(10L * (seq - 1)));
        TelemetryRecord record =
            new TelemetryRecord(
                PARK,
                device,
                seq,
                ts,
                ts.plusMillis(5),
                Map.of("temperature_c", 20.0 + seq, "power_kw", 3.5));
        acks.add(
            producer.send(
                new ProducerRecord<>(
                    ParkTopic.telemetry(PARK).name(), device.kafkaKey(), codec.encode(record))));
      }
      for (Future<?> ack : acks) {
        ack.get();
      }
    }
  }

  private static JsonNode json(String path) throws Exception {
    return JSON.readTree(admin.get(path));
  }

  /** A browser whose own zone is UTC, whatever the machine's. */
  private static ChromeDriver open(String language) {
    ChromeDriver driver = Browser.open(language);
    driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "UTC"));
    return driver;
  }

  /** The status of a GET of {@code path} from the page, with its cookies. */
  private long status(String path) {
    return (Long)
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], { credentials: 'same-origin' }).then(r => done(r.status))",
                path);
  }

  private void signIn(String user, String password) {
    browser.get(base + "/portal/login");
    fill("#user", user);
    fill("#password", password);
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
