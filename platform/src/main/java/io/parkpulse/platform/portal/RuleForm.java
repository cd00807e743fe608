package io.parkpulse.platform.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parkpulse.model.PointKind;
import io.parkpulse.platform.alarms.AlarmRuleService.RuleRequest;
import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The rule form as typed, kept to show it again: up to three conditions joined by AND or OR, made
 * into a rule with a {@code when} tree. A condition's point is a point kind when it is one (e.g.
 * {@code temperature.c}), else a point name. Values that are not numbers go to the API as they are,
 * so that its answer names the field.
 */
@TemplateData
public class RuleForm {

  /** How many conditions the form offers. */
  static final int LEAVES = 3;

  /** What a condition can test. */
  static final List<String> TESTS =
      List.of("above", "below", "equals", "rate-above", "rate-below", "silent");

  /** The window of a rate when none is typed, in seconds. */
  static final long DEFAULT_RATE_WINDOW = 300;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @RestForm public String park;

  /** The enterprise whose rule it is; empty for a park-wide rule. */
  @RestForm public String enterprise;

  @RestForm public String id;
  @RestForm public String name;

  /** all (AND) or any (OR). */
  @RestForm public String join;

  @RestForm public String point1;
  @RestForm public String test1;
  @RestForm public String value1;
  @RestForm public String clear1;
  @RestForm public String window1;
  @RestForm public String point2;
  @RestForm public String test2;
  @RestForm public String value2;
  @RestForm public String clear2;
  @RestForm public String window2;
  @RestForm public String point3;
  @RestForm public String test3;
  @RestForm public String value3;
  @RestForm public String clear3;
  @RestForm public String window3;

  /** Only this device, or empty. */
  @RestForm public String device;

  /** Only devices of this profile, or empty. */
  @RestForm public String profile;

  @RestForm public String forSeconds;
  @RestForm public String severity;
  @RestForm public String slaSeconds;

  /** The device the preview runs on. */
  @RestForm public String previewDevice;

  /** An empty form: a warning held for a minute, to be handled within an hour. */
  static RuleForm empty(String park, String enterprise) {
    RuleForm f = new RuleForm();
    f.park = park;
    f.enterprise = enterprise;
    f.join = "all";
    f.forSeconds = "60";
    f.severity = "warning";
    f.slaSeconds = "3600";
    return f;
  }

  /** One condition of the form. */
  public record Leaf(int n, String point, String test, String value, String clear, String window) {}

  /** The conditions, typed or not, in order. */
  public List<Leaf> leaves() {
    return List.of(
        new Leaf(1, s(point1), test(test1), s(value1), s(clear1), s(window1)),
        new Leaf(2, s(point2), test(test2), s(value2), s(clear2), s(window2)),
        new Leaf(3, s(point3), test(test3), s(value3), s(clear3), s(window3)));
  }

  /** Whether any condition is filled in (a silence needs no point). */
  boolean hasCondition() {
    return leaves().stream().anyMatch(RuleForm::used);
  }

  /** The rule the form asks for: the API's request with a {@code when} tree. */
  RuleRequest request() {
    List<JsonNode> leaves = new ArrayList<>();
    for (Leaf l : leaves()) {
      if (used(l)) {
        leaves.add(leaf(l));
      }
    }
    JsonNode when;
    if (leaves.size() == 1) {
      when = leaves.get(0);
    } else {
      ArrayNode list = JSON.arrayNode();
      list.addAll(leaves);
      ObjectNode group = JSON.objectNode();
      group.set("any".equals(join) ? "any" : "all", list);
      when = group;
    }
    return new RuleRequest(
        nullIfBlank(id),
        nullIfBlank(park),
        nullIfBlank(enterprise),
        nullIfBlank(name),
        null,
        null,
        null,
        null,
        null,
        whole(forSeconds),
        nullIfBlank(severity),
        whole(slaSeconds),
        true,
        when,
        nullIfBlank(device),
        nullIfBlank(profile),
        null,
        null);
  }

  /** The same rule, to preview on the chosen device. */
  RuleRequest previewRequest() {
    RuleRequest r = request();
    return new RuleRequest(
        r.id(),
        r.park(),
        r.enterprise(),
        r.name(),
        null,
        null,
        null,
        null,
        null,
        r.forSeconds(),
        r.severity(),
        r.slaSeconds(),
        true,
        r.when(),
        r.device() != null ? r.device() : nullIfBlank(previewDevice),
        r.profile(),
        null,
        null);
  }

  /** The device the preview runs on: the rule's own device, if it has one. */
  String chosenDevice() {
    return !FormValues.blank(device) ? device.strip() : s(previewDevice);
  }

  private static boolean used(Leaf l) {
    return !l.point().isEmpty() || "silent".equals(l.test());
  }

  private static JsonNode leaf(Leaf l) {
    ObjectNode leaf = JSON.objectNode();
    if ("silent".equals(l.test())) {
      leaf.set("silentSeconds", whole(l.value(), l.value()));
      return leaf;
    }
    leaf.put(PointKind.of(l.point()).isPresent() ? "kind" : "point", l.point());
    switch (l.test()) {
      case "equals" -> leaf.put("equals", l.value());
      case "rate-above", "rate-below" -> {
        ObjectNode rate = JSON.objectNode();
        rate.set(l.test().equals("rate-above") ? "above" : "below", number(l.value()));
        rate.set(
            "windowSeconds",
            l.window().isEmpty()
                ? JSON.numberNode(DEFAULT_RATE_WINDOW)
                : whole(l.window(), l.window()));
        leaf.set("rate", rate);
      }
      default -> {
        leaf.set(l.test(), number(l.value()));
        if (!l.clear().isEmpty()) {
          leaf.set("clear", number(l.clear()));
        }
      }
    }
    return leaf;
  }

  /** A number as typed, or the text itself (which the API refuses, naming the field). */
  private static JsonNode number(String text) {
    try {
      double value = Double.parseDouble(text);
      if (!Double.isFinite(value)) {
        return JSON.textNode(text);
      }
      // 80 rather than 80.0, as people type and read it.
      return value == Math.rint(value) && Math.abs(value) < 1e15
          ? JSON.numberNode((long) value)
          : JSON.numberNode(value);
    } catch (NumberFormatException e) {
      return JSON.textNode(text);
    }
  }

  private static JsonNode whole(String text, String fallback) {
    Long n = FormValues.wholeNumber(text);
    return n != null ? JSON.numberNode(n) : JSON.textNode(fallback);
  }

  private static Integer whole(String text) {
    Long n = FormValues.wholeNumber(text);
    return n == null || n > Integer.MAX_VALUE || n < Integer.MIN_VALUE ? null : n.intValue();
  }

  private static String test(String test) {
    return test != null && TESTS.contains(test) ? test : "above";
  }

  private static String s(String text) {
    return text == null ? "" : text.strip();
  }

  private static String nullIfBlank(String text) {
    return FormValues.blank(text) ? null : text.strip();
  }
}
