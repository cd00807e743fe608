package io.parkpulse.platform.alarms.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.parkpulse.model.PointKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a rule's {@code when} tree from JSON: {@code {"all": [...]}} or {@code {"any": [...]}} of
 * leaves and other groups, or one leaf. A leaf names its point by {@code point} (name) or {@code
 * kind} (point kind) and has one test:
 *
 * <ul>
 *   <li>{@code "above": 80} or {@code "below": 5}, with an optional {@code "clear": 75}
 *       (hysteresis);
 *   <li>{@code "equals": "DOWN"};
 *   <li>{@code "rate": {"above": 2.5, "windowSeconds": 300}} (change per minute; {@code below} for
 *       a fall, with a negative limit);
 *   <li>{@code {"silentSeconds": 600}}, on its own: no reading of the device for that long.
 * </ul>
 */
public final class RuleTrees {

  /** Most leaves in one tree. */
  public static final int MAX_LEAVES = 20;

  /** Most levels of groups in one tree. */
  public static final int MAX_DEPTH = 4;

  private static final Set<String> LEAF_FIELDS =
      Set.of("point", "kind", "above", "below", "clear", "equals", "rate", "silentSeconds");

  private RuleTrees() {}

  /** What is wrong with a tree, and where: {@code field} is a path such as {@code when.all[1]}. */
  public static final class Invalid extends IllegalArgumentException {
    private final String field;

    Invalid(String field, String message) {
      super(message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /**
   * The condition of a {@code when} tree.
   *
   * @throws Invalid saying which field is wrong and why
   */
  public static Condition parse(JsonNode when) {
    int[] leaves = {0};
    Condition c = node(when, "when", 0, leaves);
    if (c.hasSilence() && !(c instanceof Condition.Silent)) {
      throw new Invalid("when", "silentSeconds is a rule of its own: combine it with nothing");
    }
    return c;
  }

  /**
   * The condition of a rule in the first form: a point kind or a point name, and above, below or
   * equals; or a geofence's inside or outside, on the device's position points.
   *
   * @param zone the geofence's zone, for inside and outside
   */
  public static Condition legacy(
      String condition,
      String pointKind,
      String point,
      Double threshold,
      String state,
      io.parkpulse.platform.alarms.Polygon zone) {
    Condition.Point p =
        point != null ? Condition.Point.named(point) : Condition.Point.ofKind(pointKind);
    return switch (condition) {
      case "above", "below" ->
          new Condition.Threshold(p, condition.equals("above"), threshold, null);
      case "equals" -> new Condition.Equals(p, state);
      case "inside", "outside" ->
          new Condition.Zone(
              condition.equals("inside"),
              zone,
              Condition.Point.ofKind(PointKind.POSITION_LAT.id()),
              Condition.Point.ofKind(PointKind.POSITION_LON.id()));
      default -> throw new IllegalArgumentException("unknown condition " + condition);
    };
  }

  private static Condition node(JsonNode n, String path, int depth, int[] leaves) {
    if (n == null || !n.isObject()) {
      throw new Invalid(path, "must be an object: {\"all\": [...]}, {\"any\": [...]} or a leaf");
    }
    boolean all = n.has("all");
    if (all || n.has("any")) {
      if (n.size() != 1) {
        throw new Invalid(path, "a group has only \"all\" or \"any\"");
      }
      if (depth >= MAX_DEPTH) {
        throw new Invalid(path, "groups nest at most " + MAX_DEPTH + " deep");
      }
      String key = all ? "all" : "any";
      JsonNode list = n.get(key);
      if (!list.isArray() || list.isEmpty()) {
        throw new Invalid(path + "." + key, "must be a non-empty array of conditions");
      }
      List<Condition> children = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        children.add(node(list.get(i), path + "." + key + "[" + i + "]", depth + 1, leaves));
      }
      return all ? new Condition.All(children) : new Condition.Any(children);
    }
    if (++leaves[0] > MAX_LEAVES) {
      throw new Invalid(path, "a tree has at most " + MAX_LEAVES + " conditions");
    }
    return leaf(n, path);
  }

  private static Condition leaf(JsonNode n, String path) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!LEAF_FIELDS.contains(f)) {
        throw new Invalid(
            path + "." + f, "is not a field of a condition; use one of " + LEAF_FIELDS);
      }
    }
    if (n.has("silentSeconds")) {
      if (n.size() != 1) {
        throw new Invalid(path, "silentSeconds stands alone, without point, kind or a test");
      }
      return new Condition.Silent(Duration.ofSeconds(positive(n, "silentSeconds", path)));
    }
    Condition.Point point = point(n, path);
    List<String> tests =
        List.of("above", "below", "equals", "rate").stream().filter(n::has).toList();
    if (tests.size() != 1) {
      throw new Invalid(path, "give exactly one of above, below, equals or rate");
    }
    String test = tests.get(0);
    if (n.has("clear") && !test.equals("above") && !test.equals("below")) {
      throw new Invalid(path + ".clear", "is for above and below only");
    }
    switch (test) {
      case "above":
      case "below":
        {
          double level = number(n.get(test), path + "." + test);
          Double clear = n.has("clear") ? number(n.get("clear"), path + ".clear") : null;
          try {
            return new Condition.Threshold(point, test.equals("above"), level, clear);
          } catch (IllegalArgumentException e) {
            throw new Invalid(path + ".clear", e.getMessage());
          }
        }
      case "equals":
        {
          JsonNode s = n.get("equals");
          if (!s.isValueNode() || s.isNull() || s.asText().isEmpty()) {
            throw new Invalid(path + ".equals", "must be a state such as DOWN");
          }
          return new Condition.Equals(point, s.asText());
        }
      default:
        {
          JsonNode r = n.get("rate");
          String rp = path + ".rate";
          if (!r.isObject() || r.has("above") == r.has("below")) {
            throw new Invalid(
                rp, "must be {\"above\" or \"below\": per minute, \"windowSeconds\"}");
          }
          boolean above = r.has("above");
          double limit =
              number(r.get(above ? "above" : "below"), rp + (above ? ".above" : ".below"));
          long window = positive(r, "windowSeconds", rp);
          return new Condition.Rate(point, above, limit, Duration.ofSeconds(window));
        }
    }
  }

  private static Condition.Point point(JsonNode n, String path) {
    if (n.has("point") == n.has("kind")) {
      throw new Invalid(path, "give point (a point name) or kind (a point kind), not both");
    }
    if (n.has("kind")) {
      String kind = n.get("kind").asText();
      if (PointKind.of(kind).isEmpty()) {
        throw new Invalid(path + ".kind", "is not a point kind such as temperature.c");
      }
      return Condition.Point.ofKind(kind);
    }
    JsonNode name = n.get("point");
    if (!name.isTextual() || name.asText().isBlank()) {
      throw new Invalid(path + ".point", "must be a point name such as temp");
    }
    return Condition.Point.named(name.asText());
  }

  private static double number(JsonNode v, String path) {
    if (v == null || !v.isNumber()) {
      throw new Invalid(path, "must be a number");
    }
    return v.asDouble();
  }

  private static long positive(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() <= 0) {
      throw new Invalid(path + "." + field, "must be a whole number of seconds above 0");
    }
    return v.asLong();
  }
}
