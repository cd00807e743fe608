package io.parkpulse.platform.derived;

import io.parkpulse.model.PointKind;
import io.parkpulse.model.TelemetryCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The derived points of a device profile, checked and parsed: each computed from the values of one
 * reading, in the order the profile lists them, so that a derived point may use the measured points
 * and the derived points listed before it. A point gets no value in a reading where its expression
 * has none (see {@link Expression}).
 */
public final class DerivedPoints {

  /** A profile without derived points. */
  public static final DerivedPoints NONE = new DerivedPoints(List.of());

  /**
   * A point the device measures, as its profile declares it.
   *
   * @param dataType number, integer, boolean or string
   * @param intervalSeconds how often the device reports it
   */
  public record Measured(String name, String dataType, int intervalSeconds) {}

  /**
   * A derived point as a profile states it.
   *
   * @param name the metric name its values are stored under
   * @param unit e.g. {@code kW}, empty if none
   * @param kind its meaning, a {@link PointKind} id
   * @param expression how it is computed, see {@link ExpressionParser}
   */
  public record Definition(String name, String unit, String kind, String expression) {}

  /**
   * A derived point ready to compute.
   *
   * @param intervalSeconds the longest interval of the points it uses: how often it can have a
   *     value
   */
  public record Derived(
      String name,
      String unit,
      String kind,
      String text,
      Expression expression,
      int intervalSeconds) {}

  private final List<Derived> points;
  private final Set<String> names;

  private DerivedPoints(List<Derived> points) {
    this.points = List.copyOf(points);
    this.names = points.stream().map(Derived::name).collect(Collectors.toUnmodifiableSet());
  }

  /** The derived points, in the order they are computed. */
  public List<Derived> points() {
    return points;
  }

  public boolean isEmpty() {
    return points.isEmpty();
  }

  /**
   * Checks and parses {@code definitions} against the profile's {@code measured} points.
   *
   * @throws InvalidDerivedPointException naming the first definition at fault and what to change
   */
  public static DerivedPoints compile(List<Measured> measured, List<Definition> definitions)
      throws InvalidDerivedPointException {
    Map<String, Measured> measuredByName = new HashMap<>();
    measured.forEach(m -> measuredByName.put(m.name(), m));
    // First every name, kind and expression, so that a reference to a point further down can be
    // told apart from a cycle.
    Map<String, Expression> parsed = new LinkedHashMap<>();
    for (Definition d : definitions) {
      if (d == null || !TelemetryCodec.isMetricName(d.name())) {
        throw new InvalidDerivedPointException(
            "derived.name",
            "'"
                + (d == null ? null : d.name())
                + "' must match "
                + TelemetryCodec.METRIC_NAME.pattern());
      }
      String at = "derived." + d.name();
      if (measuredByName.containsKey(d.name())) {
        throw new InvalidDerivedPointException(
            "derived.name",
            "'"
                + d.name()
                + "' is a measured point of this profile: give the derived point"
                + " another name");
      }
      if (parsed.containsKey(d.name())) {
        throw new InvalidDerivedPointException("derived.name", "'" + d.name() + "' appears twice");
      }
      if (d.kind() == null
          || PointKind.of(d.kind()).isEmpty()
          || d.kind().equals(PointKind.MACHINE_STATE.id())) {
        throw new InvalidDerivedPointException(
            at + ".kind",
            "must be one of "
                + Arrays.stream(PointKind.values())
                    .filter(k -> k != PointKind.MACHINE_STATE)
                    .map(PointKind::id)
                    .collect(Collectors.joining(", "))
                + " (a derived point is a number, so it cannot be "
                + PointKind.MACHINE_STATE.id()
                + ")");
      }
      try {
        parsed.put(d.name(), ExpressionParser.parse(d.expression()));
      } catch (ExpressionException e) {
        throw new InvalidDerivedPointException(at + ".expression", e.getMessage());
      }
    }
    List<Derived> compiled = new ArrayList<>();
    Map<String, Integer> derivedIntervals = new HashMap<>();
    for (Definition d : definitions) {
      String at = "derived." + d.name() + ".expression";
      Expression e = parsed.get(d.name());
      Set<String> uses = e.points();
      if (uses.isEmpty()) {
        throw new InvalidDerivedPointException(
            at, "uses no point of the device: a derived point is computed from its readings");
      }
      int interval = 1;
      for (String used : uses) {
        Measured m = measuredByName.get(used);
        Integer derivedInterval = derivedIntervals.get(used);
        if (m != null) {
          if ("string".equals(m.dataType())) {
            throw new InvalidDerivedPointException(
                at,
                "'"
                    + used
                    + "' is a string point: expressions use number, integer and boolean points");
          }
          interval = Math.max(interval, m.intervalSeconds());
        } else if (derivedInterval != null) {
          interval = Math.max(interval, derivedInterval);
        } else if (parsed.containsKey(used)) {
          throw new InvalidDerivedPointException(at, laterOrCycle(d.name(), used, parsed));
        } else {
          throw new InvalidDerivedPointException(
              at,
              "'"
                  + used
                  + "' is not a point of this profile (a derived point uses the measured points"
                  + " and the derived points listed before it; a name with characters other"
                  + " than letters, digits, _ . : is written in single quotes)");
        }
      }
      derivedIntervals.put(d.name(), interval);
      compiled.add(
          new Derived(
              d.name(), d.unit() == null ? "" : d.unit(), d.kind(), d.expression(), e, interval));
    }
    return new DerivedPoints(compiled);
  }

