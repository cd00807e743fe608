package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.IngestBatch;
import io.parkpulse.platform.ingest.TelemetryWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The preview of a rule over a device's last 24 hours, on a series written here: ten readings a
 * minute apart, three hours ago, of an oven's temperature and state. Minute by minute (m0 to m9):
 *
 * <pre>
 * temp   70   82   84   79   76   74   72   81   90   73
 * state  RUN  RUN  RUN  RUN  RUN  RUN  RUN  RUN  STOP RUN
 * </pre>
 *
 * Each test names the raises and clears the rule engine's states give on it.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class RulePreviewIT {

  private static final String PARK = "rp-park";
  private static final String ENTERPRISE = "rp-co";
  private static final String DEVICE = "rp-oven-1";
  private static final double[] TEMP = {70, 82, 84, 79, 76, 74, 72, 81, 90, 73};

  /** The first reading's time, m0. */
  private static Instant m0;

  @Inject DataSource dataSource;

  @BeforeEach
  void writeTheSeriesOnce() throws Exception {
    if (m0 != null) {
      return;
    }
    Api admin = Api.admin();
    admin.park(PARK);
    admin.enterprise(PARK, ENTERPRISE);
    admin
        .request()
        .body(
            Map.of(
                "id",
                "rp-oven",
                "park",
                PARK,
                "name",
                "Oven",
                "points",
                List.of(
                    point("temp", "number", "temperature.c"),
                    point("state", "string", "machine.state"))))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    admin
        .request()
        .body(Map.of("id", DEVICE, "name", "Oven 1", "profile", "rp-oven"))
        .post("/api/v1/enterprises/" + ENTERPRISE + "/devices")
        .then()
        .statusCode(201);
    admin.enterprise(PARK, "rp-other");
    admin.device("rp-other", "rp-other-1");
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
    List<TelemetryRecord> readings = new ArrayList<>();
    for (int m = 0; m < TEMP.length; m++) {
      Instant ts = start.plus(Duration.ofMinutes(m));
      readings.add(
          new TelemetryRecord(
              PARK,
              new DeviceRef(ENTERPRISE, DEVICE),
              m + 1,
              ts,
              ts,
              Map.of("temp", TEMP[m], "state", m == 8 ? "STOPPED" : "RUNNING")));
    }
    new TelemetryWriter(dataSource).write(new IngestBatch(readings, List.of()));
    m0 = start;
  }

  @Test
  void hysteresisRaisesAbove80AndClearsOnlyBelow75() {
    JsonPath p =
        preview(Api.admin(), rule(Map.of("point", "temp", "above", 80, "clear", 75), 0, null));
    assertThat(changes(p))
        .containsExactly("raised m1 82.0", "cleared m5 74.0", "raised m7 81.0", "cleared m9 73.0");
    assertThat(p.getInt("readings")).isEqualTo(10);
    assertThat(p.getBoolean("complete")).isTrue();
    assertThat(p.getInt("raised")).isEqualTo(2);
    assertThat(p.getInt("cleared")).isEqualTo(2);
    assertThat(p.getString("series[0].point")).isEqualTo("temp");
    assertThat(p.getList("series[0].samples.value", Float.class))
        .containsExactly(70f, 82f, 84f, 79f, 76f, 74f, 72f, 81f, 90f, 73f);
  }

  @Test
  void andWithADurationRaisesOnlyOnceBothHeldForTwoMinutes() {
    JsonPath p =
        preview(
            Api.admin(),
            rule(
                Map.of(
                    "all",
                    List.of(
                        Map.of("kind", "temperature.c", "above", 80, "clear", 75),
                        Map.of("point", "state", "equals", "RUNNING"))),
                120,
                null));
    // From m7 both hold again, but the oven stops at m8, before two minutes: no raise.
    assertThat(changes(p))
        .containsExactly(
            "raised m3 temp=79.0; state=RUNNING", "cleared m5 temp=74.0; state=RUNNING");
  }

  @Test
  void aSignalThatChangesThreeTimesInTenMinutesEndsFlapping() {
    Map<String, Object> rule = rule(Map.of("point", "temp", "above", 80), 0, null);
    rule.put("flapTransitions", 3);
    rule.put("flapWindowSeconds", 600);
    JsonPath p = preview(Api.admin(), rule);
    assertThat(changes(p))
        .containsExactly(
            "raised m1 82.0",
            "cleared m3 79.0",
            "raised m7 81.0 flapping",
            "cleared m9 73.0 suppressed");
    assertThat(p.getBoolean("flapping")).isTrue();
    assertThat(p.getInt("suppressed")).isEqualTo(1);
  }

  @Test
  void silenceIsRaisedFiveMinutesAfterTheLastReading() {
    JsonPath p = preview(Api.admin(), rule(Map.of("silentSeconds", 300), 0, null));
    assertThat(changes(p)).containsExactly("raised m14 silent");
    assertThat(p.getList("series")).isEmpty();
  }

  @Test
  void refusesDevicesTheRuleDoesNotCoverOrTheCallerDoesNotSee() {
    Api admin = Api.admin();
    Map<String, Object> ofOther = rule(Map.of("point", "temp", "above", 80), 0, "rp-other");
    assertThat(
            admin
                .request()
                .body(ofOther)
                .post("/api/v1/alarm-rules/preview")
                .then()
                .statusCode(400)
                .extract()
                .<String>path("field"))
        .isEqualTo("device");
    Api stranger = admin.user("rp-stranger", "enterprise-admin", null, "rp-other");
    stranger
        .request()
        .body(rule(Map.of("point", "temp", "above", 80), 0, null))
        .post("/api/v1/alarm-rules/preview")
        .then()
        .statusCode(404);
    Map<String, Object> noDevice = rule(Map.of("point", "temp", "above", 80), 0, null);
    noDevice.remove("device");
    admin.request().body(noDevice).post("/api/v1/alarm-rules/preview").then().statusCode(400);
    // The oven's profile has no power point: the rule would never apply to it.
    Map<String, Object> missingPoint =
        rule(Map.of("kind", "power.active_kw", "above", 80), 0, null);
    assertThat(
            admin
                .request()
                .body(missingPoint)
                .post("/api/v1/alarm-rules/preview")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath()
                .getString("message"))
        .contains("has no point");
    // A point named but never reported: the rule applies, and never fires.
    assertThat(
            preview(admin, rule(Map.of("point", "pressure", "above", 80), 0, null))
                .getList("transitions"))
        .isEmpty();
  }

  /** Each change as "raised m1 82.0", with "flapping" or "suppressed" when it is so. */
  private static List<String> changes(JsonPath p) {
    List<String> changes = new ArrayList<>();
    for (Map<String, Object> t : p.<Map<String, Object>>getList("transitions")) {
      Instant at = Instant.parse((String) t.get("at"));
      long minutes = Duration.between(m0, at).toMinutes();
      assertThat(at).as("on a whole minute").isEqualTo(m0.plus(Duration.ofMinutes(minutes)));
      List<String> parts = new ArrayList<>(List.of((String) t.get("change"), "m" + minutes));
      parts.add(t.get("value").toString());
      if (Boolean.TRUE.equals(t.get("flappingStarts"))) {
        parts.add("flapping");
      }
      if (Boolean.TRUE.equals(t.get("suppressed"))) {
        parts.add("suppressed");
      }
      changes.add(String.join(" ", parts));
    }
    return changes;
  }

  private static JsonPath preview(Api api, Map<String, Object> rule) {
    return api.request()
        .body(rule)
        .post("/api/v1/alarm-rules/preview")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Map<String, Object> rule(
      Map<String, Object> when, int forSeconds, String enterprise) {
    Map<String, Object> body = new HashMap<>();
    body.put("park", PARK);
    body.put("enterprise", enterprise);
    body.put("when", when);
    body.put("forSeconds", forSeconds);
    body.put("device", DEVICE);
    return body;
  }

  private static Map<String, Object> point(String name, String type, String kind) {
    return Map.of("name", name, "unit", "", "dataType", type, "kind", kind, "intervalSeconds", 60);
  }
}
