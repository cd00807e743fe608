package io.parkpulse.platform.geo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A park outline as the operator uploads it, in GeoJSON (RFC 7946): a FeatureCollection, a Feature
 * or a bare geometry, of Polygons and MultiPolygons (the park's boundary, its buildings, its roads
 * drawn as areas). Checked and turned into one FeatureCollection whose features all have a name,
 * which is what the portal's map draws.
 */
final class Outline {

  /** Bytes of GeoJSON at most: a park drawn in detail takes a few hundred kilobytes. */
  static final int MAX_BYTES = 2 << 20;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ObjectNode collection;
  private final int polygons;

  private Outline(ObjectNode collection, int polygons) {
    this.collection = collection;
    this.polygons = polygons;
  }

  /**
   * Reads an uploaded outline.
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  static Outline parse(String json) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("the body is empty: send a GeoJSON FeatureCollection");
    }
    if (json.length() > MAX_BYTES) {
      throw new IllegalArgumentException(
          "the outline is larger than " + (MAX_BYTES >> 20) + " MB; simplify its shapes");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    ObjectNode collection = MAPPER.createObjectNode().put("type", "FeatureCollection");
    ArrayNode features = collection.putArray("features");
    String type = root.path("type").asText();
    switch (type) {
      case "FeatureCollection" -> {
        JsonNode list = root.path("features");
        if (!list.isArray()) {
          throw new IllegalArgumentException("the FeatureCollection has no features list");
        }
        for (int i = 0; i < list.size(); i++) {
          features.add(feature(list.get(i), "features[" + i + "]", i));
        }
      }
      case "Feature" -> features.add(feature(root, "the feature", 0));
      case "Polygon", "MultiPolygon" -> features.add(named(root, "outline-1"));
      default ->
          throw new IllegalArgumentException(
              "type is '"
                  + type
                  + "'; send a FeatureCollection, a Feature, a Polygon or a MultiPolygon");
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException("the outline has no features");
    }
    int polygons = 0;
    for (int i = 0; i < features.size(); i++) {
      polygons += checkGeometry(features.get(i).path("geometry"), "features[" + i + "]");
    }
    return new Outline(collection, polygons);
  }

  /** The outline as one FeatureCollection of named polygon features. */
  String json() {
    return collection.toString();
  }

  /** How many polygons it draws. */
  int polygons() {
    return polygons;
  }

  private static ObjectNode feature(JsonNode feature, String where, int index) {
    if (!"Feature".equals(feature.path("type").asText())) {
      throw new IllegalArgumentException(where + " is not a Feature");
    }
    String name = feature.path("properties").path("name").asText("");
    ObjectNode copy =
        named(feature.path("geometry"), name.isBlank() ? "outline-" + (index + 1) : name);
    return copy;
  }

  private static ObjectNode named(JsonNode geometry, String name) {
    ObjectNode feature = MAPPER.createObjectNode().put("type", "Feature");
    feature.putObject("properties").put("name", name);
    feature.set("geometry", geometry);
    return feature;
  }

  /** Checks a Polygon or MultiPolygon; returns how many polygons it has. */
  private static int checkGeometry(JsonNode geometry, String where) {
    String type = geometry.path("type").asText();
    JsonNode coordinates = geometry.path("coordinates");
    if (!coordinates.isArray()) {
      throw new IllegalArgumentException(where + ": the geometry has no coordinates");
    }
    switch (type) {
      case "Polygon" -> {
        checkPolygon(coordinates, where);
        return 1;
      }
      case "MultiPolygon" -> {
        for (int i = 0; i < coordinates.size(); i++) {
          checkPolygon(coordinates.get(i), where + " polygon " + i);
        }
        return coordinates.size();
      }
      default ->
          throw new IllegalArgumentException(
              where
                  + ": geometry type '"
                  + type
                  + "' is not drawn; use Polygon or MultiPolygon (draw roads as areas)");
    }
  }

  private static void checkPolygon(JsonNode rings, String where) {
    if (!rings.isArray() || rings.isEmpty()) {
      throw new IllegalArgumentException(where + ": a polygon needs at least one ring");
    }
    for (JsonNode ring : rings) {
      if (!ring.isArray() || ring.size() < 4) {
        throw new IllegalArgumentException(
            where + ": a ring needs at least 4 positions, the last repeating the first");
      }
      for (JsonNode position : ring) {
        if (!position.isArray()
            || position.size() < 2
            || !position.get(0).isNumber()
            || !position.get(1).isNumber()) {
          throw new IllegalArgumentException(
              where + ": " + position + " is not a [longitude, latitude] position");
        }
        double lon = position.get(0).asDouble();
        double lat = position.get(1).asDouble();
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
          throw new IllegalArgumentException(
              where
                  + ": ["
                  + lon
                  + ", "
                  + lat
                  + "] is out of range; GeoJSON puts longitude first, then latitude");
        }
      }
    }
  }
}
