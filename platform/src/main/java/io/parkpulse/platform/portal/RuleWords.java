package io.parkpulse.platform.portal;

import com.fasterxml.jackson.databind.JsonNode;
import io.parkpulse.platform.alarms.AlarmRuleService.RuleView;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule's condition in words, in the page's language: "temp above 80 (clears below 75) and state
 * is RUNNING, for 600 s". Reads the {@code when} tree as the API shows it, or the first form.
 */
final class RuleWords {

  private final Page p;

  RuleWords(Page p) {
    this.p = p;
  }

  /** The rule's condition and duration. */
  String describe(RuleView r) {
    String condition;
    if (r.when() != null) {
      condition = node(r.when(), true);
    } else if (r.geofence() != null) {
      condition =
          p.t("inside".equals(r.condition()) ? "rules.w.enters" : "rules.w.leaves", r.name());
    } else {
      String point = r.point() != null ? r.point() : p.t("rules.w.kind", r.pointKind());
      condition =
          "equals".equals(r.condition())
              ? p.t("rules.w.equals", point, r.state(), "")
              : p.t("rules.w." + r.condition(), point, number(r.threshold()), "");
    }
    return r.forSeconds() > 0 ? p.t("rules.w.for", condition, r.forSeconds(), "") : condition;
  }

  private String node(JsonNode n, boolean top) {
    for (String group : List.of("all", "any")) {
      if (n.has(group)) {
        List<String> parts = new ArrayList<>();
        n.get(group).forEach(child -> parts.add(node(child, false)));
        String joined = String.join(p.t("rules.w." + group), parts);
        return top || parts.size() == 1 ? joined : "(" + joined + ")";
      }
    }
    if (n.has("silentSeconds")) {
      return p.t("rules.w.silent", n.get("silentSeconds").asText());
    }
    String point =
        n.has("point") ? n.get("point").asText() : p.t("rules.w.kind", n.path("kind").asText());
    if (n.has("equals")) {
      return p.t("rules.w.equals", point, n.get("equals").asText(), "");
    }
    if (n.has("rate")) {
      JsonNode rate = n.get("rate");
      boolean above = rate.has("above");
      return p.t(
          above ? "rules.w.rate-above" : "rules.w.rate-below",
          point,
          rate.get(above ? "above" : "below").asText(),
          rate.path("windowSeconds").asText());
    }
    boolean above = n.has("above");
    String level = n.get(above ? "above" : "below").asText();
    if (n.has("clear")) {
      return p.t(
          above ? "rules.w.above-clear" : "rules.w.below-clear",
          point,
          level,
          n.get("clear").asText());
    }
    return p.t(above ? "rules.w.above" : "rules.w.below", point, level, "");
  }

  private static String number(Double value) {
    if (value == null) {
      return "–";
    }
    return value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString();
  }
}
