package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.platform.maturity.readmodel.IndicatorQueries;
import io.parkpulse.platform.maturity.scoring.Evidence.IndicatorValue;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reported output and O11: an enterprise reports its daily output, its machines' {@code
 * counter.good} points (hourly rollups) rose by known amounts on those days, and the assessment
 * shows O11 = counted ÷ reported with its window and source. Also who may report, and what is
 * rejected.
 *
 * <p>Park {@code ro-park} (Asia/Shanghai) has {@code ro-co}, whose users report, {@code ro-o11},
 * whose numbers O11 is checked against, and {@code ro-quiet}, whose machine counts but which
 * reports nothing.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ReportedOutputIT {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  @Inject DataSource dataSource;

  private static Api admin;
  private static Api enterpriseAdmin;
  private static Api viewer;
  private static Api operator;
  private static Api otherAdmin;

  @BeforeEach
  void setUpOnce() {
    if (admin != null) {
      return;
    }
    admin = Api.admin();
    admin.park("ro-park");
    admin.enterprise("ro-park", "ro-co");
    admin.enterprise("ro-park", "ro-o11");
    admin.enterprise("ro-park", "ro-quiet");
    admin
        .request()
        .body(
            Map.of(
                "id",
                "ro-counter",
                "park",
                "ro-park",
                "name",
                "Counting machine",
                "points",
                List.of(point("good", "counter.good"), point("total", "counter.total"))))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    for (String[] d :
        new String[][] {{"ro-o11", "ro-m1"}, {"ro-o11", "ro-m2"}, {"ro-quiet", "ro-q1"}}) {
      admin
          .request()
          .body(Map.of("id", d[1], "name", d[1], "profile", "ro-counter"))
          .post("/api/v1/enterprises/{e}/devices", d[0])
          .then()
          .statusCode(201);
    }
    enterpriseAdmin = admin.user("ro-admin", "enterprise-admin", null, "ro-co");
    viewer = admin.user("ro-viewer", "enterprise-viewer", null, "ro-co");
    operator = admin.user("ro-operator", "park-operator", "ro-park", null);
    otherAdmin = admin.user("ro-quiet-admin", "enterprise-admin", null, "ro-quiet");
  }

  @Test
  void scoresO11AsMachineCountedOverReportedOutputOnTheReportedDays() throws Exception {
    LocalDate today = LocalDate.now(ZONE);
    LocalDate dayA = today.minusDays(2);
    LocalDate dayB = today.minusDays(1);
    LocalDate unreported = today.minusDays(3);
    // ro-m1, by hour (local time): first and last value of the counter in the hour.
    // Unreported day 10:00 0→100 (not counted; the baseline of day A).
    rollup("ro-o11", "ro-m1", "good", unreported, 10, 0, 100);
    // Day A: 08:00 100→600 (500, nothing since 100), 09:00 610→1000 (10 between + 390) = 900.
    rollup("ro-o11", "ro-m1", "good", dayA, 8, 100, 600);
    rollup("ro-o11", "ro-m1", "good", dayA, 9, 610, 1000);
    // Day B: 08:00 1000→1300 (300), 09:00 reset, 20→500 (20 + 480) = 800.
    rollup("ro-o11", "ro-m1", "good", dayB, 8, 1000, 1300);
    rollup("ro-o11", "ro-m1", "good", dayB, 9, 20, 500);
    // Not counter.good: not counted.
    rollup("ro-o11", "ro-m1", "total", dayA, 8, 0, 5000);
    // ro-m2 counts nothing on the reported days, only on the unreported one.
    rollup("ro-o11", "ro-m2", "good", unreported, 8, 0, 700);
    // ro-quiet's machine counts, but it reports nothing.
    rollup("ro-quiet", "ro-q1", "good", dayA, 8, 0, 900);

    report(admin, "ro-o11", dayA, 1000, "pcs").then().statusCode(200);
    report(operator, "ro-o11", dayB, 800, null).then().statusCode(200);
    // Before the window (30 days): left out.
    report(admin, "ro-o11", today.minusDays(40), 5000, "pcs").then().statusCode(200);

    JsonPath result =
        admin
            .request()
            .post("/api/v1/enterprises/ro-o11/assessments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    Map<String, Object> o11 = requirement(result, "D4.1");
    assertThat((Float) o11.get("value")).isCloseTo(1700f / 1800f, within(0.0001f));
    assertThat((String) o11.get("window")).startsWith("30d to ");
    assertThat(o11.get("source"))
        .isEqualTo("1700 units counted by machines (counter.good) of 1800 reported on 2 days");
    assertThat(o11.get("score")).isEqualTo(1.0f); // r = 0.944 / 0.9 ≥ 1

    // The park's indicators at once: the same O11, and none for the enterprise that reported none.
    Instant now = Instant.now();
    IndicatorQueries queries = new IndicatorQueries(dataSource);
    Map<String, Map<String, IndicatorValue>> park =
        queries.computePark("ro-park", now, Duration.ofDays(30));
    IndicatorValue parkWide = park.get("ro-o11").get("O11");
    assertThat(parkWide).isEqualTo(queries.compute("ro-o11", now, Duration.ofDays(30)).get("O11"));
    assertThat(parkWide.value()).isCloseTo(1700.0 / 1800.0, within(1e-9));
    assertThat(park.get("ro-quiet")).doesNotContainKey("O11");

    Map<String, Object> quiet =
        requirement(
            admin
                .request()
                .post("/api/v1/enterprises/ro-quiet/assessments")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath(),
            "D4.1");
    assertThat(quiet.get("flags")).isEqualTo(List.of("NO_DATA"));
    assertThat(quiet.get("score")).isEqualTo(0.0f);
  }

  @Test
  void listsTheReportedDaysAndAuditsEachReport() {
    LocalDate day = LocalDate.now(ZONE).minusDays(10);
    report(enterpriseAdmin, "ro-co", day, 120, "pcs").then().statusCode(200);
    JsonPath stored =
        report(enterpriseAdmin, "ro-co", day, 125.5, "pcs")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(stored.getString("reportedBy")).isEqualTo("ro-admin");
    assertThat(stored.getString("day")).isEqualTo(day.toString());

    JsonPath days =
        viewer
            .request()
            .queryParam("from", day.toString())
            .queryParam("to", day.toString())
            .get("/api/v1/enterprises/ro-co/reported-output")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(days.getList("day")).containsExactly(day.toString());
    assertThat(days.getFloat("[0].quantity")).isEqualTo(125.5f);
    assertThat(days.getString("[0].unit")).isEqualTo("pcs");
    assertThat(days.getString("[0].reportedBy")).isEqualTo("ro-admin");

    List<Map<String, Object>> audit =
        admin
            .request()
            .queryParam("enterprise", "ro-co")
            .get("/api/v1/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("findAll { it.action == 'enterprise.reported-output' }");
    assertThat(audit)
        .anySatisfy(
            e -> {
              assertThat(e.get("actor")).isEqualTo("ro-admin");
              @SuppressWarnings("unchecked")
              Map<String, Object> details = (Map<String, Object>) e.get("details");
              assertThat(details)
                  .containsEntry("day", day.toString())
                  .containsEntry("quantity", 125.5f)
                  .containsEntry("previousQuantity", 120.0f);
            });
  }

  @Test
  void rejectsInvalidReportsWith400NamingTheField() {
    String today = LocalDate.now(ZONE).toString();
    assertField(put(enterpriseAdmin, "2026-13-01", Map.of("quantity", 1)), "day");
    assertField(put(enterpriseAdmin, "yesterday", Map.of("quantity", 1)), "day");
    assertField(
        put(enterpriseAdmin, LocalDate.now(ZONE).plusDays(2).toString(), Map.of("quantity", 1)),
        "day");
    assertField(put(enterpriseAdmin, today, Map.of("quantity", -1)), "quantity");
    assertField(put(enterpriseAdmin, today, Map.of("unit", "pcs")), "quantity");
    assertField(put(enterpriseAdmin, today, Map.of("quantity", 1, "unit", "x".repeat(33))), "unit");
    assertField(
        viewer
            .request()
            .queryParam("from", "2026-02-01")
            .queryParam("to", "2026-01-01")
            .get("/api/v1/enterprises/ro-co/reported-output"),
        "from");
    assertField(
        viewer.request().queryParam("to", "soon").get("/api/v1/enterprises/ro-co/reported-output"),
        "to");
    put(enterpriseAdmin, today, Map.of("quantity", 0)).then().statusCode(200);
  }

  @Test
  void viewersMayReadButNotReportAndOtherEnterprisesSeeNothing() {
    String day = LocalDate.now(ZONE).minusDays(5).toString();
    put(viewer, day, Map.of("quantity", 1)).then().statusCode(403);
    viewer.request().get("/api/v1/enterprises/ro-co/reported-output").then().statusCode(200);
    put(otherAdmin, day, Map.of("quantity", 1)).then().statusCode(404);
    otherAdmin.request().get("/api/v1/enterprises/ro-co/reported-output").then().statusCode(404);
    put(operator, day, Map.of("quantity", 1)).then().statusCode(200);
    put(enterpriseAdmin, day, Map.of("quantity", 1)).then().statusCode(200);
  }

  private static void assertField(Response response, String field) {
    response.then().statusCode(400);
    assertThat(response.jsonPath().getString("field")).isEqualTo(field);
  }

  private static Response put(Api api, String day, Map<String, Object> body) {
    return put(api, "ro-co", day, body);
  }

  private static Response put(Api api, String enterprise, String day, Map<String, Object> body) {
    return api.request()
        .body(body)
        .put("/api/v1/enterprises/{e}/reported-output/{day}", enterprise, day);
  }

  private static Response report(
      Api api, String enterprise, LocalDate day, double quantity, String unit) {
    Map<String, Object> body = new HashMap<>();
    body.put("quantity", quantity);
    body.put("unit", unit);
    return put(api, enterprise, day.toString(), body);
  }

  /** One hourly rollup of a counter: its first and last value in the hour. */
  private void rollup(
      String enterprise,
      String device,
      String point,
      LocalDate day,
      int hour,
      double first,
      double last)
      throws Exception {
    Instant bucket = day.atTime(hour, 0).atZone(ZONE).toInstant();
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO rollup_1h (park, enterprise, device, point, bucket, n, sum, min, max,"
                    + " first_ts, first_value, last_ts, last_value)"
                    + " VALUES ('ro-park', ?, ?, ?, ?, 2, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, enterprise);
      insert.setString(2, device);
      insert.setString(3, point);
      insert.setTimestamp(4, Timestamp.from(bucket));
      insert.setDouble(5, first + last);
      insert.setDouble(6, Math.min(first, last));
      insert.setDouble(7, Math.max(first, last));
      insert.setTimestamp(8, Timestamp.from(bucket.plusSeconds(60)));
      insert.setDouble(9, first);
      insert.setTimestamp(10, Timestamp.from(bucket.plusSeconds(3540)));
      insert.setDouble(11, last);
      insert.executeUpdate();
    }
  }

  private static Map<String, Object> requirement(JsonPath result, String id) {
    List<Map<String, Object>> requirements = result.getList("assessment.requirements");
    return requirements.stream().filter(r -> id.equals(r.get("id"))).findFirst().orElseThrow();
  }

  private static Map<String, Object> point(String name, String kind) {
    return Map.of(
        "name", name, "unit", "", "dataType", "integer", "kind", kind, "intervalSeconds", 60);
  }
}
