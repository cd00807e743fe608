package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The park's 亩均 ranking and its 高标准数字园区 policy sheet in a real browser, in Chinese and in English,
 * against the platform alone (Kafka and PostgreSQL): enterprises seeded with this year's inputs
 * through the API and their metered electricity in the database, a KPI verified and one pending;
 * the operator declares another with a document from the browser. Screenshots go to {@code
 * target/portal-screenshots} ({@code portal-mu.png} and {@code portal-policy.png} in {@code
 * docs/images} come from here).
 */
class ParkPolicyPortalIT {

  private static final String PARK = "pp-park";
  private static final String OPERATOR = "pp-operator";
  private static final String PASSWORD = "park-policy-password";
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** id, name, land (mu, 0 = not entered), tax and sales (10k yuan), electricity (kWh). */
  private static final List<Object[]> ENTERPRISES =
      List.of(
          new Object[] {"pp-precision", "华东精密制造", 12.0, 960.0, 8600.0, 260_000.0},
          new Object[] {"pp-auto", "临港汽车零部件", 45.0, 1800.0, 21000.0, 1_450_000.0},
          new Object[] {"pp-textile", "江南纺织", 60.0, 720.0, 9800.0, 2_100_000.0},
          new Object[] {"pp-electronics", "申江电子", 18.0, 1100.0, 12500.0, 380_000.0},
          new Object[] {"pp-packaging", "浦东包装材料", 30.0, 240.0, 3600.0, 900_000.0},
          new Object[] {"pp-chemicals", "滨海精细化工", 0.0, 650.0, 7200.0, 1_200_000.0});

  private static E2e.Platform platform;
  private static Path shots;
  private static Path upload;
  private static String base;

  private ChromeDriver browser;

  @BeforeAll
  static void startThePlatformAndSeedThePark() throws Exception {
    shots = E2e.screenshots();
    Database db = Postgres.sharedForTests().database();
    platform = E2e.platformOnly();
    base = platform.base();

    PlatformClient admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    admin.ensurePark(PARK, "滨江智造园");
    for (Object[] e : ENTERPRISES) {
      admin.ensureEnterprise(PARK, (String) e[0], (String) e[1], "machining", "medium");
    }
    admin.createIfAbsent(
        "/api/v1/users",
        Map.of(
            "id", OPERATOR,
            "displayName", "园区运营",
            "password", PASSWORD,
            "role", "park-operator",
            "park", PARK));
    PlatformClient operator = PlatformClient.login(base, OPERATOR, PASSWORD);

    LocalDate day = YearMonth.now(SHANGHAI).atDay(1);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement q =
            c.prepareStatement(
                "INSERT INTO energy_meter_day (park, enterprise, device, point, carrier, day,"
                    + " slots, expected_slots, counter_kwh, interval_kwh, last_value, computed_at)"
                    + " VALUES (?, ?, 'main-meter', 'energy_kwh', 'electricity', ?, 96, 96, ?, ?,"
                    + " NULL, now()) ON CONFLICT DO NOTHING")) {
      for (Object[] e : ENTERPRISES) {
        q.setString(1, PARK);
        q.setString(2, (String) e[0]);
        q.setObject(3, day);
        q.setDouble(4, (Double) e[5]);
        q.setDouble(5, (Double) e[5]);
        q.executeUpdate();
      }
    }
    for (Object[] e : ENTERPRISES) {
      Map<String, Object> body = new HashMap<>();
      body.put("landMu", (Double) e[2] > 0 ? e[2] : null);
      body.put("tax10kYuan", e[3]);
      body.put("sales10kYuan", e[4]);
      operator.put("/api/v1/enterprises/" + e[0] + "/mu/" + day.getYear(), body);
    }

    operator.put(
        "/api/v1/parks/" + PARK + "/policy/dual-gigabit",
        Map.of(
            "value",
            1.0,
            "note",
            "千兆光网覆盖全部厂房",
            "attachmentName",
            "双千兆验收报告.txt",
            "attachmentBase64",
            Base64.getEncoder().encodeToString("双千兆验收报告".getBytes(StandardCharsets.UTF_8))));
    admin.post(
        "/api/v1/parks/" + PARK + "/policy/dual-gigabit/verification", Map.of("verified", true));
    operator.put(
        "/api/v1/parks/" + PARK + "/policy/data-platform",
        Map.of("value", 1.0, "note", "园区数据中台已上线"));

