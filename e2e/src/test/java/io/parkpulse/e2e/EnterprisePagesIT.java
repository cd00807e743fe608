package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.pki.TestPki;
import io.parkpulse.devstack.platform.PlatformClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * An enterprise's evidence, MIIT declarations, limits and device CA in a real browser against the
 * running platform, in Chinese and in English: what the park operator and the enterprise's admin
 * see and change. Screenshots go to {@code target/portal-screenshots}.
 */
class EnterprisePagesIT {

  private static final String PARK = "ep-park";
  private static final String MAKER = "ep-precision";
  private static final String OPERATOR = "ep-operator";
  private static final String MAKER_ADMIN = "ep-maker-admin";
  private static final String PASSWORD = "enterprise-pages-password";
  private static final byte[] PLAN = "数字化转型规划 2026–2028".getBytes(StandardCharsets.UTF_8);

  private static E2e.Platform platform;
  private static Path shots;
  private static String base;

  private ChromeDriver browser;

  @BeforeAll
  static void startThePlatformAndSeedAnEnterprise() throws Exception {
    shots = E2e.screenshots();
    platform = E2e.platformOnly();
    base = platform.base();

    PlatformClient admin = PlatformClient.login(base, "admin", E2e.ADMIN_PASSWORD);
    admin.ensurePark(PARK, "临港智造园");
    admin.ensureEnterprise(PARK, MAKER, "华东精密制造", "machining", "small");
    for (String[] user :
        new String[][] {
          {OPERATOR, "park-operator", null}, {MAKER_ADMIN, "enterprise-admin", MAKER}
        }) {
      Map<String, String> body =
          new java.util.HashMap<>(
              Map.of("id", user[0], "displayName", user[0], "password", PASSWORD, "role", user[1]));
      body.put("park", PARK);
      if (user[2] != null) {
        body.put("enterprise", user[2]);
      }
      admin.createIfAbsent("/api/v1/users", body);
    }
    PlatformClient.login(base, MAKER_ADMIN, PASSWORD)
        .put(
            "/api/v1/enterprises/" + MAKER + "/questionnaire/digital-plan",
            Map.of(
                "answer",
                "FULLY",
                "attachmentName",
                "规划.txt",
                "attachmentBase64",
                Base64.getEncoder().encodeToString(PLAN)));
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
  void theOperatorFindsTheEvidenceOnTheQuestionnaireAndDownloadsIt() {
    browser = Browser.open("zh-CN");
    signIn(OPERATOR);
    browser.get(base + "/portal/enterprises/" + MAKER + "/questionnaire");
    WebElement link =
        browser.findElement(By.cssSelector("[data-question='digital-plan'] a.evidence-link"));
    assertThat(link.isDisplayed()).isTrue();
    assertThat(link.getText()).isEqualTo("规划.txt");

    Object download =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0]).then(r => r.text().then(t => done([r.status,"
                    + " r.headers.get('content-disposition'),"
                    + " r.headers.get('x-content-type-options'), t].join('|'))))",
                link.getAttribute("href"));
    assertThat(download)
        .isEqualTo(
            "200|attachment; filename=\"__.txt\"; filename*=UTF-8''%E8%A7%84%E5%88%92.txt|nosniff|"
                + new String(PLAN, StandardCharsets.UTF_8));
  }

  @Test
  void theEnterpriseDeclaresAMiitItemAndTheOperatorVerifiesItInBothLanguages() throws Exception {
    browser = Browser.open("zh-CN");
    signIn(MAKER_ADMIN);
    submit(browser.findElement(By.id("open-declarations")));
    assertThat(text("h1")).startsWith("工信部评测申报");

    fill("#value-funding", "9");
    submit(browser.findElement(By.cssSelector("tr[data-forms='funding'] .declare")));
    assertThat(text("#form-errors")).contains("资金保障").contains("0 至 7.5");

    fill("#value-funding", "6,5");
    fill("#note-funding", "专项资金到位");
    submit(browser.findElement(By.cssSelector("tr[data-forms='funding'] .declare")));
    assertThat(text("tr[data-item='funding'] .value")).isEqualTo("6.5 / 7.5");
    assertThat(text("tr[data-item='funding'] .verification")).isEqualTo("待核验");
    assertThat(browser.findElements(By.cssSelector("tr[data-forms='funding'] .verify")))
        .as("only the park operator verifies")
        .isEmpty();

    signOut();
    signIn(OPERATOR);
    english();
    browser.get(base + "/portal/enterprises/" + MAKER + "/miit");
    assertThat(text("h1")).startsWith("MIIT declarations");
    assertThat(text("tr[data-item='funding']"))
        .contains("Funding")
        .contains("Awaiting verification");
    submit(browser.findElement(By.cssSelector("tr[data-forms='funding'] .verify")));
    assertThat(text("tr[data-item='funding'] .verification")).isEqualTo("Verified");
    Browser.screenshot(browser, shots, "declarations-en");
  }

  @Test
  void theOperatorSetsTheEnterprisesLimitsWhichItsAdminOnlyReads() {
    browser = Browser.open("zh-CN");
    signIn(OPERATOR);
    browser.get(base + "/portal/enterprises/" + MAKER);
    submit(browser.findElement(By.id("open-limits")));
    assertThat(text("h1")).startsWith("限额");

    fill("#limit-connections", "-3");
    submit(browser.findElement(By.id("save-limits")));
    assertThat(text("#form-errors")).contains("每个企业的最大连接数");

    fill("#limit-connections", "40");
    fill("#limit-device-messages", "0");
    submit(browser.findElement(By.id("save-limits")));
    assertThat(text("#limits-saved")).isNotBlank();
    assertThat(text("#limits-table")).contains("40").contains("不限").contains("园区默认");

    signOut();
    signIn(MAKER_ADMIN);
    english();
    browser.get(base + "/portal/enterprises/" + MAKER + "/limits");
    assertThat(text("h1")).startsWith("Limits");
    assertThat(text("#limits-table"))
        .contains("Connections per enterprise")
        .contains("40")
        .contains("No limit");
    assertThat(browser.findElements(By.id("save-limits")))
        .as("the park's operator sets limits, not the enterprise")
        .isEmpty();
  }

  @Test
  void theEnterpriseAdminSetsReplacesAndRemovesItsDeviceCaInBothLanguages() throws Exception {
    TestPki.Issued ca = TestPki.ca("EP device CA");
    TestPki.Issued next = TestPki.ca("EP next device CA");
    browser = Browser.open("en");
    signIn(MAKER_ADMIN);
    english();
    submit(browser.findElement(By.id("open-trust-anchor")));
    assertThat(text("h1")).startsWith("Device CA (trust anchor)");
    assertThat(text("#no-ca")).contains("No CA is set");

    paste("#ca-pem", "not a certificate");
    submit(browser.findElement(By.id("save-ca")));
    assertThat(text("#form-errors")).contains("The certificates were not accepted");

    paste("#ca-pem", ca.pem());
    submit(browser.findElement(By.id("save-ca")));
    assertThat(text("#trust-saved")).isNotBlank();
    assertThat(text("#ca-table .subject")).isEqualTo("CN=EP device CA");
    assertThat(text("#ca-table .fingerprint")).isEqualTo(fingerprint(ca));

    chinese();
    browser.get(base + "/portal/enterprises/" + MAKER + "/trust-anchor");
    assertThat(text("h1")).startsWith("设备 CA（信任锚）");
    Path file = Files.createTempFile("next-ca", ".pem");
    Files.writeString(file, next.pem());
    browser.findElement(By.id("ca-file")).sendKeys(file.toString());
    submit(browser.findElement(By.id("save-ca")));
    assertThat(text("#trust-saved")).contains("已保存");
    assertThat(text("#ca-table .subject")).as("replaced").isEqualTo("CN=EP next device CA");
    Browser.screenshot(browser, shots, "trust-anchor");

    submit(browser.findElement(By.id("remove-ca")));
    assertThat(text("#no-ca")).contains("尚未设置 CA");
  }

  private static String fingerprint(TestPki.Issued issued) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(issued.certificate().getEncoded()));
  }

  private void signIn(String user) {
    browser.get(base + "/portal/login");
    fill("#user", user);
    fill("#password", PASSWORD);
    submit(browser.findElement(By.id("sign-in")));
  }

  private void signOut() {
    submit(browser.findElement(By.id("logout")));
  }

  private void english() {
    browser.get(base + "/portal/language/en?next=/portal");
  }

  private void chinese() {
    browser.get(base + "/portal/language/zh?next=/portal");
  }

  private void submit(WebElement element) {
    Browser.submit(browser, element);
  }

  private void fill(String css, String value) {
    Browser.fill(browser, css, value);
  }

  /** Puts a long text into a field at once, as pasting does. */
  private void paste(String css, String value) {
    ((JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].value = arguments[1]", browser.findElement(By.cssSelector(css)), value);
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText().strip();
  }
}