  /** Why {@code point} may not use {@code used}, a derived point listed after it or itself. */
  private static String laterOrCycle(String point, String used, Map<String, Expression> parsed) {
    if (used.equals(point)) {
      return "'" + point + "' uses itself";
    }
    List<String> cycle = path(used, point, parsed);
    if (cycle != null) {
      return "'"
          + point
          + "' is part of a cycle: "
          + point
          + " → "
          + String.join(" → ", cycle)
          + "; a derived point cannot depend on itself";
    }
    return "'"
        + used
        + "' is listed after '"
        + point
        + "': list a derived point before the points that use it";
  }

  /** A chain of derived points from {@code from} that uses {@code to}, or null if none does. */
  private static List<String> path(String from, String to, Map<String, Expression> parsed) {
    Deque<List<String>> open = new ArrayDeque<>();
    open.add(List.of(from));
    Set<String> seen = new HashSet<>();
    while (!open.isEmpty()) {
      List<String> chain = open.poll();
      String last = chain.get(chain.size() - 1);
      if (last.equals(to)) {
        return chain;
      }
      if (!seen.add(last)) {
        continue;
      }
      for (String next : parsed.get(last).points()) {
        if (parsed.containsKey(next)) {
          List<String> longer = new ArrayList<>(chain);
          longer.add(next);
          open.add(longer);
        }
      }
    }
    return null;
  }

  /**
   * The derived points' values for a reading's {@code metrics}, in order; a point without a value
   * (a missing or non-number input, a division by zero, a result that is not a finite number) is
   * left out. A boolean counts as 1 (true) or 0 (false); text has no number.
   */
  public Map<String, Double> compute(Map<String, Object> metrics) {
    if (points.isEmpty()) {
      return Map.of();
    }
    Map<String, Double> values = new LinkedHashMap<>();
    Expression.Values inputs =
        name -> {
          if (names.contains(name)) {
            Double derived = values.get(name);
            return derived == null ? Double.NaN : derived;
          }
          return number(metrics.get(name));
        };
    for (Derived d : points) {
      double v = d.expression().evaluate(inputs);
      if (!Double.isNaN(v)) {
        values.put(d.name(), v);
      }
    }
    return values;
  }

  private static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return Double.NaN;
  }

  /**
   * The derived points of a profile's stored {@code points}, where a derived point is one with an
   * {@code expression}, as {@code ProfileService} stores them.
   *
   * @throws InvalidDerivedPointException if they do not compile (only if stored by hand)
   */
  public static DerivedPoints ofStored(List<Map<String, Object>> stored)
      throws InvalidDerivedPointException {
    List<Measured> measured = new ArrayList<>();
    List<Definition> definitions = new ArrayList<>();
    for (Map<String, Object> p : stored) {
      String name = String.valueOf(p.get("name"));
      Object expression = p.get("expression");
      if (expression == null) {
        Object interval = p.get("intervalSeconds");
        measured.add(
            new Measured(
                name,
                String.valueOf(p.get("dataType")),
                interval instanceof Number n ? n.intValue() : 1));
      } else {
        definitions.add(
            new Definition(
                name,
                p.get("unit") == null ? "" : String.valueOf(p.get("unit")),
                String.valueOf(p.get("kind")),
                String.valueOf(expression)));
      }
    }
    return definitions.isEmpty() ? NONE : compile(measured, definitions);
  }
}
