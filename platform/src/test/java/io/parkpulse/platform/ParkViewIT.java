package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.platform.maturity.miit.MiitEstimate;
import io.parkpulse.platform.maturity.scoring.Assessment;
import io.parkpulse.platform.maturity.scoring.Assessment.Gap;
import io.parkpulse.platform.maturity.scoring.Assessment.Recommendation;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The park view through the API, on assessments kept in PostgreSQL: a park of 43 assessed
 * enterprises (one at level 3 that rose from 2, one at 2, one at 0, forty at 1) and one never
 * assessed, with names in Chinese and one with a comma and quotes. JSON, CSV and PDF say the same,
 * for the park's operator and platform admins only.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ParkViewIT {

  private static final String PARK = "pv-park";
  private static final String ACME = "Acme, \"Best\" Tools";
  private static final int BULK = 40;
  private static boolean setUp;
  private static Instant now;

  @Inject DataSource dataSource;
  @Inject ObjectMapper mapper;

  @BeforeEach
  void setUpOnce() throws Exception {
    if (setUp) {
      return;
    }
    setUp = true;
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Api admin = Api.admin();
    admin
        .request()
        .body(Map.of("id", PARK, "name", "智造园区 Smart Park", "retentionDays", 30))
        .post("/api/v1/parks")
        .then()
        .statusCode(201);
    admin.park("pv-other");
    enterprise(admin, PARK, "pv-acme", ACME);
    enterprise(admin, PARK, "pv-east", "东方精密");
    enterprise(admin, PARK, "pv-south", "南方注塑");
    enterprise(admin, PARK, "pv-never", "未评估企业");
    for (int i = 0; i < BULK; i++) {
      enterprise(admin, PARK, String.format("pv-bulk-%02d", i), String.format("批量企业%02d", i));
    }
    admin.enterprise("pv-other", "pv-x");
    try (Connection c = dataSource.getConnection()) {
      // The enterprises exist from 60 days ago, so that the earlier assessments are theirs.
      c.createStatement()
          .execute(
              "UPDATE enterprise SET created_at = now() - interval '60 days'"
                  + " WHERE park_id = '"
                  + PARK
                  + "'");
    }
    Instant latest = now.minus(Duration.ofHours(1));
    Instant earlier = now.minus(Duration.ofDays(31));
    keep("pv-acme", earlier, 2, 2.5, gap(3, rec("D3.2", 3, 0.2)));
    keep("pv-acme", latest, 3, 3.1, gap(4, rec("D4.1", 4, 0.2), rec("D3.2", 3, 0.04)));
    keep("pv-east", earlier, 2, 2.1, gap(3, rec("D3.2", 3, 0.2)));
    keep("pv-east", latest, 2, 2.4, gap(3, rec("D3.2", 3, 0.2), rec("D3.4", 3, 0.15)));
    keep("pv-south", latest, 0, 0.5, gap(1, rec("D1.1", 1, 0.3)));
    for (int i = 0; i < BULK; i++) {
      keep(String.format("pv-bulk-%02d", i), latest, 1, 1.2, gap(2, rec("D2.1", 2, 0.25)));
    }
  }

  @Test
  void theOperatorSeesTheParksDistributionRankingTrendsAndCommonGaps() {
    Api operator = Api.admin().user("pv-op", "park-operator", PARK, null);
    JsonPath view =
        operator
            .request()
            .get("/api/v1/parks/" + PARK + "/maturity")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(view.getString("parkName")).isEqualTo("智造园区 Smart Park");
    assertThat(view.getInt("enterprises")).isEqualTo(BULK + 4);
    assertThat(view.getInt("assessed")).isEqualTo(BULK + 3);
    assertThat(view.getList("distribution.count", Integer.class))
        .containsExactly(1, BULK, 1, 1, 0, 0);
    assertThat(view.getInt("atLeastLevel2")).isEqualTo(2);
    assertThat(view.getDouble("shareAtLeastLevel2")).isCloseTo(2.0 / (BULK + 3), within(1e-6));
    // The kept assessments have no MIIT level (networking points only): all below 一级.
    assertThat(view.getList("miitDistribution.count", Integer.class))
        .containsExactly(BULK + 3, 0, 0, 0, 0);
    assertThat(view.getInt("miitAtLeastLevel2")).isZero();
    assertThat(view.getList("notAssessed.enterprise")).containsExactly("pv-never");
    assertThat(view.getList("ranking.enterprise").subList(0, 2))
        .containsExactly("pv-acme", "pv-east");
    assertThat(view.getString("ranking[0].name")).isEqualTo(ACME);
    assertThat(view.getInt("ranking[0].trend.deltaLevel")).isEqualTo(1);
    assertThat(view.getDouble("ranking[0].trend.deltaTotal")).isCloseTo(0.6, within(1e-6));
    assertThat(view.getString("ranking[0].mainGap.requirement")).isEqualTo("D4.1");
    assertThat(view.getDouble("ranking[1].trend.deltaTotal")).isCloseTo(0.3, within(1e-6));
    assertThat(view.getInt("ranking[2].rank")).isEqualTo(3);
    assertThat(view.getInt("ranking[" + (BULK + 1) + "].rank")).isEqualTo(3);
    assertThat(view.getString("ranking[" + (BULK + 2) + "].enterprise")).isEqualTo("pv-south");
    assertThat((Object) view.get("ranking[" + (BULK + 2) + "].trend")).isNull();
    // D2.1 is the gap of the forty; D3.2 of pv-acme (0.04) and pv-east (0.2).
    assertThat(view.getString("commonGaps[0].requirement")).isEqualTo("D2.1");
    assertThat(view.getInt("commonGaps[0].enterprises")).isEqualTo(BULK);
    assertThat(view.getString("commonGaps[0].titleZh")).isEqualTo("设备联网率 ≥ 60%");
    assertThat(view.getString("commonGaps[1].requirement")).isEqualTo("D3.2");
    assertThat(view.getInt("commonGaps[1].enterprises")).isEqualTo(2);
    assertThat(view.getDouble("commonGaps[1].averageGain"))
        .isCloseTo((0.04 + 0.2) / 2, within(1e-6));
  }

  @Test
  void asOfAnEarlierDateOnlyTheAssessmentsKeptByThenCount() {
    JsonPath view =
        Api.admin()
            .request()
            .queryParam("asOf", now.minus(Duration.ofDays(20)).toString())
            .get("/api/v1/parks/" + PARK + "/maturity")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(view.getInt("assessed")).isEqualTo(2);
    assertThat(view.getList("ranking.enterprise")).containsExactly("pv-acme", "pv-east");
    assertThat(view.getInt("ranking[0].level")).isEqualTo(2);
    assertThat((Object) view.get("ranking[0].trend")).isNull();
  }

  @Test
  void theCsvHasOneRowPerEnterpriseReadableByExcel() {
    Response response = Api.admin().request().get("/api/v1/parks/" + PARK + "/maturity/report.csv");
    response.then().statusCode(200);
    assertThat(response.contentType()).startsWith("text/csv").containsIgnoringCase("charset=utf-8");
    assertThat(response.header("Content-Disposition")).contains("pv-park-maturity-");
    byte[] bytes = response.asByteArray();

    assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    List<List<String>> rows =
        parseCsv(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
    List<String> header = rows.get(0);
    assertThat(header).startsWith("rank", "enterprise", "name", "level");
    assertThat(rows).hasSize(1 + BULK + 4);
    Map<String, List<String>> byId = new HashMap<>();
    rows.subList(1, rows.size()).forEach(r -> byId.put(r.get(1), r));
    assertThat(byId.get("pv-acme").get(header.indexOf("name"))).isEqualTo(ACME);
    assertThat(byId.get("pv-acme").get(header.indexOf("level"))).isEqualTo("3");
    assertThat(byId.get("pv-acme").get(header.indexOf("delta_level"))).isEqualTo("1");
    assertThat(byId.get("pv-acme").get(header.indexOf("main_gap"))).isEqualTo("D4.1");
    assertThat(byId.get("pv-east").get(header.indexOf("name"))).isEqualTo("东方精密");
    assertThat(byId.get("pv-east").get(header.indexOf("level_name"))).isEqualTo("规范级");
    assertThat(byId.get("pv-bulk-07").get(header.indexOf("name"))).isEqualTo("批量企业07");
    assertThat(byId.get("pv-never").get(header.indexOf("name"))).isEqualTo("未评估企业");
    assertThat(byId.get("pv-never").get(header.indexOf("level"))).isEmpty();
    assertThat(rows.subList(1, rows.size())).allSatisfy(r -> assertThat(r).hasSize(header.size()));
  }

  @Test
  void thePdfReportNamesTheEnterprisesAndLevelCountsOverSeveralPages() throws Exception {
    Assumptions.assumeTrue(
        Files.isReadable(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")),
        "the Chinese text needs fonts-wqy-microhei");
    Response response = Api.admin().request().get("/api/v1/parks/" + PARK + "/maturity/report.pdf");
    response.then().statusCode(200);
    assertThat(response.contentType()).startsWith("application/pdf");

    try (PDDocument doc = Loader.loadPDF(response.asByteArray())) {
      assertThat(doc.getNumberOfPages()).isGreaterThan(1);
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("智造园区 Smart Park", "东方精密", "南方注塑", "批量企业39", ACME);
      assertThat(text).contains("未评估企业");
      // The summary's table: level, name, count.
      assertThat(text).containsPattern(Pattern.compile("L1\\s+规划级\\s+" + BULK + "\\s"));
      assertThat(text).containsPattern(Pattern.compile("L3\\s+集成级\\s+1\\s"));
      assertThat(text).containsPattern(Pattern.compile("L4\\s+优化级\\s+0\\s"));
      assertThat(text).contains("设备联网率 ≥ 60%");
    }
    Response english =
        Api.admin()
            .request()
            .queryParam("lang", "en")
            .get("/api/v1/parks/" + PARK + "/maturity/report.pdf");
    try (PDDocument doc = Loader.loadPDF(english.asByteArray())) {
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("Ranking", "Most common gaps", "Equipment connectivity ≥ 60%");
      assertThat(text).containsPattern(Pattern.compile("L1\\s+planning\\s+" + BULK + "\\s"));
    }
  }

  @Test
  void onlyTheParksOperatorAndPlatformAdminsSeeTheParkView() {
    Api admin = Api.admin();
    Api enterpriseAdmin = admin.user("pv-acme-admin", "enterprise-admin", null, "pv-acme");
    Api viewer = admin.apiToken("pv-east-viewer", "enterprise-viewer", null, "pv-east");
    Api otherOperator = admin.user("pv-other-op", "park-operator", "pv-other", null);
    for (String path :
        List.of(
            "/api/v1/parks/" + PARK + "/maturity",
            "/api/v1/parks/" + PARK + "/maturity/report.csv",
            "/api/v1/parks/" + PARK + "/maturity/report.pdf")) {
      enterpriseAdmin.request().get(path).then().statusCode(404);
      viewer.request().get(path).then().statusCode(404);
      otherOperator.request().get(path).then().statusCode(404);
      admin.request().get(path).then().statusCode(200);
    }
    admin.request().get("/api/v1/parks/pv-nowhere/maturity").then().statusCode(404);
    admin
        .request()
        .queryParam("lang", "fr")
        .get("/api/v1/parks/" + PARK + "/maturity/report.pdf")
        .then()
        .statusCode(400);
    admin
        .request()
        .queryParam("asOf", "yesterday")
        .get("/api/v1/parks/" + PARK + "/maturity")
        .then()
        .statusCode(400);
  }

  @Test
  void readsTheAssessmentsThePlatformKeeps() {
    Api admin = Api.admin();
    admin.request().post("/api/v1/parks/pv-other/assessments").then().statusCode(201);

    JsonPath view =
        admin
            .request()
            .get("/api/v1/parks/pv-other/maturity")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(view.getList("ranking.enterprise")).containsExactly("pv-x");
    assertThat(view.getString("ranking[0].catalogVersion")).isEqualTo("default-v1");
    assertThat(view.getString("ranking[0].mainGap.requirement")).isNotBlank();
  }

  @Test
  void theOpenApiDocumentDescribesTheParkViewAndItsFiles() {
    JsonPath openApi =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String paths = "paths.'/api/v1/parks/{park}/maturity";

    assertThat(openApi.getMap(paths + "'.get")).containsKey("summary");
    assertThat(openApi.getMap(paths + "/report.csv'.get.responses.200.content").keySet())
        .anySatisfy(type -> assertThat(type.toString()).startsWith("text/csv"));
    assertThat(openApi.getMap(paths + "/report.pdf'.get.responses.200.content"))
        .containsKey("application/pdf");
  }

  private void keep(String enterprise, Instant at, int level, double total, Optional<Gap> gap)
      throws Exception {
    Assessment a =
        new Assessment(
            enterprise,
            "default-v1",
            List.of(),
            List.of(),
            total,
            level,
            gap.map(
                g ->
                    new Gap(
                        g.nextLevel(),
                        g.nextLevel() - 0.2,
                        Math.max(0, g.nextLevel() - 0.2 - total),
                        List.of(),
                        g.ranked())),
            new MiitEstimate(0.5, MiitEstimate.networkingPoints(0.5), List.of()));
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO maturity_assessment (enterprise_id, park_id, assessed_at,"
                    + " catalog_version, level, total, result) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
      insert.setString(1, enterprise);
      insert.setString(2, PARK);
      insert.setTimestamp(3, Timestamp.from(at));
      insert.setString(4, "default-v1");
      insert.setInt(5, level);
      insert.setDouble(6, total);
      insert.setString(7, mapper.writeValueAsString(a));
      insert.executeUpdate();
    }
  }

  private static Optional<Gap> gap(int next, Recommendation... ranked) {
    return Optional.of(new Gap(next, 0, 0, List.of(), List.of(ranked)));
  }

  private static Recommendation rec(String requirement, int level, double gain) {
    return new Recommendation(requirement, level, gain, "建议" + requirement, "Do " + requirement);
  }

  private static void enterprise(Api admin, String park, String id, String name) {
    admin
        .request()
        .body(
            Map.of("id", id, "park", park, "name", name, "industry", "machining", "size", "small"))
        .post("/api/v1/enterprises")
        .then()
        .statusCode(201);
  }

  /** RFC 4180: fields separated by commas, rows by CRLF, quoted fields with doubled quotes. */
  private static List<List<String>> parseCsv(String csv) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char ch = csv.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (ch == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(ch);
      }
    }
    if (!row.isEmpty() || field.length() > 0) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
