package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.platform.policy.PolicyKpis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The park's 亩均 and policy pages against PostgreSQL, over the same services as the API: five
 * enterprises with this year's inputs and metered electricity ranked and classed (one without land
 * listed apart with what it lacks, never in class D), the weights and inputs set from the page's
 * forms, a KPI declared with evidence by the park's operator and verified by a platform admin, and
 * the pages and APIs refused to enterprise users.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ParkPolicyPagesIT {

  private static final String PARK = "ppp-park";
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /** Land (mu), tax and sales (10k yuan), electricity of the month (kWh). */
  private static final Map<String, double[]> FIGURES =
      Map.of(
          "ppp-e1", new double[] {10, 500, 5000, 100_000},
          "ppp-e2", new double[] {20, 400, 4000, 200_000},
          "ppp-e3", new double[] {30, 150, 2000, 300_000},
          "ppp-e4", new double[] {40, 100, 1000, 400_000},
          "ppp-e5", new double[] {0, 100, 1000, 100_000});

  private static Api admin;
  private static Api operator;
  private static Api enterpriseAdmin;
  private static Api viewer;
  private static int year;

  @Inject DataSource dataSource;

  @BeforeEach
  void seedOnce() throws Exception {
    if (admin != null) {
      return;
    }
    admin = Api.admin();
    admin.park(PARK);
    FIGURES.keySet().forEach(e -> admin.enterprise(PARK, e));
    operator = admin.user("ppp-operator", "park-operator", PARK, null);
    enterpriseAdmin = admin.user("ppp-admin", "enterprise-admin", PARK, "ppp-e1");
    viewer = admin.user("ppp-viewer", "enterprise-viewer", PARK, "ppp-e1");

    LocalDate day = YearMonth.now(SHANGHAI).atDay(1);
    year = day.getYear();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "INSERT INTO energy_meter_day (park, enterprise, device, point, carrier, day,"
                    + " slots, expected_slots, counter_kwh, interval_kwh, last_value, computed_at)"
                    + " VALUES (?, ?, 'meter-1', 'energy_kwh', 'electricity', ?, 96, 96, ?, ?,"
                    + " NULL, now())")) {
      for (Map.Entry<String, double[]> e : FIGURES.entrySet()) {
        q.setString(1, PARK);
        q.setString(2, e.getKey());
        q.setDate(3, Date.valueOf(day));
        q.setDouble(4, e.getValue()[3]);
        q.setDouble(5, e.getValue()[3]);
        q.executeUpdate();
      }
    }
    for (Map.Entry<String, double[]> e : FIGURES.entrySet()) {
      Map<String, Object> body = new HashMap<>();
      double[] f = e.getValue();
      body.put("landMu", f[0] > 0 ? f[0] : null);
      body.put("tax10kYuan", f[1]);
      body.put("sales10kYuan", f[2]);
      operator
          .request()
          .body(body)
          .put("/api/v1/enterprises/{e}/mu/{y}", e.getKey(), year)
          .then()
          .statusCode(200);
    }
  }

  @Test
  void theRankingPageClassesTheEnterprisesAndListsTheOneWithoutLandApart() {
    // The defaults: of four ranked, round(0.8) = 1 is A, round(2.0) = 2 are B, none is D.
    String page =
        page(operator, "zh")
            .get("/portal/mu?year=" + year)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(grades(page))
        .containsExactly(
            Map.entry("ppp-e1", "A"),
            Map.entry("ppp-e2", "B"),
            Map.entry("ppp-e3", "B"),
            Map.entry("ppp-e4", "C"));
    assertThat(section(page, "mu-unclassified")).contains("ppp-e5").contains("用地面积");
    assertThat(section(page, "mu-ranking")).doesNotContain("ppp-e5");
    assertThat(page)
        .contains("id=\"nav-mu\"", "id=\"nav-policy\"")
        .contains("45%", "Huai")
        .contains("/api/v1/parks/" + PARK + "/mu/csv?year=" + year);

    JsonPath ranking =
        operator
            .request()
            .get("/api/v1/parks/{p}/mu?year={y}", PARK, year)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(ranking.getList("results.enterprise"))
        .containsExactly("ppp-e1", "ppp-e2", "ppp-e3", "ppp-e4", "ppp-e5");
    assertThat(ranking.getList("results.grade")).containsExactly("A", "B", "B", "C", null);
    assertThat(ranking.getList("results[4].missing")).containsExactly("land area");
    assertThat(ranking.getFloat("results[0].score")).isEqualTo(200f);
    // 100,000 kWh at 0.1229 kgce/kWh.
    assertThat(ranking.getDouble("energy.find { it.enterprise == 'ppp-e1' }.tce"))
        .isCloseTo(12.29, within(1e-6));

    String csv =
        operator
            .request()
            .get("/api/v1/parks/{p}/mu/csv?year={y}", PARK, year)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(csv).contains("ppp-e1,Enterprise ppp-e1,10,500,5000,12.29,");
  }

  @Test
  void theFormsSetTheSharesAndTheInputsAndNameWhatIsWrong() {
    String refused =
        page(operator, "en")
            .formParam("park", PARK)
            .formParam("year", year)
            .formParam("taxPerMu", "50")
            .post("/portal/mu/settings")
            .then()
            .statusCode(400)
            .extract()
            .asString();
    assertThat(section(refused, "mu-settings")).contains("must add up to 100 %");

    page(operator, "en")
        .formParam("park", PARK)
        .formParam("year", year)
        .formParam("taxPerMu", "45")
        .formParam("salesPerMu", "35")
        .formParam("taxPerTce", "20")
        .formParam("shareA", "25")
        .formParam("shareB", "25")
        .formParam("shareD", "25")
        .formParam("cap", "2")
        .post("/portal/mu/settings")
        .then()
        .statusCode(303);
    String page =
        page(operator, "en")
            .get("/portal/mu?year=" + year)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(grades(page))
        .containsExactly(
            Map.entry("ppp-e1", "A"),
            Map.entry("ppp-e2", "B"),
            Map.entry("ppp-e3", "C"),
            Map.entry("ppp-e4", "D"));
    assertThat(section(page, "mu-unclassified")).contains("ppp-e5").contains("land area");
    assertThat(section(page, "mu-settings")).contains("set by the park");

    String wrong =
        page(operator, "zh")
            .formParam("park", PARK)
            .formParam("year", year)
            .formParam("enterprise", "ppp-e5")
            .formParam("landMu", "none")
            .formParam("tax10kYuan", "-1")
            .post("/portal/mu/inputs")
            .then()
            .statusCode(400)
            .extract()
            .asString();
    assertThat(section(wrong, "mu-input"))
        .contains("用地面积须为大于 0 的数", "税收须为不小于 0 的数")
        .contains("value=\"none\"");

    page(operator, "zh")
        .formParam("park", PARK)
        .formParam("year", year)
        .formParam("enterprise", "ppp-e4")
        .formParam("landMu", "40,0")
        .formParam("tax10kYuan", "100")
        .formParam("sales10kYuan", "1000")
        .post("/portal/mu/inputs")
        .then()
        .statusCode(303);
    assertThat(
            page(operator, "zh")
                .get("/portal/mu?year=" + year + "&enterprise=ppp-e4")
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .contains("<option value=\"ppp-e4\" selected>")
        .contains("id=\"mu-land\" name=\"landMu\" inputmode=\"decimal\" value=\"40\"");

    // Back to the defaults, for the other test's classes.
    page(operator, "en")
        .formParam("park", PARK)
        .formParam("year", year)
        .post("/portal/mu/settings")
        .then()
        .statusCode(303);
  }

  @Test
  void aKpiDeclaredWithEvidenceIsPendingUntilAPlatformAdminVerifiesIt() {
    byte[] evidence = "双千兆覆盖验收报告".getBytes(StandardCharsets.UTF_8);
    String wrong =
        page(operator, "zh")
            .multiPart("park", PARK)
            .multiPart("value", "120")
            .post("/portal/policy/dual-gigabit")
            .then()
            .statusCode(400)
            .extract()
            .asString();
    assertThat(wrong).contains("双千兆网络覆盖率", "数值须为 0 至 100 的百分数");
    String computed =
        page(operator, "en")
            .multiPart("park", PARK)
            .multiPart("value", "50")
            .post("/portal/policy/networked")
            .then()
            .statusCode(400)
            .extract()
            .asString();
    assertThat(computed).contains("cannot be declared");

    page(viewer, "zh")
        .multiPart("park", PARK)
        .multiPart("value", "100")
        .post("/portal/policy/dual-gigabit")
        .then()
        .statusCode(403);
    page(operator, "zh")
        .multiPart("park", PARK)
        .multiPart("value", "100")
        .multiPart("note", "fibre to every building")
        .multiPart("attachment", "acceptance.txt", evidence, "text/plain")
        .post("/portal/policy/dual-gigabit")
        .then()
        .statusCode(303);

    Map<String, Object> pending = kpi(operator, "dual-gigabit");
    assertThat(pending)
        .containsEntry("status", "pending")
        .containsEntry("verification", "PENDING")
        .containsEntry("attachmentName", "acceptance.txt")
        .containsEntry("declaredBy", "ppp-operator");
    assertThat(((Number) pending.get("value")).doubleValue()).isEqualTo(1.0);
    String sheet =
        page(operator, "zh").get("/portal/policy").then().statusCode(200).extract().asString();
    assertThat(row(sheet, "dual-gigabit")).contains("待核验", "100%", "acceptance.txt");
    assertThat(sheet).doesNotContain("class=\"verify\"");
    assertThat(
            operator
                .request()
                .get("/api/v1/parks/{p}/policy/dual-gigabit/attachment", PARK)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray())
        .isEqualTo(evidence);

    page(operator, "zh")
        .formParam("park", PARK)
        .formParam("verified", "true")
        .post("/portal/policy/dual-gigabit/verification")
        .then()
        .statusCode(403);
    String adminSheet =
        page(admin, "en")
            .get("/portal/policy?park=" + PARK)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(row(adminSheet, "dual-gigabit")).contains("pending verification");
    assertThat(adminSheet).contains("class=\"verify\"");
    page(admin, "en")
        .formParam("park", PARK)
        .formParam("verified", "true")
        .post("/portal/policy/dual-gigabit/verification")
        .then()
        .statusCode(303)
        .header(
            "Location",
            org.hamcrest.Matchers.endsWith("/portal/policy?park=" + PARK + "#kpi-dual-gigabit"));

    assertThat(kpi(operator, "dual-gigabit"))
        .containsEntry("status", "met")
        .containsEntry("verification", "VERIFIED")
        .containsEntry("verifiedBy", PlatformTestResource.ADMIN);
    String en =
        page(operator, "en").get("/portal/policy").then().statusCode(200).extract().asString();
    assertThat(row(en, "dual-gigabit")).contains(">met<", "Verified");
    assertThat(row(en, "networked")).contains("data", "0 / 5");
    assertThat(section(en, "policy-enterprises")).contains("ppp-e1", "ppp-e5");
    assertThat(en).contains("counts only once a platform admin has verified");

    // For the authorities: the sheet as CSV (a source with commas stays in its cell) and as PDF.
    String csv =
        operator
            .request()
            .get("/api/v1/parks/{p}/policy/csv", PARK)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    List<String> lines = csv.lines().toList();
    assertThat(lines.stream().takeWhile(l -> !l.isEmpty()).skip(1)).hasSize(PolicyKpis.ALL.size());
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("dual-gigabit,")
                    .endsWith(
                        ",\"《高标准数字园区建设指南》 (MIIT, 2025-11), as reposted: infrastructure, dual gigabit 100%\""));
    byte[] pdf =
        operator
            .request()
            .get("/api/v1/parks/{p}/policy/pdf?lang=en", PARK)
            .then()
            .statusCode(200)
            .contentType("application/pdf")
            .extract()
            .asByteArray();
    assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
  }

  @Test
  void enterpriseUsersGetNeitherPageNorApi() {
    for (Api who : List.of(enterpriseAdmin, viewer)) {
      page(who, "zh").get("/portal/mu").then().statusCode(403);
      page(who, "zh").get("/portal/policy").then().statusCode(403);
      who.request().get("/api/v1/parks/{p}/mu?year={y}", PARK, year).then().statusCode(403);
      who.request().get("/api/v1/parks/{p}/policy", PARK).then().statusCode(403);
      who.request().get("/api/v1/parks/{p}/policy/csv", PARK).then().statusCode(403);
      who.request().get("/api/v1/parks/{p}/policy/pdf", PARK).then().statusCode(403);
    }
    viewer
        .request()
        .body(Map.of("value", 1.0))
        .put("/api/v1/parks/{p}/policy/data-platform", PARK)
        .then()
        .statusCode(403);
    enterpriseAdmin
        .request()
        .body(Map.of("landMu", 5.0))
        .put("/api/v1/enterprises/{e}/mu/{y}", "ppp-e1", year)
        .then()
        .statusCode(403);
    String home = page(enterpriseAdmin, "zh").get("/portal/alarms").then().extract().asString();
    assertThat(home).doesNotContain("nav-mu").doesNotContain("nav-policy");
  }

  /** A portal request as {@code who} in a language, following no redirect. */
  private static RequestSpecification page(Api who, String lang) {
    return given()
        .auth()
        .oauth2(who.token())
        .cookie("parkpulse_lang", lang)
        .redirects()
        .follow(false);
  }

  /** Each ranked enterprise's class, in the order of the ranking table. */
  private static List<Map.Entry<String, String>> grades(String page) {
    Matcher m =
        Pattern.compile(
                "<tr data-enterprise=\"([^\"]+)\">\\s*<td class=\"rank\">\\d+</td>\\s*"
                    + "<td class=\"grade\"><span class=\"badge grade grade-([A-D])\"")
            .matcher(section(page, "mu-ranking"));
    List<Map.Entry<String, String>> grades = new java.util.ArrayList<>();
    while (m.find()) {
      grades.add(Map.entry(m.group(1), m.group(2)));
    }
    return grades;
  }

  /** The {@code <section>} with {@code id}. */
  private static String section(String page, String id) {
    int start = page.indexOf("<section class=\"card\" id=\"" + id + "\"");
    assertThat(start).as("section " + id).isNotNegative();
    return page.substring(start, page.indexOf("</section>", start));
  }

  /** The row of a KPI on the policy sheet. */
  private static String row(String page, String kpi) {
    int start = page.indexOf("<tr data-kpi=\"" + kpi + "\"");
    assertThat(start).as("row " + kpi).isNotNegative();
    return page.substring(start, page.indexOf("</tr>", start));
  }

  private static Map<String, Object> kpi(Api who, String id) {
    List<Map<String, Object>> kpis =
        who.request()
            .get("/api/v1/parks/{p}/policy", PARK)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("kpis");
    return kpis.stream().filter(k -> id.equals(k.get("id"))).findFirst().orElseThrow();
  }
}
