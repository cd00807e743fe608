package io.parkpulse.devstack.demo;

import io.parkpulse.devstack.gnss.LatLon;
import io.parkpulse.devstack.gnss.NmeaReceiver;
import io.parkpulse.devstack.gnss.Route;
import io.parkpulse.devstack.platform.PlatformClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo park's yard: its outline on the map, a forbidden tank farm and a forklift bay, and a
 * forklift whose BeiDou receiver (simulated, NMEA over TCP) drives a loop that passes through the
 * tank farm, so that the map moves and the geofence alarms open and clear.
 */
final class DemoYard {

  static final String ENTERPRISE = "east-precision";
  static final String FORKLIFT = "forklift-01";

  /** The park's centre, in Shanghai. */
  private static final LatLon CENTRE = new LatLon(31.2300, 121.4700);

  private static final LatLon BAY = CENTRE.offset(-150, -250);
  private static final LatLon TANKS = CENTRE.offset(100, 180);

  /** A loop takes about 10 minutes: rounds of the yard at 3 m/s with a minute in the bay. */
  private static final int LOOPS = 24 * 6;

  private DemoYard() {}

  /** The tracker profile, the forklift, the map and the zones, created if absent. */
  static String provision(PlatformClient client, String park)
      throws IOException, InterruptedException {
    client.createIfAbsent(
        "/api/v1/profiles",
        Map.of(
            "id",
            "demo-tracker",
            "park",
            park,
            "name",
            "BeiDou tracker",
            "points",
            List.of(
                point("lat", "position.lat"),
                point("lon", "position.lon"),
                point("fix_quality", "position.fix_quality"),
                point("satellites", "position.satellites"),
                point("speed_kmh", "generic"))));
    String secret = client.deviceSecret(ENTERPRISE, FORKLIFT, "叉车 1");
    client.put(
        "/api/v1/enterprises/" + ENTERPRISE + "/devices/" + FORKLIFT,
        Map.of("type", "vehicle", "profile", "demo-tracker"));
    client.put("/api/v1/parks/" + park + "/map", outline());
    client.createIfAbsent(
        "/api/v1/parks/" + park + "/geofences",
        Map.of(
            "id",
            "tank-farm",
            "name",
            "油罐区",
            "kind",
            "forbidden",
            "polygon",
            TANKS.rectangle(60, 80)));
    client.createIfAbsent(
        "/api/v1/parks/" + park + "/geofences",
        Map.of(
            "id",
            "forklift-bay",
            "name",
            "叉车停放区",
            "kind",
            "parking",
            "polygon",
            BAY.rectangle(30, 40)));
    return secret;
  }

  /** The forklift's receiver, one fix a second, for a day of loops. */
  static NmeaReceiver receiver() {
    LatLon east = CENTRE.offset(-150, 250);
    LatLon north = CENTRE.offset(100, 250);
    LatLon west = CENTRE.offset(100, -250);
    Route loop = Route.through(3, BAY, east, north, TANKS, west, BAY);
    List<LatLon> day = new ArrayList<>();
    for (int i = 0; i < LOOPS; i++) {
      for (int s = 0; s < loop.seconds(); s++) {
        day.add(loop.at(s));
      }
      for (int s = 0; s < 60; s++) {
        day.add(BAY);
      }
    }
    return NmeaReceiver.start(Route.of(day), 1000);
  }

  /** The park's outline and its buildings, as GeoJSON. */
  private static Map<String, Object> outline() {
    List<Object> features = new ArrayList<>();
    features.add(feature("园区", CENTRE.rectangle(400, 600)));
    features.add(feature("一号厂房", CENTRE.offset(-20, -60).rectangle(90, 160)));
    features.add(feature("二号厂房", CENTRE.offset(-20, 130).rectangle(90, 120)));
    features.add(feature("仓库", CENTRE.offset(130, -120).rectangle(60, 140)));
    return Map.of("type", "FeatureCollection", "features", features);
  }

  private static Map<String, Object> feature(String name, List<List<Double>> ring) {
    return Map.of(
        "type",
        "Feature",
        "properties",
        Map.of("name", name),
        "geometry",
        Map.of("type", "Polygon", "coordinates", List.of(ring)));
  }

  private static Map<String, Object> point(String name, String kind) {
    Map<String, Object> point = new LinkedHashMap<>();
    point.put("name", name);
    point.put("unit", "");
    point.put("dataType", "number");
    point.put("kind", kind);
    point.put("intervalSeconds", 1);
    return point;
  }
}
