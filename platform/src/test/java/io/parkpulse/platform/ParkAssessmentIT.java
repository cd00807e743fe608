package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.IngestBatch;
import io.parkpulse.platform.ingest.TelemetryWriter;
import io.parkpulse.platform.maturity.readmodel.IndicatorQueries;
import io.parkpulse.platform.maturity.readmodel.ReferenceIndicators;
import io.parkpulse.platform.maturity.scoring.Evidence.IndicatorValue;
import io.parkpulse.platform.telemetry.jobs.DaySummaryJob;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A park of three enterprises with different data: {@code pa-a} with two machines, one created
 * inside the window with rollups from before its creation; {@code pa-b} with gaps, a machine that
 * sends more often than it declares, a meter, a machine that never connected, rollups under the id
 * of one of pa-a's machines, alarms, sessions and an API token; {@code pa-c} with nothing. The
 * park's indicators computed at once equal those of each enterprise computed alone, and those the
 * platform computed one enterprise at a time before ({@link ReferenceIndicators}); the park
 * endpoint assesses, keeps and publishes every enterprise, for the park's operator and platform
 * admins only.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ParkAssessmentIT {

  private static final String PARK = "pa-park";
  private static final Duration WINDOW = Duration.ofDays(30);
  private static boolean setUp;

  @Inject DataSource dataSource;
  @Inject DaySummaryJob daySummaries;

  @BeforeEach
  void setUpOnce() throws Exception {
    if (setUp) {
      return;
    }
    setUp = true;
    Api admin = Api.admin();
    admin.park(PARK);
    admin.park("pa-other");
    for (String e : List.of("pa-a", "pa-b", "pa-c")) {
      admin.enterprise(PARK, e);
    }
    admin.enterprise("pa-other", "pa-x");
    profile(
        admin,
        "pa-press",
        PARK,
        null,
        point("good_count", "integer", "counter.good", 60),
        point("energy_kwh", "number", "energy.active_kwh", 60),
        point("state", "string", "machine.state", 60));
    profile(
        admin,
        "pa-oven",
        null,
        "pa-b",
        point("temp", "number", "temperature.c", 600),
        point("energy_kwh", "number", "energy.active_kwh", 600),
        point("state", "string", "machine.state", 600));
    device(admin, "pa-a", "pa-a-m1", "machine", "pa-press", 10.0, "medium");
    device(admin, "pa-a", "pa-a-m2", "machine", "pa-press", 7.5, "medium");
    device(admin, "pa-b", "pa-b-m1", "machine", "pa-oven", 20.0, "medium");
    device(admin, "pa-b", "pa-b-m2", "machine", "pa-press", null, "high");
    device(admin, "pa-b", "pa-b-m3", "machine", "pa-oven", 5.0, "low");
    device(admin, "pa-b", "pa-b-meter", "meter", null, null, "low");

    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    created("pa-a-m1", now.minus(Duration.ofHours(40)));
    created("pa-a-m2", now.minus(Duration.ofHours(3)));
    created("pa-b-m1", now.minus(Duration.ofDays(60)));
    created("pa-b-m3", now.minus(Duration.ofHours(2)));
    List<TelemetryRecord> readings = new ArrayList<>();
    // pa-a-m1: every other minute for 40 hours; pa-a-m2: every minute for 3 hours.
    for (int i = 1; i <= 1200; i++) {
      readings.add(press("pa-a", "pa-a-m1", i, now.minus(Duration.ofMinutes(2400 - 2L * i))));
    }
    for (int i = 1; i <= 180; i++) {
      readings.add(press("pa-a", "pa-a-m2", i, now.minus(Duration.ofMinutes(180 - i))));
    }
    // pa-b-m1: every 10 minutes for two days, but not 20 to 26 hours ago nor in the last 2 hours.
    for (int i = 0; i < 288; i++) {
      Instant ts = now.minus(Duration.ofMinutes(10L * (288 - i)));
      long hoursAgo = Duration.between(ts, now).toHours();
      if ((hoursAgo < 20 || hoursAgo >= 26) && hoursAgo >= 2) {
        readings.add(oven("pa-b-m1", i + 1, ts));
      }
    }
    // pa-b-m3 declares 10 minutes and sends every minute: its received samples exceed the expected.
    for (int i = 1; i <= 119; i++) {
      readings.add(oven("pa-b-m3", i, now.minus(Duration.ofMinutes(120 - i))));
    }
    // The meter: every 30 minutes from 35 to 5 days ago (the first 5 days are outside the window).
    for (int i = 0; i < 30 * 48; i++) {
      readings.add(
          new TelemetryRecord(
              PARK,
              new DeviceRef("pa-b", "pa-b-meter"),
              i + 1,
              now.minus(Duration.ofDays(35)).plus(Duration.ofMinutes(30L * i)),
              now,
              Map.of("energy_kwh", i * 1.5)));
    }
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    for (int i = 0; i < readings.size(); i += 2000) {
      writer.write(
          new IngestBatch(readings.subList(i, Math.min(readings.size(), i + 2000)), List.of()));
    }
    try (Connection c = dataSource.getConnection();
        Statement sql = c.createStatement()) {
      // Hourly rollups of pa-a-m2 from before it was created (an earlier device of that id): they
      // count for the uptime, not for O3 or O4.
      sql.execute(
          "INSERT INTO rollup_1h (park, enterprise, device, point, bucket, n, sum, min, max,"
              + " first_ts, first_value, last_ts, last_value) VALUES ('"
              + PARK
              + "', 'pa-a', 'pa-a-m2', 'good_count', date_trunc('hour', now()) - interval '10 hours',"
              + " 50, 50, 1, 1, date_trunc('hour', now()) - interval '10 hours', 1,"
              + " date_trunc('hour', now()) - interval '9 hours 1 minute', 1)");
      // And rollups of a device of pa-b with the id of one of pa-a's (deleted and created again
      // there): they are pa-b's, not pa-a-m1's.
      sql.execute(
          "INSERT INTO rollup_1h (park, enterprise, device, point, bucket, n, sum, min, max,"
              + " first_ts, first_value, last_ts, last_value) VALUES ('"
              + PARK
              + "', 'pa-b', 'pa-a-m1', 'good_count', date_trunc('hour', now()) - interval '5 hours',"
              + " 7, 7, 1, 1, date_trunc('hour', now()) - interval '5 hours', 1,"
              + " date_trunc('hour', now()) - interval '4 hours 1 minute', 1)");
      // As the ingest keeps them with the hourly rollups.
      sql.execute(
          "INSERT INTO enterprise_hour (enterprise, bucket, park) VALUES"
              + " ('pa-a', date_trunc('hour', now()) - interval '10 hours', '"
              + PARK
              + "'), ('pa-b', date_trunc('hour', now()) - interval '5 hours', '"
              + PARK
              + "') ON CONFLICT DO NOTHING");
      sql.execute(
          "INSERT INTO alarm_rule (id, park_id, enterprise_id, name, point, condition, threshold,"
              + " for_seconds, severity, sla_seconds, enabled) VALUES ('pa-hot', '"
              + PARK
              + "', 'pa-b', 'Too hot', 'temp', 'above', 80, 0, 'warning', 600, true)");
      // Handled within its SLA and closed; handled late; and one from before the window.
      sql.execute(
          "INSERT INTO alarm (rule_id, park_id, enterprise_id, device_id, point, value, opened_at,"
              + " sla_seconds, acknowledged_at, closed_at) VALUES"
              + " ('pa-hot', 'pa-park', 'pa-b', 'pa-b-m1', 'temp', '85', now() - interval '2 days',"
              + "  600, now() - interval '2 days' + interval '5 minutes', now() - interval '1 day'),"
              + " ('pa-hot', 'pa-park', 'pa-b', 'pa-b-m3', 'temp', '90', now() - interval '1 day',"
              + "  600, now() - interval '1 day' + interval '20 minutes', now()),"
              + " ('pa-hot', 'pa-park', 'pa-b', 'pa-b-m1', 'temp', '95', now() - interval '40 days',"
              + "  600, now() - interval '40 days', now() - interval '40 days')");
      sql.execute(
          "INSERT INTO device_event (park, enterprise, device, type, at, details) VALUES"
              + " ('pa-park', 'pa-b', 'pa-b-m1', 'connected', now() - interval '1 day',"
              + "  '{\"tls\": true}'),"
              + " ('pa-park', 'pa-b', 'pa-b-m1', 'connected', now() - interval '2 days',"
              + "  '{\"tls\": false}'),"
              + " ('pa-park', 'pa-b', 'pa-b-m1', 'connected', now() - interval '40 days',"
              + "  '{\"tls\": false}')");
      // pa-b's MES consumed its park's topics yesterday; its old BI tool last did 40 days ago.
      sql.execute(
          "INSERT INTO kafka_client (enterprise_id, group_id, topics, committed, members,"
              + " first_seen, last_sampled, last_active) VALUES"
              + " ('pa-b', 'parkpulse.pa-park.pa-b.mes', '{parkpulse.pa-park.telemetry.v1}', 10, 1,"
              + "  now() - interval '3 days', now(), now() - interval '1 day'),"
              + " ('pa-b', 'parkpulse.pa-park.pa-b.bi', '{parkpulse.pa-park.telemetry.v1}', 5, 0,"
              + "  now() - interval '50 days', now(), now() - interval '40 days')");
      sql.execute("ANALYZE rollup_1h");
    }
    Api erp = admin.apiToken("pa-erp", "enterprise-viewer", null, "pa-b");
    erp.request().get("/api/v1/enterprises/pa-b").then().statusCode(200);
    byte[] plan = "Digital plan, approved".getBytes(StandardCharsets.UTF_8);
    admin
        .request()
        .body(
            Map.of(
                "answer", "FULLY",
                "attachmentName", "plan.pdf",
                "attachmentBase64", Base64.getEncoder().encodeToString(plan)))
        .put("/api/v1/enterprises/pa-a/questionnaire/digital-plan")
        .then()
        .statusCode(200);
    admin
        .request()
        .body(Map.of("verified", true))
        .post("/api/v1/enterprises/pa-a/questionnaire/digital-plan/verification")
        .then()
        .statusCode(200);
  }

  @Test
  void theParksIndicatorsAreEachEnterprisesAsComputedAlone() throws Exception {
    Instant now = Instant.now();
    IndicatorQueries queries = new IndicatorQueries(dataSource);
    ReferenceIndicators reference = new ReferenceIndicators(dataSource);
    Map<String, Map<String, IndicatorValue>> park = queries.computePark(PARK, now, WINDOW);

    assertThat(park).containsOnlyKeys("pa-a", "pa-b", "pa-c");
    SoftAssertions softly = new SoftAssertions();
    for (String enterprise : park.keySet()) {
      Map<String, IndicatorValue> before = reference.compute(enterprise, now, WINDOW);
      sameValues(softly, enterprise + " park-wide", park.get(enterprise), before);
      sameValues(softly, enterprise + " alone", queries.compute(enterprise, now, WINDOW), before);
    }
    softly.assertAll();

    // What the data makes of them, by hand.
    Map<String, IndicatorValue> a = park.get("pa-a");
    Map<String, IndicatorValue> b = park.get("pa-b");
    Map<String, IndicatorValue> c = park.get("pa-c");
    assertThat(a.get("O1").value()).isEqualTo(1.0);
    assertThat(b.get("O1").source()).isEqualTo("2 of 3 machines sent data in the last 7 days");
    assertThat(b.get("O2").source())
        .isEqualTo("2 of 3 machines with type, rated power and criticality");
    // pa-a-m1: 1,200 of 2,400 per point; pa-a-m2: 180 of 180, its earlier rollup left out (the
    // expected grow by a few from the setup to now).
    assertThat(a.get("O3").source()).startsWith("2760 of 516");
    assertThat(a.get("gateway-uptime").value()).isEqualTo(1.0);
    // pa-b-m3 sent 119 readings per point where 12 were expected: it counts 12.
    assertThat(b.get("O3").value()).isLessThan(1.0);
    assertThat(b.get("O4").value()).isLessThan(a.get("O4").value());
    assertThat(b.get("O5").source()).isEqualTo("25.0 of 25.0 rated kW metered");
    assertThat(b.get("O6").source())
        .startsWith("0 of 1 critical machines with computable OEE on 90% of ");
    assertThat(b.get("O7").value()).isEqualTo(0.5);
    assertThat(b.get("O9").value()).isEqualTo(2.0);
    assertThat(b.get("O9").source())
        .isEqualTo("1 API tokens used, 1 Kafka clients active (parkpulse.pa-park.pa-b.mes)");
    assertThat(b.get("O10").value()).isEqualTo(0.5);
    // The meter's 25 days in the window and pa-b-m1's last two days with a gap, of 30 days.
    assertThat(b.get("gateway-uptime").value()).isBetween(0.85, 0.95);
    assertThat(c.get("O1").applicable()).isFalse();
    assertThat(c.get("O9").value()).isZero();
    assertThat(c).containsOnlyKeys("O1", "O2", "O6", "O9");
  }

  @Test
  void theDaySummariesGiveTheSameIndicatorsAndAreTrustedOnlyWhileTrue() throws Exception {
    assertThat(daySummaries.run(Instant.now())).isPositive();
    sameAsReference("with day summaries");
    // One of pa-b-m1's summarised days with data, and an hour of it.
    Instant day;
    Instant hour;
    long n;
    try (Connection c = dataSource.getConnection();
        Statement sql = c.createStatement();
        ResultSet rs =
            sql.executeQuery(
                "SELECT pd.bucket, pd.n, (SELECT min(r.bucket) FROM rollup_1h r"
                    + " WHERE r.enterprise = 'pa-b' AND r.device = 'pa-b-m1' AND r.point = 'temp'"
                    + " AND r.bucket >= pd.bucket AND r.bucket < pd.day_end)"
                    + " FROM point_day pd WHERE pd.enterprise = 'pa-b' AND pd.device = 'pa-b-m1'"
                    + " AND pd.point = 'temp' AND pd.n > 0 ORDER BY pd.n DESC LIMIT 1")) {
      assertThat(rs.next()).as("a summarised day of pa-b-m1 with data").isTrue();
      day = rs.getTimestamp(1).toInstant();
      n = rs.getLong(2);
      hour = rs.getTimestamp(3).toInstant();
    }

    // The assessment reads the summaries: one whose hours all look stale takes fresh probes off.
    String tamper =
        "UPDATE point_day SET staleness = '{}' WHERE enterprise = 'pa-b' AND device = 'pa-b-m1'"
            + " AND point = 'temp' AND bucket = ?";
    update(tamper, day);
    Instant now = Instant.now();
    double tampered =
        new IndicatorQueries(dataSource)
            .computePark(PARK, now, WINDOW)
            .get("pa-b")
            .get("O4")
            .value();
    assertThat(tampered)
        .isLessThan(
            new ReferenceIndicators(dataSource).compute("pa-b", now, WINDOW).get("O4").value());
    // The same summary as if drawn in another zone, its day ending an hour later: not one of the
    // window's days, so the point is read from its hours again.
    update(
        "UPDATE point_day SET day_end = day_end + interval '1 hour' WHERE enterprise = 'pa-b'"
            + " AND device = 'pa-b-m1' AND point = 'temp' AND bucket = ?",
        day);
    sameAsReference("with a summary of a day that is not the park's");
    update(
        "DELETE FROM point_day WHERE enterprise = 'pa-b' AND device = 'pa-b-m1' AND point = 'temp' AND bucket = ?",
        day);
    assertThat(daySummaries.run(Instant.now())).isPositive();
    sameAsReference("with the summary written again");

    // A late reading in that day: its summary no longer holds and is not read, until the next run
    // writes it again with the reading.
    new TelemetryWriter(dataSource)
        .write(new IngestBatch(List.of(oven("pa-b-m1", 10_000, hour.plusSeconds(1))), List.of()));
    sameAsReference("after a late reading");
    assertThat(daySummaries.run(Instant.now())).isPositive();
    sameAsReference("after the next run");
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT n FROM point_day WHERE enterprise = 'pa-b' AND device = 'pa-b-m1'"
                    + " AND point = 'temp' AND bucket = ?")) {
      q.setObject(1, day.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(n + 1);
      }
    }
  }

  /** The park's indicators equal each enterprise's as the reference computes them. */
  private void sameAsReference(String what) throws Exception {
    Instant now = Instant.now();
    Map<String, Map<String, IndicatorValue>> park =
        new IndicatorQueries(dataSource).computePark(PARK, now, WINDOW);
    ReferenceIndicators reference = new ReferenceIndicators(dataSource);
    SoftAssertions softly = new SoftAssertions();
    for (String enterprise : park.keySet()) {
      sameValues(
          softly,
          enterprise + " " + what,
          park.get(enterprise),
          reference.compute(enterprise, now, WINDOW));
    }
    softly.assertAll();
  }

  private void update(String sql, Instant at) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement update = c.prepareStatement(sql)) {
      update.setObject(1, at.atOffset(ZoneOffset.UTC));
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void theParksOperatorAssessesEveryEnterpriseOfThePark() {
    Api admin = Api.admin();
    Api operator = admin.user("pa-op", "park-operator", PARK, null);
    JsonPath result =
        operator
            .request()
            .post("/api/v1/parks/" + PARK + "/assessments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();

    assertThat(result.getString("park")).isEqualTo(PARK);
    assertThat(result.getString("catalogVersion")).isEqualTo("default-v1");
    assertThat(result.getInt("enterprises")).isEqualTo(3);
    assertThat(result.getList("assessments.enterprise")).containsExactly("pa-a", "pa-b", "pa-c");
    for (int i = 0; i < 3; i++) {
      String enterprise = result.getString("assessments[" + i + "].enterprise");
      JsonPath latest =
          admin
              .request()
              .get("/api/v1/enterprises/" + enterprise + "/assessments/latest")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(latest.getLong("id")).isEqualTo(result.getLong("assessments[" + i + "].id"));
      assertThat(latest.getInt("assessment.level"))
          .isEqualTo(result.getInt("assessments[" + i + "].level"));
      assertThat(latest.getString("assessment.enterprise")).isEqualTo(enterprise);
      assertThat(
              TopicReader.readAll(
                  new ParkTopic("parkpulse", PARK, ParkTopic.Kind.MATURITY).name(), enterprise))
          .isNotEmpty();
    }
    // Each enterprise is scored on its own answers: only pa-a verified its digital plan.
    assertThat(digitalPlanScore(admin, "pa-a")).isEqualTo(1.0f);
    assertThat(digitalPlanScore(admin, "pa-b")).isEqualTo(0.0f);
  }

  @Test
  void onlyTheParksOperatorAndPlatformAdminsAssessAPark() {
    Api admin = Api.admin();
    String path = "/api/v1/parks/" + PARK + "/assessments";
    admin.request().post(path).then().statusCode(201);
    admin.request().post("/api/v1/parks/pa-nowhere/assessments").then().statusCode(404);
    Api otherOperator = admin.user("pa-other-op", "park-operator", "pa-other", null);
    otherOperator.request().post(path).then().statusCode(404);
    Api enterpriseAdmin = admin.user("pa-a-admin", "enterprise-admin", null, "pa-a");
    enterpriseAdmin.request().post(path).then().statusCode(403);
    Api viewer = admin.apiToken("pa-a-viewer", "enterprise-viewer", null, "pa-a");
    viewer.request().post(path).then().statusCode(403);
    Api outsider = admin.user("pa-x-admin", "enterprise-admin", null, "pa-x");
    outsider.request().post(path).then().statusCode(404);
  }

  private static float digitalPlanScore(Api admin, String enterprise) {
    List<Map<String, Object>> requirements =
        admin
            .request()
            .get("/api/v1/enterprises/" + enterprise + "/assessments/latest")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("assessment.requirements");
    return (Float)
        requirements.stream()
            .filter(r -> "D1.1".equals(r.get("id")))
            .findFirst()
            .orElseThrow()
            .get("score");
  }

  /**
   * Same indicators with the same explanation; values may differ in the last bit only, where a
   * query adds a sum of points in another order.
   */
  private static void sameValues(
      SoftAssertions softly,
      String what,
      Map<String, IndicatorValue> actual,
      Map<String, IndicatorValue> expected) {
    softly.assertThat(actual.keySet()).as(what).isEqualTo(expected.keySet());
    expected.forEach(
        (indicator, e) -> {
          IndicatorValue v = actual.get(indicator);
          if (v == null) {
            return;
          }
          softly
              .assertThat(v.value())
              .as(what + " " + indicator)
              .isCloseTo(e.value(), within(1e-12));
          softly
              .assertThat(
                  new IndicatorValue(
                      e.value(),
                      v.completeness(),
                      v.valid(),
                      v.applicable(),
                      v.window(),
                      v.source()))
              .as(what + " " + indicator)
              .isEqualTo(e);
        });
  }

  private void created(String device, Instant at) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement update =
            c.prepareStatement("UPDATE device SET created_at = ? WHERE id = ?")) {
      update.setTimestamp(1, Timestamp.from(at));
      update.setString(2, device);
      update.executeUpdate();
    }
  }

  private static TelemetryRecord press(String enterprise, String device, long seq, Instant ts) {
    return new TelemetryRecord(
        PARK,
        new DeviceRef(enterprise, device),
        seq,
        ts,
        ts,
        Map.of("good_count", seq, "energy_kwh", seq * 0.5, "state", "RUNNING"));
  }

  private static TelemetryRecord oven(String device, long seq, Instant ts) {
    return new TelemetryRecord(
        PARK,
        new DeviceRef("pa-b", device),
        seq,
        ts,
        ts,
        Map.of("temp", 60 + seq % 10, "energy_kwh", seq * 2.0, "state", "RUNNING"));
  }

  private static void device(
      Api admin,
      String enterprise,
      String id,
      String type,
      String profile,
      Double ratedPowerKw,
      String criticality) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", id);
    body.put("name", id);
    body.put("type", type);
    body.put("profile", profile);
    body.put("ratedPowerKw", ratedPowerKw);
    body.put("criticality", criticality);
    admin
        .request()
        .body(body)
        .post("/api/v1/enterprises/" + enterprise + "/devices")
        .then()
        .statusCode(201);
  }

  private static void profile(
      Api admin, String id, String park, String enterprise, Map<?, ?>... points) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", id);
    body.put("park", park);
    body.put("enterprise", enterprise);
    body.put("name", id);
    body.put("points", List.of(points));
    admin.request().body(body).post("/api/v1/profiles").then().statusCode(201);
  }

  private static Map<String, Object> point(String name, String type, String kind, int interval) {
    return Map.of(
        "name", name, "unit", "", "dataType", type, "kind", kind, "intervalSeconds", interval);
  }
}
