package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeviceEvent;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tracked devices on a park's map: their positions, the map itself, and geofences whose alarms open
 * when a device enters a forbidden zone or leaves its parking, and clear when it comes out or back.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// The rule engine takes a device's readings in time order and leaves older ones: the tests run in
// the order of the times they write.
@TestMethodOrder(MethodOrderer.MethodName.class)
class GeofenceIT {

  /** A forbidden zone: a square of about 110 m around 31.2000 N, 121.5000 E. */
  private static final List<List<Double>> SQUARE =
      List.of(
          List.of(121.4995, 31.1995),
          List.of(121.5005, 31.1995),
          List.of(121.5005, 31.2005),
          List.of(121.4995, 31.2005),
          List.of(121.4995, 31.1995));

  /** A parking bay east of the forbidden zone, of the same size. */
  private static final List<List<Double>> BAY =
      SQUARE.stream().map(c -> List.of(c.get(0) + 0.01, c.get(1))).toList();

  @Inject DataSource dataSource;
  @Inject RuleEngine rules;

  private final List<TelemetryRecord> written = new ArrayList<>();

  private Api admin;
  private Api operator;
  private Api ownAdmin;
  private long seq;

  /** Once per class, when the application runs (it does not yet in a BeforeAll). */
  @BeforeEach
  void park() {
    if (admin != null) {
      return;
    }
    admin = Api.admin();
    admin.park("geo-park");
    admin.park("geo-elsewhere");
    admin.enterprise("geo-park", "geo-co");
    admin.enterprise("geo-park", "geo-other");
    admin
        .request()
        .body(
            Map.of(
                "id",
                "geo-tracker",
                "park",
                "geo-park",
                "name",
                "Forklift tracker",
                "points",
                List.of(
                    point("lat", "position.lat"),
                    point("lon", "position.lon"),
                    point("fix", "position.fix_quality"),
                    point("sats", "position.satellites"))))
        .post("/api/v1/profiles")
        .then()
        .statusCode(201);
    for (String[] d : new String[][] {{"geo-co", "forklift-1"}, {"geo-other", "cart-2"}}) {
      admin
          .request()
          .body(Map.of("id", d[1], "name", d[1], "profile", "geo-tracker"))
          .post("/api/v1/enterprises/{e}/devices", d[0])
          .then()
          .statusCode(201);
    }
    operator = admin.user("geo-operator", "park-operator", "geo-park", null);
    ownAdmin = admin.user("geo-co-admin", "enterprise-admin", "geo-park", "geo-co");
  }

  @Test
  void enteringAForbiddenZoneOpensAnAlarmThatClearsOnLeaving() throws Exception {
    ownAdmin
        .request()
        .body(zone("geo-no-entry", "forbidden", SQUARE))
        .post("/api/v1/parks/geo-park/geofences")
        .then()
        .statusCode(403);
    operator
        .request()
        .body(zone("geo-no-entry", "forbidden", SQUARE))
        .post("/api/v1/parks/geo-park/geofences")
        .then()
        .statusCode(201)
        .body("alarmWhen", org.hamcrest.Matchers.equalTo("enter"))
        .body("severity", org.hamcrest.Matchers.equalTo("critical"));
    operator
        .request()
        .body(zone("geo-no-entry", "hazard", SQUARE))
        .post("/api/v1/parks/geo-park/geofences")
        .then()
        .statusCode(409);

    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    position("geo-co", "forklift-1", now.minusSeconds(30), 31.1990, 121.5000);
    position("geo-other", "cart-2", now.minusSeconds(30), 31.1990, 121.5010);
    evaluate(now.minusSeconds(29));
    assertThat(alarms("geo-no-entry")).isEmpty();

    position("geo-co", "forklift-1", now.minusSeconds(20), 31.2001, 121.5001);
    evaluate(now.minusSeconds(19));
    List<Map<String, Object>> open = alarms("geo-no-entry");
    assertThat(open).hasSize(1);
    assertThat(open.get(0))
        .containsEntry("device", "forklift-1")
        .containsEntry("point", "lat")
        .containsEntry("value", "31.200100,121.500100")
        .containsEntry("status", "open");
    assertThat(open.get(0).get("clearedAt")).isNull();

    // A reading without a fix (no lat or lon) is not a position and changes nothing.
    write("geo-co", "forklift-1", now.minusSeconds(15), Map.of("fix", 0, "sats", 2));
    evaluate(now.minusSeconds(14));
    assertThat(alarms("geo-no-entry").get(0).get("clearedAt")).isNull();

    position("geo-co", "forklift-1", now.minusSeconds(10), 31.2010, 121.5001);
    evaluate(now.minusSeconds(9));
    assertThat(alarms("geo-no-entry").get(0).get("clearedAt")).isNotNull();

    List<String> events = new ArrayList<>();
    EventCodec codec = new EventCodec();
    for (var record :
        TopicReader.readAll(
            new ParkTopic("parkpulse", "geo-park", ParkTopic.Kind.EVENTS).name(),
            "geo-co/forklift-1")) {
      DeviceEvent event = codec.decode(record.value());
      events.add(event.type() + " " + event.attributes().get("value"));
    }
    assertThat(events)
        .containsExactly("alarm.opened 31.200100,121.500100", "alarm.cleared 31.201000,121.500100");

    // The rule belongs to the geofence: removed with it, not on its own.
    operator.request().delete("/api/v1/alarm-rules/geo-no-entry").then().statusCode(409);
    operator
        .request()
        .delete("/api/v1/parks/geo-park/geofences/geo-no-entry")
        .then()
        .statusCode(204);
    assertThat(admin.ids("/api/v1/alarm-rules")).doesNotContain("geo-no-entry");
  }