    upload = E2e.work().resolve("工业互联网平台清单.txt");
    Files.writeString(upload, "纺织、汽车零部件、电子：已接入行业工业互联网平台");
  }

  @AfterAll
  static void stopThePlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @AfterEach
  void closeTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void theOperatorReadsTheRankingInChineseAndEnglish() throws Exception {
    browser = Browser.open("zh-CN");
    signIn();
    submit(browser.findElement(By.id("nav-mu")));

    assertThat(text("h1")).startsWith("亩均效益评价").contains("滨江智造园");
    assertThat(browser.findElements(By.cssSelector("#mu-table tbody tr"))).hasSize(5);
    assertThat(text("#mu-table tbody tr:first-child .rank")).isEqualTo("1");
    assertThat(text("#mu-table tbody tr:first-child .grade")).isEqualTo("A");
    assertThat(text("#mu-table")).contains("华东精密制造");
    assertThat(text("#mu-unclassified")).contains("滨海精细化工", "用地面积");
    assertThat(text("#mu-table")).doesNotContain("滨海精细化工");
    assertThat(text("#mu-settings-used")).contains("45%", "20%");
    assertThat(browser.findElement(By.id("mu-csv")).getAttribute("href")).contains("/mu/csv?year=");
    Browser.screenshot(browser, shots, "portal-mu");

    browser.get(base + "/portal/language/en?next=/portal/mu");
    assertThat(text("h1")).startsWith("Output per mu");
    assertThat(text("#mu-unclassified")).contains("land area");
    assertThat(text("#mu-table thead")).contains("Tax per mu", "Score");

    // The form of an enterprise opens filled with what was entered.
    submit(browser.findElement(By.cssSelector("tr[data-enterprise='pp-auto'] a.edit-input")));
    assertThat(browser.findElement(By.id("mu-land")).getAttribute("value")).isEqualTo("45");
    assertThat(browser.findElement(By.id("mu-tax-input")).getAttribute("value")).isEqualTo("1800");
  }

  @Test
  void theOperatorDeclaresAKpiWithADocumentAndSeesTheSheetInBothLanguages() throws Exception {
    browser = Browser.open("zh-CN");
    signIn();
    submit(browser.findElement(By.id("nav-policy")));

    assertThat(text("h1")).startsWith("高标准数字园区指标");
    assertThat(text("tr[data-kpi='dual-gigabit'] .status")).isEqualTo("达标");
    assertThat(text("tr[data-kpi='data-platform'] .status")).isEqualTo("待核验");
    assertThat(text("tr[data-kpi='networked'] .basis")).isEqualTo("数据");
    assertThat(text("#policy-verified-note")).contains("平台管理员核验");
    assertThat(browser.findElements(By.cssSelector("button.verify")))
        .as("the operator declares; a platform admin verifies")
        .isEmpty();

    Browser.fill(browser, "#value-industrial-internet", "80");
    browser
        .findElement(By.id("attachment-industrial-internet"))
        .sendKeys(upload.toAbsolutePath().toString());
    submit(browser.findElement(By.cssSelector("tr[data-forms='industrial-internet'] .declare")));
    assertThat(text("tr[data-kpi='industrial-internet'] .status")).isEqualTo("待核验");
    assertThat(text("tr[data-kpi='industrial-internet'] .value")).isEqualTo("80%");
    assertThat(text("tr[data-kpi='industrial-internet'] .evidence-link"))
        .isEqualTo("工业互联网平台清单.txt");
    assertThat(text("#policy-enterprise-table")).contains("江南纺织");
    browser.executeScript("window.scrollTo(0, 0)");
    Browser.screenshot(browser, shots, "portal-policy");

    browser.get(base + "/portal/language/en?next=/portal/policy");
    assertThat(text("h1")).startsWith("High-standard digital park");
    assertThat(text("tr[data-kpi='industrial-internet'] .status"))
        .isEqualTo("pending verification");
    assertThat(text("tr[data-kpi='dual-gigabit'] .status")).isEqualTo("met");
    assertThat(text("#policy-enterprise-table thead")).contains("Energy monitored online");

    // A wrong value is named on the sheet.
    Browser.fill(browser, "#value-digital-services", "150");
    submit(browser.findElement(By.cssSelector("tr[data-forms='digital-services'] .declare")));
    assertThat(text("#form-errors")).contains("percentage from 0 to 100");
  }

  private void signIn() {
    browser.get(base + "/portal/login");
    Browser.fill(browser, "#user", OPERATOR);
    Browser.fill(browser, "#password", PASSWORD);
    submit(browser.findElement(By.id("sign-in")));
  }

  private void submit(WebElement element) {
    Browser.submit(browser, element);
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText().strip();
  }
}
