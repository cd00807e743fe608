package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The energy and carbon pages and exports against PostgreSQL, on a month seeded by SQL and worked
 * out by hand (national factors: 0.1229 kgce and 0.5306 kgCO2 per kWh, natural gas 1.2143 kgce and
 * 2.1622 kgCO2 per m3):
 *
 * <ul>
 *   <li>{@code ep-a} 华东精密: meter m1, 600 kWh on 1 March and 400 on 2 March, both days complete:
 *       1,000 kWh, 0.1229 tce, 1,000 × 0.5306 / 1000 = 0.5306 tCO2;
 *   <li>{@code ep-b} 东方化纤: meter m2, 500 kWh on 1 March with half its 15-minute values (500 kWh
 *       unmonitored), 200 kWh of green power and 100 m3 of natural gas declared: 0.18288 tce, 300 ×
 *       0.5306 / 1000 + 100 × 2.1622 / 1000 = 0.3754 tCO2;
 *   <li>{@code ep-c}: no data; the park: 1,500 kWh, 0.30578 tce, 0.906 tCO2.
 * </ul>
 *
 * Declarations through the form go to April, so that March stays as computed here.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class EnergyPagesIT {

  private static final String PARK = "ep-park";
  private static final String MARCH = "2025-03";

  @Inject DataSource dataSource;

  private static Api admin;
  private static Api operator;
  private static Api viewer;
  private static Api owner;
  private static Api stranger;

  @BeforeEach
  void setUpOnce() throws Exception {
    if (admin != null) {
      return;
    }
    admin = Api.admin();
    admin.park(PARK);
    admin.park("ep-other");
    enterprise(PARK, "ep-a", "华东精密");
    enterprise(PARK, "ep-b", "东方化纤");
    enterprise(PARK, "ep-c", "Quiet Works");
    enterprise("ep-other", "ep-x", "Elsewhere Ltd");
    operator = admin.user("ep-operator", "park-operator", PARK, null);
    viewer = admin.user("ep-viewer", "enterprise-viewer", PARK, "ep-a");
    owner = admin.user("ep-owner", "enterprise-admin", PARK, "ep-b");
    stranger = admin.user("ep-stranger", "park-operator", "ep-other", null);

    meterDay("ep-a", "m1", LocalDate.of(2025, 3, 1), 96, 600, 600);
    meterDay("ep-a", "m1", LocalDate.of(2025, 3, 2), 96, 400, 360);
    meterDay("ep-b", "m2", LocalDate.of(2025, 3, 1), 48, 500, 500);
    declared("ep-b", "green-power", 200, "绿证 GC-2025-001");
    declared("ep-b", "natural-gas", 100, "燃气发票 INV-7");
  }

  @Test
  void theOperatorSeesTheParkMonthAsWorkedOutByHand() {
    String page = html(portal(operator).get("/portal/energy?month=" + MARCH), 200);

    assertThat(page)
        .contains("id=\"nav-energy\"")
        .contains("id=\"energy-kwh\">1,500.0 kWh</span>")
        .contains("其中未监测 500.0 kWh")
        .contains("id=\"energy-tce\">0.3058 tce</span>")
        .contains("id=\"energy-tco2\">0.9060 tCO2</span>")
        .contains("id=\"energy-core\">2.9629</span>")
        .contains("id=\"energy-core-badge\">未达标</span>");
    // The enterprises, most energy first, with A's 0.5306 t and B's completeness under 90%.
    assertThat(page.indexOf("data-enterprise=\"ep-b\""))
        .isLessThan(page.indexOf("data-enterprise=\"ep-a\""));
    assertThat(row(page, "data-enterprise=\"ep-a\""))
        .contains("0.1229", "0.5306", "100.0%", "/portal/energy/ep-a?month=2025-03");
    assertThat(row(page, "data-enterprise=\"ep-b\"")).contains("0.3754", "50.0%", "低于 90%");
    assertThat(row(page, "data-enterprise=\"ep-c\"")).contains("无计量数据");
    assertThat(page)
        .contains("id=\"quality-meter-days\">2 / 3</dd>")
        .contains("data-factor=\"2\"", "0.5306", "kgCO2/kWh", "2020-01-01", "发改环资")
        .contains("/api/v1/parks/ep-park/energy/csv?month=2025-03")
        .contains("/api/v1/parks/ep-park/energy/pdf?month=2025-03&amp;lang=en");
    assertThat(page).doesNotContain("Elsewhere");

    String english =
        html(
            portal(operator).cookie("parkpulse_lang", "en").get("/portal/energy?month=" + MARCH),
            200);
    assertThat(english)
        .contains("Energy &amp; carbon", "of which 500.0 kWh unmonitored")
        .contains("id=\"energy-core-badge\">Not met</span>", "below 90%");

    // A platform admin names the park, and may pick another.
    String chosen = html(portal(admin).get("/portal/energy?park=" + PARK + "&month=" + MARCH), 200);
    assertThat(chosen).contains("id=\"energy-kwh\">1,500.0 kWh</span>", "<select id=\"park\"");
  }

  @Test
  void anEnterprisePageShowsItsMetersAndIsOnlyForThoseWhoSeeTheEnterprise() {
    String page = html(portal(viewer).get("/portal/energy/ep-a?month=" + MARCH), 200);
    assertThat(page)
        .contains("id=\"energy-kwh\">1,000.0 kWh</span>")
        .contains("id=\"energy-tco2\">0.5306 tCO2</span>")
        .contains("id=\"energy-tce\">0.1229 tce</span>")
        .contains("data-day=\"2025-03-02\"");
    String meter = row(page, "data-meter=\"m1/energy_kwh\"");
    assertThat(meter)
        .contains("100.0%", "2 / 2", "1,000.0", "960.0", "4.0%")
        .doesNotContain("超过 5%");
    // The day whose 15-minute values fall 10% short is flagged.
    assertThat(page).contains("gap 10.0% (&gt; 5%)");
    // A viewer does not declare, and does not see the park's page.
    assertThat(page).doesNotContain("id=\"declare-form\"").doesNotContain("id=\"nav-energy\"");
    html(portal(viewer).get("/portal/energy?month=" + MARCH), 403);
    html(portal(viewer).get("/portal/energy/ep-b?month=" + MARCH), 404);
    html(portal(stranger).get("/portal/energy/ep-a?month=" + MARCH), 404);
    viewer
        .request()
        .get("/api/v1/parks/{p}/energy/csv?month=" + MARCH, PARK)
        .then()
        .statusCode(403);

    String b = html(portal(owner).get("/portal/energy/ep-b?month=" + MARCH), 200);
    assertThat(b)
        .contains("其中未监测 500.0 kWh")
        .contains("id=\"energy-clean\">13.4%</span>")
        .contains("绿证 GC-2025-001", "燃气发票 INV-7")
        .contains("id=\"declare-form\"");
  }

  @Test
  void theParkCsvHasEachEnterpriseTheParkAndTheFactors() {
    Response r = operator.request().get("/api/v1/parks/{p}/energy/csv?month=" + MARCH, PARK);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/csv");
    assertThat(r.header("Content-Disposition")).contains("ep-park-energy-2025-03.csv");
    byte[] csv = r.asByteArray();
    assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    List<String> lines =
        List.of(new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n"));
    assertThat(lines.get(0)).startsWith("scope,id,name,month,electricity_kwh,unmonitored_kwh,");
    assertThat(lines.get(1))
        .startsWith(
            "enterprise,ep-b,东方化纤,2025-03,500,500,0,200,500,0.06145,100,0.12143,,,,,0.18288,0.3754,");
    assertThat(lines.get(2))
        .startsWith(
            "enterprise,ep-a,华东精密,2025-03,1000,0,0,0,1000,0.1229,,,,,,,0.1229,0.5306,0,4.3173,0.2,false,");
    assertThat(lines.get(3)).startsWith("enterprise,ep-c,Quiet Works,2025-03,,,,0,,");
    assertThat(lines.get(4))
        .startsWith("park,ep-park,,2025-03,1500,500,0,200,1500,")
        .contains(",0.30578,0.906,");
    assertThat(lines)
        .contains("factor_id,kind,carrier,value,unit,valid_from,source")
        .anySatisfy(l -> assertThat(l).startsWith("2,co2,electricity,0.5306,kgCO2/kWh,2020-01-01,"))
        .anySatisfy(l -> assertThat(l).startsWith("4,co2,natural-gas,2.1622,kgCO2/m3,2020-01-01,"));

    String enterprise =
        viewer
            .request()
            .get("/api/v1/enterprises/ep-a/energy/csv?month=" + MARCH)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(enterprise)
        .contains("\r\nm1,energy_kwh,electricity,2,2,0,1,1000,960,0.04,false\r\n");
    assertThat(enterprise).contains("\r\n2025-03-02,400,0,0,0.21224,1,1,1\r\n");
  }

  @Test
  void theParkPdfIsAReportInEitherLanguage() throws Exception {
    Response zh = operator.request().get("/api/v1/parks/{p}/energy/pdf?month=" + MARCH, PARK);
    assertThat(zh.statusCode()).isEqualTo(200);
    assertThat(zh.contentType()).isEqualTo("application/pdf");
    assertThat(zh.header("Content-Disposition")).contains("ep-park-energy-2025-03-zh.pdf");
    String text = pdfText(zh.asByteArray());
    assertThat(text)
        .contains("园区能源与碳排放月报", "Park ep-park", "华东精密", "东方化纤", "Quiet Works")
        .contains("1,500.0 kWh", "0.9060 tCO2", "未达标", "发改环资〔2025〕910号", "能耗在线监测");

    String en =
        pdfText(
            operator
                .request()
                .get("/api/v1/parks/{p}/energy/pdf?month=" + MARCH + "&lang=en", PARK)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
    assertThat(en).contains("Park energy and carbon report", "metered telemetry", "not met");

    operator
        .request()
        .get("/api/v1/parks/{p}/energy/pdf?month=" + MARCH + "&lang=fr", PARK)
        .then()
        .statusCode(400);
    owner.request().get("/api/v1/parks/{p}/energy/pdf?month=" + MARCH, PARK).then().statusCode(403);
    stranger
        .request()
        .get("/api/v1/parks/{p}/energy/pdf?month=" + MARCH, PARK)
        .then()
        .statusCode(404);
  }

  @Test
  void theDeclarationFormDeclaresAndNamesWhatIsWrong() {
    Response done =
        portal(owner)
            .formParam("month", "2025-04")
            .formParam("steam", "2.5")
            .formParam("naturalGas", "")
            .formParam("source", "蒸汽发票 S-1")
            .post("/portal/energy/ep-b/declarations");
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.header("Location")).endsWith("/portal/energy/ep-b?month=2025-04#declarations");
    assertThat(
            owner
                .request()
                .get("/api/v1/enterprises/ep-b/energy/declarations?year=2025")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.month == '2025-04' }.carrier"))
        .containsExactly("steam");
    assertThat(html(portal(owner).get("/portal/energy/ep-b?month=2025-04"), 200))
        .contains("蒸汽发票 S-1", "data-carrier=\"steam\"", "2.5 t");

    String invalid =
        html(
            portal(owner)
                .formParam("month", "2025-04")
                .formParam("coal", "1,000")
                .formParam("source", "x")
                .post("/portal/energy/ep-b/declarations"),
            400);
    assertThat(invalid).contains("id=\"form-errors\"", "煤：请填写不小于 0 的数字");
    String noSource =
        html(
            portal(operator)
                .formParam("month", "2025-04")
                .formParam("coal", "3")
                .post("/portal/energy/ep-b/declarations"),
            400);
    assertThat(noSource).contains("id=\"form-errors\"", "source: is required", "value=\"3\"");

    html(
        portal(viewer)
            .formParam("month", "2025-04")
            .formParam("steam", "1")
            .formParam("source", "x")
            .post("/portal/energy/ep-a/declarations"),
        403);
  }

  /** The portal as a browser asks it: forms in UTF-8, no redirect followed. */
  private static RequestSpecification portal(Api who) {
    return given()
        .auth()
        .oauth2(who.token())
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded; charset=UTF-8");
  }

  private static String html(Response response, int status) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
    return response.asString();
  }

  /** The table row that holds {@code marker}. */
  private static String row(String page, String marker) {
    int at = page.indexOf(marker);
    assertThat(at).as(marker).isNotNegative();
    return page.substring(at, page.indexOf("</tr>", at));
  }

  private static String pdfText(byte[] pdf) throws Exception {
    assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    }
  }

  private static void enterprise(String park, String id, String name) {
    admin
        .request()
        .body(
            Map.of("id", id, "park", park, "name", name, "industry", "machining", "size", "small"))
        .post("/api/v1/enterprises")
        .then()
        .statusCode(201);
  }

  private void meterDay(
      String enterprise, String device, LocalDate day, int slots, double counter, double interval)
      throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO energy_meter_day (park, enterprise, device, point, carrier, day,"
                    + " slots, expected_slots, counter_kwh, interval_kwh, computed_at)"
                    + " VALUES (?, ?, ?, 'energy_kwh', 'electricity', ?, ?, 96, ?, ?, now())")) {
      insert.setString(1, PARK);
      insert.setString(2, enterprise);
      insert.setString(3, device);
      insert.setDate(4, Date.valueOf(day));
      insert.setInt(5, slots);
      insert.setDouble(6, counter);
      insert.setDouble(7, interval);
      insert.executeUpdate();
    }
  }

  private void declared(String enterprise, String carrier, double quantity, String source)
      throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO energy_declaration (enterprise_id, month, carrier, quantity, source,"
                    + " declared_by, declared_at) VALUES (?, DATE '2025-03-01', ?, ?, ?,"
                    + " 'ep-seed', now())")) {
      insert.setString(1, enterprise);
      insert.setString(2, carrier);
      insert.setDouble(3, quantity);
      insert.setString(4, source);
      insert.executeUpdate();
    }
  }
}
