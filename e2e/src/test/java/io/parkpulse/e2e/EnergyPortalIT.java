package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The energy and carbon pages in a real browser against the running platform, in Chinese and in
 * English: the park's month as its operator sees it, an enterprise's meters and declarations, and a
 * declaration sent from the form. Only the platform runs: a month of meter days is written to its
 * database as the energy job would have measured them, and the declarations go through the API.
 * Screenshots go to {@code target/portal-screenshots} ({@code portal-energy.png} and {@code
 * portal-energy-enterprise.png} in {@code docs/images} come from here).
 */
class EnergyPortalIT {

  private static final String PARK = "eg-park";
  private static final String MAKER = "eg-precision";
  private static final String FIBRE = "eg-fibre";
  private static final String DYER = "eg-dyeing";
  private static final String OPERATOR = "eg-operator";
  private static final String FIBRE_ADMIN = "eg-fibre-admin";
  private static final String PASSWORD = "energy-pages-password";
  private static final YearMonth MONTH = YearMonth.of(2025, 11);

  private static E2e.Platform platform;
  private static Path shots;
  private static String base;
  private static double parkKwh;
  private static double fibreKwh;
  private static double fibreUnmonitored;
  private static double parkUnmonitored;

  private ChromeDriver browser;

  @BeforeAll
  static void startThePlatformAndSeedAMonth() throws Exception {
    shots = E2e.screenshots();
    Database db = Postgres.sharedForTests().database();
    platform = E2e.platformOnly();
    base = platform.base();

    PlatformClient admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    admin.ensurePark(PARK, "临港智造园");
    admin.ensureEnterprise(PARK, MAKER, "华东精密制造", "machining", "medium");
    admin.ensureEnterprise(PARK, FIBRE, "东方化纤", "textiles", "large");
    admin.ensureEnterprise(PARK, DYER, "海宁印染", "textiles", "small");
    user(admin, OPERATOR, "park-operator", null);
    user(admin, FIBRE_ADMIN, "enterprise-admin", FIBRE);
    seedMeterDays(db);
    admin.put(
        "/api/v1/enterprises/" + MAKER + "/energy/declarations/" + MONTH,
        Map.of("quantities", Map.of("green-power", 40_000), "source", "绿证 GEC-2025-11-0087"));
    admin.put(
        "/api/v1/enterprises/" + FIBRE + "/energy/declarations/" + MONTH,
        Map.of(
            "quantities",
            Map.of("natural-gas", 18_000, "steam", 420),
            "source",
            "燃气发票 No.3302-1125；蒸汽结算单 2025-11"));
    admin.put(
        "/api/v1/enterprises/" + DYER + "/energy/declarations/" + MONTH,
        Map.of("quantities", Map.of("coal", 35), "source", "购煤发票 No.88120"));
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
  void theOperatorReadsTheParkMonthAndAnEnterpriseInChinese() throws Exception {
    browser = Browser.open("zh-CN");
    // Tall enough for the screenshots to show the cards, the month's chart and the first table.
    browser.manage().window().setSize(new Dimension(1366, 1400));
    signIn(OPERATOR);
    Browser.submit(browser, browser.findElement(By.id("nav-energy")));
    browser.get(base + "/portal/energy?month=" + MONTH);

    assertThat(text("#energy-title")).isEqualTo("能源与碳 · 临港智造园");
    assertThat(text("#energy-kwh")).isEqualTo(kwh(parkKwh) + " kWh");
    assertThat(text("#energy-unmonitored")).contains("未监测", kwh(parkUnmonitored));
    assertThat(text("#energy-core-badge")).isEqualTo("未达标");
    assertThat(text("#energy-by-carrier")).contains("电力", "天然气", "蒸汽", "煤");
    List<WebElement> rows = browser.findElements(By.cssSelector("#energy-enterprises tbody tr"));
    assertThat(rows)
        .extracting(r -> r.getAttribute("data-enterprise"))
        .contains(MAKER, FIBRE, DYER);
    assertThat(rows.get(0).getAttribute("data-enterprise"))
        .as("most energy first")
        .isEqualTo(FIBRE);
    assertThat(text("tr[data-enterprise='" + DYER + "'] td.completeness")).contains("低于 90%");
    assertThat(text("tr[data-enterprise='" + FIBRE + "'] td.completeness")).isEqualTo("94.0%");
    assertThat(text("#factor-table")).contains("0.5306", "kgCO2/kWh", "生态环境部");
    awaitChart();
    Browser.screenshot(browser, shots, "portal-energy");

    Browser.submit(browser, browser.findElement(By.linkText("东方化纤")));
    assertThat(text("#energy-title")).isEqualTo("东方化纤 · 能源与碳");
    assertThat(text("#energy-kwh")).isEqualTo(kwh(fibreKwh) + " kWh");
    assertThat(text("tr[data-meter='fibre-main/energy_kwh'] td.completeness")).isEqualTo("94.0%");
    assertThat(text("tr[data-meter='fibre-main/energy_kwh'] td.without")).isEqualTo("1");
    assertThat(text("#quality-flags")).contains("no reading on this day");
    assertThat(text("#declaration-table")).contains("天然气", "18,000.0 m3", "蒸汽", "420.0 t");
    awaitChart();
    Browser.screenshot(browser, shots, "portal-energy-enterprise");
  }

  @Test
  void theOperatorReadsTheParkMonthInEnglish() {
    browser = Browser.open("en");
    signIn(OPERATOR);
    browser.get(base + "/portal/language/en?next=/portal/energy?month=" + MONTH);
    assertThat(text("#energy-title")).isEqualTo("Energy & carbon · 临港智造园");
    assertThat(text("#energy-kwh")).isEqualTo(kwh(parkKwh) + " kWh");
    assertThat(text("#energy-unmonitored")).contains("Unmonitored", kwh(parkUnmonitored));
    assertThat(text("#energy-core-badge")).isEqualTo("Not met");
    assertThat(text("#factor-table")).contains("0.5306", "kgCO2/kWh");
    assertThat(browser.findElements(By.cssSelector("#energy-enterprises tbody tr")))
        .extracting(r -> r.getAttribute("data-enterprise"))
        .contains(MAKER, FIBRE, DYER);
  }

  @Test
  void theEnterpriseAdminDeclaresFromTheFormInEnglish() {
    browser = Browser.open("en");
    signIn(FIBRE_ADMIN);
    browser.get(base + "/portal/language/en?next=/portal/energy/" + FIBRE + "?month=" + MONTH);
    assertThat(text("#energy-title")).isEqualTo("东方化纤 · Energy & carbon");
    assertThat(text("#energy-kwh")).isEqualTo(kwh(fibreKwh) + " kWh");
    assertThat(text("#energy-unmonitored")).contains("Unmonitored", kwh(fibreUnmonitored));
    assertThat(text("#energy-core-badge")).isEqualTo("Not met");

    // The park's page is its operator's, not the enterprise's.
    browser.get(base + "/portal/energy?month=" + MONTH);
    assertThat(text("#problem h1")).isEqualTo("403");
    assertThat(browser.findElements(By.id("nav-energy"))).isEmpty();

    YearMonth next = MONTH.plusMonths(1);
    browser.get(base + "/portal/energy/" + FIBRE + "?month=" + next);
    Browser.fill(browser, "#declare-coal", "1,5");
    Browser.fill(browser, "#declare-source", "coal invoice 7");
    Browser.submit(browser, browser.findElement(By.id("declare")));
    assertThat(text("#form-errors")).contains("Coal: a number of 0 or more");
    Browser.fill(browser, "#declare-coal", "1.5");
    Browser.submit(browser, browser.findElement(By.id("declare")));
    assertThat(browser.getCurrentUrl())
        .endsWith("/portal/energy/" + FIBRE + "?month=" + next + "#declarations");
    assertThat(text("#declaration-table tr[data-carrier='coal']"))
        .contains("Coal", "1.5 t", "coal invoice 7");
  }

  /**
   * A month of meter days: the maker's two meters and its PV, all complete; the fibre plant's main
   * meter with three days under 90% of its 15-minute values and one day without any reading (its
   * consumption counted the next day); the dye works' one meter, behind a weak link, under 90%
   * every day.
   */
  private static void seedMeterDays(Database db) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO energy_meter_day (park, enterprise, device, point, carrier, day,"
                    + " slots, expected_slots, counter_kwh, interval_kwh, computed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 96, ?, ?, now())"
                    + " ON CONFLICT (enterprise, device, point, day) DO UPDATE SET"
                    + " slots = excluded.slots, counter_kwh = excluded.counter_kwh,"
                    + " interval_kwh = excluded.interval_kwh")) {
      for (int d = 1; d <= MONTH.lengthOfMonth(); d++) {
        LocalDate day = MONTH.atDay(d);
        boolean weekend = day.getDayOfWeek().getValue() >= 6;
        double cnc = (weekend ? 2_400 : 6_200) + (d % 5) * 130;
        double press = (weekend ? 900 : 3_100) + (d % 3) * 90;
        double pv = 1_100 + (d % 4) * 150;
        day(insert, MAKER, "cnc-line", "energy_kwh", "electricity", day, 96, cnc, cnc * 0.99);
        day(insert, MAKER, "press-line", "energy_kwh", "electricity", day, 95, press, press);
        day(insert, MAKER, "roof-pv", "generated_kwh", "pv", day, 96, pv, pv);
        parkKwh += cnc + press;

        double fibre = 14_000 + (d % 6) * 420;
        if (d == 20) {
          day(insert, FIBRE, "fibre-main", "energy_kwh", "electricity", day, 0, null, 0);
        } else {
          double counted = d == 21 ? fibre * 2 : fibre;
          int slots = d >= 10 && d <= 12 ? 70 : 96;
          day(
              insert,
              FIBRE,
              "fibre-main",
              "energy_kwh",
              "electricity",
              day,
              slots,
              counted,
              counted * 0.98);
          fibreKwh += counted;
          parkKwh += counted;
          if (slots < 0.9 * 96) {
            fibreUnmonitored += counted;
            parkUnmonitored += counted;
          }
        }
        double dye = (weekend ? 1_500 : 2_600) + (d % 4) * 60;
        day(insert, DYER, "dye-main", "energy_kwh", "electricity", day, 82, dye, dye * 0.84);
        parkKwh += dye;
        parkUnmonitored += dye;
      }
    }
  }

  private static void day(
      PreparedStatement insert,
      String enterprise,
      String device,
      String point,
      String carrier,
      LocalDate day,
      int slots,
      Double counter,
      double interval)
      throws Exception {
    insert.setString(1, PARK);
    insert.setString(2, enterprise);
    insert.setString(3, device);
    insert.setString(4, point);
    insert.setString(5, carrier);
    insert.setDate(6, Date.valueOf(day));
    insert.setInt(7, slots);
    if (counter == null) {
      insert.setNull(8, java.sql.Types.DOUBLE);
    } else {
      insert.setDouble(8, counter);
    }
    insert.setDouble(9, interval);
    insert.executeUpdate();
  }

  private static void user(PlatformClient admin, String id, String role, String enterprise)
      throws Exception {
    Map<String, String> body =
        new HashMap<>(Map.of("id", id, "displayName", id, "password", PASSWORD, "role", role));
    body.put("park", PARK);
    if (enterprise != null) {
      body.put("enterprise", enterprise);
    }
    admin.createIfAbsent("/api/v1/users", body);
  }

  /** kWh as the pages write them in both languages: grouped, one decimal. */
  private static String kwh(double value) {
    return String.format(Locale.ROOT, "%,.1f", value);
  }

  private void awaitChart() {
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(d -> !d.findElements(By.cssSelector("#energy-trend canvas")).isEmpty());
  }

  private void signIn(String user) {
    browser.get(base + "/portal/login");
    Browser.fill(browser, "#user", user);
    Browser.fill(browser, "#password", PASSWORD);
    Browser.submit(browser, browser.findElement(By.id("sign-in")));
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText().strip();
  }
}