  @Test
  void leavingAParkingZoneOpensAnInfoAlarm() throws Exception {
    operator
        .request()
        .body(zone("geo-bay", "parking", BAY))
        .post("/api/v1/parks/geo-park/geofences")
        .then()
        .statusCode(201)
        .body("alarmWhen", org.hamcrest.Matchers.equalTo("leave"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
    position("geo-other", "cart-2", now, 31.2000, 121.5100);
    position("geo-co", "forklift-1", now, 31.1000, 121.4000);
    evaluate(now.plusSeconds(1));
    assertThat(alarms("geo-bay")).isEmpty();
    position("geo-other", "cart-2", now.plusSeconds(10), 31.2000, 121.5200);
    position("geo-co", "forklift-1", now.plusSeconds(10), 31.1000, 121.4100);
    evaluate(now.plusSeconds(11));
    assertThat(alarms("geo-bay"))
        .as("the cart left its bay; the forklift, never in it, did not")
        .extracting(a -> a.get("device"))
        .containsExactly("cart-2");
    position("geo-other", "cart-2", now.plusSeconds(20), 31.2000, 121.5100);
    evaluate(now.plusSeconds(21));
    assertThat(alarms("geo-bay").get(0).get("clearedAt")).as("back in its bay").isNotNull();
    operator.request().delete("/api/v1/parks/geo-park/geofences/geo-bay").then().statusCode(204);
  }

  @Test
  void badZonesAreRefusedWithTheReason() {
    operator
        .request()
        .body(zone("geo-bad", "forbidden", List.of(List.of(121.5, 31.2), List.of(121.6, 31.2))))
        .post("/api/v1/parks/geo-park/geofences")
        .then()
        .statusCode(400)
        .body(containsString("at least 3 distinct corners"));
    operator
        .request()
        .body(
            zone(
                "geo-bad",
                "forbidden",
                List.of(List.of(31.2, 121.5), List.of(31.3, 121.5), List.of(31.3, 121.6))))
        .post("/api/v1/parks/geo-park/geofences")
        .then()
        .statusCode(400)
        .body(containsString("longitude first"));
    operator
        .request()
        .body(zone("geo-bad", "moat", SQUARE))
        .post("/api/v1/parks/geo-park/geofences")
        .then()
        .statusCode(400)
        .body(containsString("forbidden, hazard or parking"));
  }

  @Test
  void positionsAndTracksFollowTheCallersScope() throws Exception {
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
    position("geo-co", "forklift-1", t, 31.1000, 121.4000);
    position("geo-co", "forklift-1", t.plusSeconds(5), 31.1001, 121.4001);
    position("geo-other", "cart-2", t.plusSeconds(5), 31.1002, 121.4002);

    List<Map<String, Object>> all =
        operator
            .request()
            .get("/api/v1/parks/geo-park/positions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("");
    assertThat(all).extracting(p -> p.get("device")).containsExactly("forklift-1", "cart-2");
    List<Map<String, Object>> own =
        ownAdmin
            .request()
            .get("/api/v1/parks/geo-park/positions")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("");
    assertThat(own).extracting(p -> p.get("device")).containsExactly("forklift-1");
    Api elsewhere = admin.user("geo-elsewhere-op", "park-operator", "geo-elsewhere", null);
    elsewhere.request().get("/api/v1/parks/geo-park/positions").then().statusCode(404);
    elsewhere
        .request()
        .get("/api/v1/enterprises/geo-co/devices/forklift-1/track")
        .then()
        .statusCode(404);

    List<Map<String, Object>> track =
        ownAdmin
            .request()
            .queryParam("from", t.toString())
            .queryParam("to", t.plusSeconds(6).toString())
            .get("/api/v1/enterprises/geo-co/devices/forklift-1/track")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("positions");
    assertThat(track).extracting(p -> p.get("lat")).containsExactly(31.1f, 31.1001f);
    assertThat(track.get(0)).containsEntry("fixQuality", 1).containsEntry("satellites", 12);
    ownAdmin
        .request()
        .get("/api/v1/enterprises/geo-other/devices/cart-2/track")
        .then()
        .statusCode(404);
  }

  @Test
  void theMapIsAnOutlineOrAnImageThatTheOperatorUploads() {
    String outline =
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
            + "\"properties\":{\"name\":\"Boundary\"},\"geometry\":{\"type\":\"Polygon\","
            + "\"coordinates\":[[[121.49,31.19],[121.51,31.19],[121.51,31.21],[121.49,31.21],"
            + "[121.49,31.19]]]}},{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
            + "{\"type\":\"Polygon\",\"coordinates\":[[[121.495,31.195],[121.5,31.195],"
            + "[121.5,31.2],[121.495,31.195]]]}}]}";
    ownAdmin.request().body(outline).put("/api/v1/parks/geo-park/map").then().statusCode(403);
    operator
        .request()
        .body(outline)
        .put("/api/v1/parks/geo-park/map")
        .then()
        .statusCode(200)
        .body("kind", org.hamcrest.Matchers.equalTo("outline"));
    List<String> names =
        ownAdmin
            .request()
            .get("/api/v1/parks/geo-park/map")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("outline.features.properties.name");
    assertThat(names).containsExactly("Boundary", "outline-2");
    operator
        .request()
        .body(
            "{\"type\":\"Polygon\",\"coordinates\":[[[31.19,121.49],[31.2,121.49],[31.2,121.5],"
                + "[31.19,121.49]]]}")
        .put("/api/v1/parks/geo-park/map")
        .then()
        .statusCode(400)
        .body(containsString("longitude first"));
    operator
        .request()
        .body("{\"type\":\"Point\",\"coordinates\":[121.5,31.2]}")
        .put("/api/v1/parks/geo-park/map")
        .then()
        .statusCode(400)
        .body(containsString("FeatureCollection"));

    // A 1x1 PNG placed by its edges replaces the outline.
    byte[] png =
        Base64.getDecoder()
            .decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    operator
        .request()
        .contentType("image/png")
        .body(png)
        .queryParam("west", 121.49)
        .queryParam("south", 31.19)
        .queryParam("east", 121.51)
        .queryParam("north", 31.21)
        .put("/api/v1/parks/geo-park/map/image")
        .then()
        .statusCode(200)
        .body("kind", org.hamcrest.Matchers.equalTo("image"))
        .body("bounds.west", org.hamcrest.Matchers.equalTo(121.49f));
    byte[] served =
        ownAdmin
            .request()
            .accept("image/png")
            .get("/api/v1/parks/geo-park/map/image")
            .then()
            .statusCode(200)
            .contentType("image/png")
            .extract()
            .asByteArray();
    assertThat(served).isEqualTo(png);
    operator
        .request()
        .contentType("image/png")
        .body("not an image".getBytes())
        .queryParam("west", 121.49)
        .queryParam("south", 31.19)
        .queryParam("east", 121.51)
        .queryParam("north", 31.21)
        .put("/api/v1/parks/geo-park/map/image")
        .then()
        .statusCode(400)
        .body(containsString("PNG or JPEG"));
    operator
        .request()
        .contentType("image/png")
        .body(png)
        .queryParam("west", 121.51)
        .queryParam("south", 31.19)
        .queryParam("east", 121.49)
        .queryParam("north", 31.21)
        .put("/api/v1/parks/geo-park/map/image")
        .then()
        .statusCode(400)
        .body(containsString("less than east"));
    operator.request().delete("/api/v1/parks/geo-park/map").then().statusCode(204);
    operator.request().get("/api/v1/parks/geo-park/map").then().statusCode(404);
  }

  @Test
  void theMapPageShowsEachTrackedDeviceWithTheZonesItIsIn() throws Exception {
    List<List<Double>> dock =
        SQUARE.stream().map(c -> List.of(c.get(0) + 0.1, c.get(1) + 0.1)).toList();
    operator
        .request()
        .body(zone("geo-dock", "hazard", dock))
        .post("/api/v1/parks/geo-park/geofences")
        .then()
        .statusCode(201);
    Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(120);
    position("geo-co", "forklift-1", later, 31.3000, 121.6000);
    position("geo-other", "cart-2", later, 31.3100, 121.6000);
    try {
      String page = portal(operator);
      assertThat(page)
          .contains("data-kind=\"parkmap\"")
          .contains("data-device=\"geo-co/forklift-1\"")
          .contains("data-device=\"geo-other/cart-2\"")
          .contains("data-zone=\"geo-dock\"")
          .contains("id=\"zone-form\"");
      String forklift = row(page, "geo-co/forklift-1");
      assertThat(forklift).contains("31.300000, 121.600000").contains("Zone geo-dock");
      assertThat(row(page, "geo-other/cart-2")).doesNotContain("Zone geo-dock");

      String own = portal(ownAdmin);
      assertThat(own)
          .contains("data-device=\"geo-co/forklift-1\"")
          .doesNotContain("geo-other/cart-2")
          .doesNotContain("id=\"zone-form\"");
    } finally {
      operator.request().delete("/api/v1/parks/geo-park/geofences/geo-dock").then().statusCode(204);
    }
  }

  private static String portal(Api who) {
    return io.restassured.RestAssured.given()
        .auth()
        .oauth2(who.token())
        .cookie("parkpulse_lang", "en")
        .get("/portal/map")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  /** The table row of a device on the map page. */
  private static String row(String page, String device) {
    int start = page.indexOf("<tr data-device=\"" + device + "\"");
    assertThat(start).as(device + " has a row").isNotNegative();
    return page.substring(start, page.indexOf("</tr>", start));
  }

  private List<Map<String, Object>> alarms(String rule) {
    return operator
        .request()
        .get("/api/v1/alarms")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .<Map<String, Object>>getList("")
        .stream()
        .filter(a -> rule.equals(a.get("rule")))
        .toList();
  }

  private void position(String enterprise, String device, Instant ts, double lat, double lon)
      throws Exception {
    write(enterprise, device, ts, Map.of("lat", lat, "lon", lon, "fix", 1, "sats", 12));
  }

  private void write(String enterprise, String device, Instant ts, Map<String, Object> metrics)
      throws Exception {
    TelemetryRecord reading =
        new TelemetryRecord("geo-park", new DeviceRef(enterprise, device), ++seq, ts, ts, metrics);
    new TelemetryWriter(dataSource).write(new IngestBatch(List.of(reading), List.of()));
    written.add(reading);
  }

  /** Hands what was written since to the rule engine, as the ingest does. */
  private void evaluate(Instant at) throws Exception {
    rules.evaluateNow(List.copyOf(written), at);
    written.clear();
  }

  private static Map<String, Object> zone(String id, String kind, List<List<Double>> polygon) {
    return Map.of("id", id, "name", "Zone " + id, "kind", kind, "polygon", polygon);
  }

  private static Map<String, Object> point(String name, String kind) {
    return Map.of(
        "name", name, "unit", "", "dataType", "number", "kind", kind, "intervalSeconds", 1);
  }
}
