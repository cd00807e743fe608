package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.DerivedPointsLookup;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Derived points of device profiles: refused at save with the field and the reason, and computed by
 * the real ingest (Kafka to PostgreSQL) for every reading of a device of the profile, stored and
 * rolled up like the points the device measures.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class DerivedPointsIT {

  private static final String PARK = "derived-park";
  private static final String ENTERPRISE = "derived-co";
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(600);

  private final TelemetryCodec codec = new TelemetryCodec();

  @Inject DerivedPointsLookup lookup;

  private static Api admin;

  @BeforeEach
  void provisionOnce() {
    if (admin == null) {
      admin = Api.admin();
      admin.park(PARK);
      admin.enterprise(PARK, ENTERPRISE);
    }
  }

  @Test
  void refusesAnExpressionItCannotReadNamingThePosition() {
    admin
        .request()
        .body(profile("derived-bad", derived("power_kw", "voltage_v * * current_a")))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("field", equalTo("derived.power_kw.expression"))
        .body(
            "message",
            equalTo(
                "at character 13: expected a number, a point, a function or '(' but found '*'"));
  }

  @Test
  void refusesCyclesUnknownPointsAndNamesOfMeasuredPoints() {
    admin
        .request()
        .body(
            profile(
                "derived-cycle", derived("a_kw", "b_kw + voltage_v"), derived("b_kw", "a_kw * 2")))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("field", equalTo("derived.a_kw.expression"))
        .body("message", containsString("'a_kw' is part of a cycle: a_kw → b_kw → a_kw"));
    admin
        .request()
        .body(profile("derived-unknown", derived("power_kw", "voltge_v * current_a")))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("message", containsString("'voltge_v' is not a point of this profile"));
    admin
        .request()
        .body(profile("derived-clash", derived("pf", "voltage_v / 230")))
        .post("/api/v1/profiles")
        .then()
        .statusCode(400)
        .body("field", equalTo("derived.name"))
        .body("message", containsString("'pf' is a measured point"));
    admin.request().get("/api/v1/profiles/derived-cycle").then().statusCode(404);
  }

  @Test
  void storesTheDerivedPointsOfReadingsWrittenThroughTheIngest() throws Exception {
    JsonPath saved =
        admin
            .request()
            .body(
                profile(
                    "derived-meter",
                    derived("power_kw", "voltage_v * current_a * pf * sqrt(3) / 1000"),
                    derived("kwh_per_unit", "energy_kwh / good_count"),
                    derived("power_w", "power_kw * 1000")))
            .post("/api/v1/profiles")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertThat(saved.getList("points.name"))
        .containsExactly("voltage_v", "current_a", "pf", "energy_kwh", "good_count");
    assertThat(saved.getList("derived.name"))
        .containsExactly("power_kw", "kwh_per_unit", "power_w");
    // As often as the slowest input: pf every 30 s, energy and good count every 60 s.
    assertThat(saved.getList("derived.intervalSeconds", Integer.class)).containsExactly(30, 60, 30);
    admin
        .request()
        .body(Map.of("id", "meter-01", "name", "Meter 1", "profile", "derived-meter"))
        .post("/api/v1/enterprises/{e}/devices", ENTERPRISE)
        .then()
        .statusCode(201);
    DeviceRef meter = new DeviceRef(ENTERPRISE, "meter-01");
    // The ingest reads the devices' derived points again every 10 s.
    await().atMost(Duration.ofSeconds(30)).until(() -> !lookup.of(meter).isEmpty());

    Map<String, Object> noPf = new HashMap<>(Map.of("voltage_v", 231.0, "current_a", "n/a"));
    produce(
        meter,
        List.of(
            reading(
                meter,
                1,
                Map.of(
                    "voltage_v",
                    230.0,
                    "current_a",
                    10L,
                    "pf",
                    0.9,
                    "energy_kwh",
                    12.5,
                    "good_count",
                    250L)),
            // No good unit yet: no specific energy, a power all the same.
            reading(
                meter,
                2,
                Map.of(
                    "voltage_v",
                    230.0,
                    "current_a",
                    20L,
                    "pf",
                    0.9,
                    "energy_kwh",
                    13.0,
                    "good_count",
                    0L)),
            // No power factor, a current that is not a number: no power.
            reading(meter, 3, noPf)));

    await().atMost(Duration.ofSeconds(30)).until(() -> readings().getInt("count") == 3);
    JsonPath page = readings();
    // 230 V × 10 A × 0.9 × √3 ÷ 1000 = 3.5853 kW; 12.5 kWh ÷ 250 = 0.05 kWh per unit.
    assertThat(page.getDouble("readings[0].metrics.power_kw")).isCloseTo(3.5853, within(0.00005));
    assertThat(page.getDouble("readings[0].metrics.power_w")).isCloseTo(3585.3452, within(0.00005));
    assertThat(page.getDouble("readings[0].metrics.kwh_per_unit")).isEqualTo(0.05);
    // 230 × 20 × 0.9 × √3 ÷ 1000 = 7.1707 kW.
    assertThat(page.getDouble("readings[1].metrics.power_kw")).isCloseTo(7.1707, within(0.00005));
    assertThat(page.getMap("readings[1].metrics")).doesNotContainKey("kwh_per_unit");
    assertThat(page.getMap("readings[2].metrics")).containsOnlyKeys("voltage_v", "current_a");

    // Rolled up like a measured point: two power values, in the minute(s) of the readings.
    JsonPath rollups =
        admin
            .request()
            .queryParam("resolution", "1h")
            .queryParam("from", T0.truncatedTo(ChronoUnit.HOURS).toString())
            .queryParam("to", T0.plus(Duration.ofHours(2)).toString())
            .queryParam("points", "power_kw")
            .get("/api/v1/enterprises/{e}/devices/{d}/rollups", ENTERPRISE, "meter-01")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(
            rollups.getList("rollups.count", Long.class).stream().mapToLong(Long::longValue).sum())
        .isEqualTo(2);
    assertThat(rollups.getList("rollups.max", Double.class))
        .anySatisfy(max -> assertThat(max).isCloseTo(7.1707, within(0.00005)));

    // The same rollups as a series of the aggregates asked for, for charts.
    JsonPath series =
        admin
            .request()
            .queryParam("resolution", "1h")
            .queryParam("from", T0.truncatedTo(ChronoUnit.HOURS).toString())
            .queryParam("to", T0.plus(Duration.ofHours(2)).toString())
            .queryParam("points", "power_kw")
            .queryParam("aggregates", "count,max")
            .get("/api/v1/enterprises/{e}/devices/{d}/series", ENTERPRISE, "meter-01")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(series.getList("series.point")).containsExactly("power_kw");
    assertThat(series.getList("series[0].bucket", Long.class))
        .containsExactlyElementsOf(
            rollups.getList("rollups.bucket", String.class).stream()
                .map(b -> Instant.parse(b).toEpochMilli())
                .toList());
    assertThat(series.getList("series[0].count", Long.class))
        .isEqualTo(rollups.getList("rollups.count", Long.class));
    assertThat(series.getList("series[0].max", Double.class))
        .isEqualTo(rollups.getList("rollups.max", Double.class));
    assertThat(series.getMap("series[0]")).doesNotContainKeys("min", "avg", "last", "increase");
    admin
        .request()
        .queryParam("aggregates", "avg,median")
        .get("/api/v1/enterprises/{e}/devices/{d}/series", ENTERPRISE, "meter-01")
        .then()
        .statusCode(400);
  }

  private JsonPath readings() {
    return admin
        .request()
        .queryParam("from", T0.minusSeconds(60).toString())
        .queryParam("to", T0.plusSeconds(600).toString())
        .get("/api/v1/enterprises/{e}/devices/{d}/telemetry", ENTERPRISE, "meter-01")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Map<String, Object> profile(String id, Map<?, ?>... derived) {
    return Map.of(
        "id",
        id,
        "park",
        PARK,
        "name",
        "Three-phase meter",
        "points",
        List.of(
            point("voltage_v", "V", "generic", 10),
            point("current_a", "A", "generic", 10),
            point("pf", "", "generic", 30),
            point("energy_kwh", "kWh", "energy.active_kwh", 60),
            point("good_count", "", "counter.good", 60)),
        "derived",
        List.of(derived));
  }

  private static Map<String, Object> point(String name, String unit, String kind, int interval) {
    return Map.of(
        "name",
        name,
        "unit",
        unit,
        "dataType",
        "number",
        "kind",
        kind,
        "intervalSeconds",
        interval);
  }

  private static Map<String, Object> derived(String name, String expression) {
    return Map.of("name", name, "unit", "", "kind", "generic", "expression", expression);
  }

  private static TelemetryRecord reading(DeviceRef device, long seq, Map<String, Object> metrics) {
    return new TelemetryRecord(
        PARK, device, seq, T0.plusSeconds(seq), T0.plusSeconds(seq).plusMillis(50), metrics);
  }

  private void produce(DeviceRef device, List<TelemetryRecord> readings) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (TelemetryRecord r : readings) {
        producer
            .send(
                new ProducerRecord<>(
                    ParkTopic.telemetry(PARK).name(), device.kafkaKey(), codec.encode(r)))
            .get();
      }
    }
  }
}
