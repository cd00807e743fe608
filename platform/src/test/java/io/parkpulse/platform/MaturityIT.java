package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.IngestBatch;
import io.parkpulse.platform.ingest.TelemetryWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * An enterprise with known machines and telemetry is assessed against the default catalog: the
 * indicators, the questionnaire with verified evidence, the level, the gap, the history and the
 * record on the park's maturity topic all follow from what was set up.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class MaturityIT {

  @Inject DataSource dataSource;

  @Test
  void scoresAnEnterpriseFromItsTelemetryAndVerifiedAnswers() throws Exception {
    Api admin = Api.admin();
    admin.park("mat-park");
    admin.enterprise("mat-park", "mat-co");
    admin
        .request()
        .body(
            Map.of(
                "id",
                "mat-machine",
                "park",
                "mat-park",
                "name",
                "Machine",
                "points",
                List.of(
                    point("good_count", "integer", "counter.good"),
                    point("energy_kwh", "number", "energy.active_kwh"),
                    point("state", "string", "machine.state"))))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    for (String id : List.of("mat-m1", "mat-m2")) {
      admin
          .request()
          .body(Map.of("id", id, "name", id, "profile", "mat-machine", "ratedPowerKw", 10.0))
          .post("/api/v1/enterprises/mat-co/devices")
          .then()
          .statusCode(201);
    }
    admin.device("mat-co", "mat-m3"); // no rated power, no profile, never connected
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (Connection c = dataSource.getConnection();
        Statement sql = c.createStatement()) {
      sql.execute(
          "UPDATE device SET created_at = now() - interval '121 minutes'"
              + " WHERE enterprise_id = 'mat-co'");
    }
    // Two hours at one reading a minute: m1 sends all 120, m2 only every other.
    TelemetryWriter writer = new TelemetryWriter(dataSource);
    List<TelemetryRecord> readings = new ArrayList<>();
    for (int i = 1; i <= 120; i++) {
      Instant ts = now.minus(Duration.ofMinutes(120 - i));
      readings.add(reading("mat-m1", i, ts));
      if (i % 2 == 0) {
        readings.add(reading("mat-m2", i / 2, ts));
      }
    }
    writer.write(new IngestBatch(readings, List.of()));

    Api enterpriseAdmin = admin.user("mat-admin", "enterprise-admin", null, "mat-co");
    Api viewer = admin.user("mat-viewer", "enterprise-viewer", null, "mat-co");
    Api erp = enterpriseAdmin.apiToken("erp", "enterprise-viewer", null, "mat-co");
    erp.request().get("/api/v1/enterprises/mat-co").then().statusCode(200);
    byte[] plan = "Digital plan 2026-2028, approved by the board".getBytes(StandardCharsets.UTF_8);
    enterpriseAdmin
        .request()
        .body(
            Map.of(
                "answer", "FULLY",
                "attachmentName", "plan.pdf",
                "attachmentBase64", Base64.getEncoder().encodeToString(plan)))
        .put("/api/v1/enterprises/mat-co/questionnaire/digital-plan")
        .then()
        .statusCode(200);
    enterpriseAdmin
        .request()
        .body(Map.of("verified", true))
        .post("/api/v1/enterprises/mat-co/questionnaire/digital-plan/verification")
        .then()
        .statusCode(403);
    admin
        .request()
        .body(Map.of("verified", true))
        .post("/api/v1/enterprises/mat-co/questionnaire/digital-plan/verification")
        .then()
        .statusCode(200);
    viewer.request().post("/api/v1/enterprises/mat-co/assessments").then().statusCode(403);

    JsonPath result =
        admin
            .request()
            .post("/api/v1/enterprises/mat-co/assessments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();

    String a = "assessment.";
    assertThat(result.getString(a + "catalogVersion")).isEqualTo("default-v1");
    // O2 = 2/3 → r = 0.74 → 0.5; uptime 1; plan verified → 1; digital-staff unanswered → 0.
    Map<String, Object> d13 = requirement(result, "D1.3");
    assertThat((Float) d13.get("value")).isCloseTo(0.667f, within(0.001f));
    assertThat(d13.get("score")).isEqualTo(0.5f);
    assertThat((String) d13.get("window")).startsWith("30d to ");
    assertThat((String) d13.get("source"))
        .isEqualTo("2 of 3 machines with type, rated power and criticality");
    assertThat(requirement(result, "D1.1").get("score")).isEqualTo(1.0f);
    assertThat((String) requirement(result, "D1.1").get("source")).contains("sha256:");
    assertThat(requirement(result, "D1.2").get("flags")).isEqualTo(List.of("UNANSWERED"));
    assertThat(requirement(result, "D1.4").get("score")).isEqualTo(1.0f);
    assertThat(result.getList(a + "levelScores", Float.class)).containsExactly(0.675f);
    assertThat(result.getInt(a + "level")).isZero();
    assertThat(result.getString(a + "gap.ranked[0].requirement")).isEqualTo("D1.2");
    assertThat(result.getString(a + "gap.ranked[0].zh")).isNotBlank();
    // O1 = 2/3 connected, O3 = (120 + 60) × 2 numeric points / 480 expected, O5 = 20/20 kW.
    assertThat((Float) requirement(result, "D2.1").get("value")).isCloseTo(0.667f, within(0.001f));
    assertThat((Float) requirement(result, "D2.2").get("value")).isCloseTo(0.75f, within(0.01f));
    assertThat((Float) requirement(result, "D2.3").get("value")).isEqualTo(1.0f);
    assertThat(requirement(result, "D2.4").get("flags")).isEqualTo(List.of("NO_DATA"));
    assertThat(requirement(result, "D3.4").get("value")).isEqualTo(1.0f);
    // O4: every hour of both machines ends with a value at most 2 minutes old; only the probe
    // just after the machines' creation can miss, depending on where the hour falls.
    Map<String, Object> freshness = requirement(result, "D3.5");
    assertThat((Float) freshness.get("value")).isGreaterThanOrEqualTo(0.5f);
    assertThat((String) freshness.get("source")).contains("hourly probes found a fresh value");
    assertThat(result.getFloat(a + "miit.equipmentNetworkingPoints")).isEqualTo(6.0f);

    viewer.request().get("/api/v1/enterprises/mat-co/assessments/latest").then().statusCode(200);
    assertThat(
            viewer
                .request()
                .get("/api/v1/enterprises/mat-co/assessments")
                .then()
                .extract()
                .jsonPath()
                .getList("id"))
        .hasSize(1);
    JsonPath questionnaire =
        viewer
            .request()
            .get("/api/v1/enterprises/mat-co/questionnaire")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(questionnaire.getString("find { it.id == 'digital-plan' }.verification"))
        .isEqualTo("VERIFIED");
    assertThat(questionnaire.getString("find { it.id == 'digital-plan' }.attachmentSha256"))
        .hasSize(64);

    var published =
        TopicReader.readAll(
            new ParkTopic("parkpulse", "mat-park", ParkTopic.Kind.MATURITY).name(), "mat-co");
    assertThat(published).hasSize(1);
    assertThat(new String(published.get(0).value(), StandardCharsets.UTF_8))
        .contains("\"level\":0")
        .contains("default-v1");
  }

  private static Map<String, Object> requirement(JsonPath result, String id) {
    // Requirement ids hold dots, which a JsonPath expression would split: filter here.
    List<Map<String, Object>> requirements = result.getList("assessment.requirements");
    return requirements.stream().filter(r -> id.equals(r.get("id"))).findFirst().orElseThrow();
  }

  private static Map<String, Object> point(String name, String type, String kind) {
    Map<String, Object> p = new HashMap<>();
    p.put("name", name);
    p.put("unit", "");
    p.put("dataType", type);
    p.put("kind", kind);
    p.put("intervalSeconds", 60);
    return p;
  }

  private static TelemetryRecord reading(String device, long seq, Instant ts) {
    return new TelemetryRecord(
        "mat-park",
        new DeviceRef("mat-co", device),
        seq,
        ts,
        Instant.now(),
        Map.of("good_count", seq, "energy_kwh", seq * 0.5, "state", "RUNNING"));
  }
}
