package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.alarms.ingest.RuleEngine;
import io.parkpulse.platform.ingest.IngestBatch;
import io.parkpulse.platform.ingest.TelemetryWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Alarm rules on stored telemetry, through their lifecycle, their events and O7. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class AlarmsIT {

  @Inject DataSource dataSource;
  @Inject RuleEngine rules;

  private final List<TelemetryRecord> written = new ArrayList<>();

  @Test
  void rulesOpenAlarmsThatAreAcknowledgedClosedAndCounted() throws Exception {
    Api admin = Api.admin();
    admin.park("alarm-park");
    admin.enterprise("alarm-park", "alarm-co");
    admin
        .request()
        .body(
            Map.of(
                "id",
                "alarm-oven",
                "park",
                "alarm-park",
                "name",
                "Oven",
                "points",
                List.of(
                    Map.of(
                        "name",
                        "temp",
                        "unit",
                        "°C",
                        "dataType",
                        "number",
                        "kind",
                        "temperature.c",
                        "intervalSeconds",
                        60),
                    Map.of(
                        "name",
                        "state",
                        "unit",
                        "",
                        "dataType",
                        "string",
                        "kind",
                        "machine.state",
                        "intervalSeconds",
                        60))))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    admin
        .request()
        .body(Map.of("id", "oven-1", "name", "Oven 1", "profile", "alarm-oven"))
        .post("/api/v1/enterprises/alarm-co/devices")
        .then()
        .statusCode(201);
    Api enterpriseAdmin = admin.user("alarm-admin", "enterprise-admin", null, "alarm-co");
    Api viewer = admin.user("alarm-viewer", "enterprise-viewer", null, "alarm-co");
    admin
        .request()
        .body(rule("too-hot", "alarm-park", null, "temperature.c", null, "above", 80.0, null, 300))
        .post("/api/v1/alarm-rules")
        .then()
        .statusCode(201);
    enterpriseAdmin
        .request()
        .body(rule("oven-down", null, "alarm-co", null, "state", "equals", null, "DOWN", 600))
        .post("/api/v1/alarm-rules")
        .then()
        .statusCode(201);
    viewer
        .request()
        .body(rule("viewer-rule", null, "alarm-co", null, "state", "equals", null, "DOWN", 60))
        .post("/api/v1/alarm-rules")
        .then()
        .statusCode(403);

    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    write(now, -12, Map.of("temp", 70.0, "state", "DOWN"), 1);
    write(now, -6, Map.of("temp", 85.0), 2);
    write(now, -4, Map.of("temp", 86.0), 3);
    write(now, -2, Map.of("temp", 90.0), 4);
    write(now, -1, Map.of("state", "DOWN"), 5);

    // The oven's state was DOWN for 11 minutes at its last reading: opened on that reading. Its
    // temperature has been above 80 since 6 minutes ago, with no reading for 2 minutes: opened
    // when the 5 minutes ran out, on the engine's clock.
    evaluate(now);
    evaluate(now);

    List<Map<String, Object>> open =
        viewer
            .request()
            .queryParam("status", "open")
            .get("/api/v1/alarms")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("");
    assertThat(open)
        .as("an open alarm is not opened again")
        .extracting(a -> a.get("rule"))
        .containsExactlyInAnyOrder("too-hot", "oven-down");
    assertThat(open).allSatisfy(a -> assertThat(a).containsEntry("transitions", 1));
    int hot =
        (Integer)
            open.stream()
                .filter(a -> "too-hot".equals(a.get("rule")))
                .findFirst()
                .orElseThrow()
                .get("id");

    viewer.request().post("/api/v1/alarms/" + hot + "/acknowledge").then().statusCode(403);
    enterpriseAdmin.request().post("/api/v1/alarms/" + hot + "/acknowledge").then().statusCode(200);
    enterpriseAdmin.request().post("/api/v1/alarms/" + hot + "/close").then().statusCode(200);
    enterpriseAdmin.request().post("/api/v1/alarms/" + hot + "/close").then().statusCode(409);

    // The oven runs again: its DOWN alarm is marked cleared but stays open until closed.
    write(now, 1, Map.of("state", "RUNNING", "temp", 60.0), 6);
    evaluate(now.plus(Duration.ofMinutes(2)));
    Map<String, Object> down =
        admin
            .request()
            .queryParam("enterprise", "alarm-co")
            .get("/api/v1/alarms")
            .then()
            .extract()
            .jsonPath()
            .getList("", Map.class)
            .stream()
            .filter(a -> "oven-down".equals(a.get("rule")))
            .findFirst()
            .orElseThrow();
    assertThat(down.get("status")).isEqualTo("open");
    assertThat(down.get("clearedAt")).isNotNull();

    EventCodec codec = new EventCodec();
    List<String> types = new ArrayList<>();
    for (var record :
        TopicReader.readAll(
            new ParkTopic("parkpulse", "alarm-park", ParkTopic.Kind.EVENTS).name(),
            "alarm-co/oven-1")) {
      types.add(codec.decode(record.value()).type());
    }
    assertThat(types)
        .containsExactlyInAnyOrder(
            "alarm.opened", "alarm.opened", "alarm.acknowledged", "alarm.closed", "alarm.cleared");

    // O7: one of the two alarms was acknowledged within its SLA and closed.
    List<Map<String, Object>> requirements =
        admin
            .request()
            .post("/api/v1/enterprises/alarm-co/assessments")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath()
            .getList("assessment.requirements");
    Map<String, Object> o7 =
        requirements.stream().filter(r -> "D3.3".equals(r.get("id"))).findFirst().orElseThrow();
    assertThat(o7.get("value")).isEqualTo(0.5f);
    assertThat(o7.get("source")).isEqualTo("1 of 2 alarms acknowledged within SLA and closed");
  }

  private void write(Instant now, int minutes, Map<String, Object> metrics, long seq)
      throws Exception {
    Instant ts = now.plus(Duration.ofMinutes(minutes));
    TelemetryRecord reading =
        new TelemetryRecord(
            "alarm-park", new DeviceRef("alarm-co", "oven-1"), seq, ts, ts, metrics);
    new TelemetryWriter(dataSource).write(new IngestBatch(List.of(reading), List.of()));
    written.add(reading);
  }

  /**
   * Hands what was written since to the rule engine, as the ingest does, and ticks at {@code at}.
   */
  private void evaluate(Instant at) throws Exception {
    rules.evaluateNow(List.copyOf(written), at);
    written.clear();
  }

  private static Map<String, Object> rule(
      String id,
      String park,
      String enterprise,
      String kind,
      String point,
      String condition,
      Double threshold,
      String state,
      int forSeconds) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", id);
    body.put("park", park);
    body.put("enterprise", enterprise);
    body.put("name", id);
    body.put("pointKind", kind);
    body.put("point", point);
    body.put("condition", condition);
    body.put("threshold", threshold);
    body.put("state", state);
    body.put("forSeconds", forSeconds);
    body.put("severity", "critical");
    body.put("slaSeconds", 600);
    return body;
  }
}
