package io.parkpulse.platform.alarms;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A rule's condition on one point of one device: a value above or below a threshold, a state equal
 * to a given one, or a position inside or outside a zone, held for at least a duration (e.g.
 * temperature above 80 for 5 minutes, machine DOWN for 10 minutes, a forklift inside a forbidden
 * zone).
 *
 * @param condition above, below, equals, inside or outside
 * @param threshold for above and below
 * @param state for equals
 * @param holdFor how long the condition must hold before the alarm opens
 * @param zone for inside and outside; the samples' values are then {@link Polygon.Position}s.
 *     Outside means having left the zone: a device that was not inside within the samples is not
 *     outside it for the rule
 */
public record AlarmCondition(
    String condition, Double threshold, String state, Duration holdFor, Polygon zone) {

  /** A condition on a value: above, below or equals. */
  public AlarmCondition(String condition, Double threshold, String state, Duration holdFor) {
    this(condition, threshold, state, holdFor, null);
  }

  /** A sample of the point. */
  public record Sample(Instant ts, Object value) {}

  /** Whether one value meets the condition. */
  public boolean holds(Object value) {
    return switch (condition) {
      case "above" -> value instanceof Number n && n.doubleValue() > threshold;
      case "below" -> value instanceof Number n && n.doubleValue() < threshold;
      case "equals" -> state.equals(String.valueOf(value));
      case "inside" -> value instanceof Polygon.Position p && zone.contains(p);
      case "outside" -> value instanceof Polygon.Position p && !zone.contains(p);
      default -> throw new IllegalStateException("unknown condition " + condition);
    };
  }

  /**
   * The sample that made the condition hold for {@code holdFor} as of {@code now}, if it does: the
   * latest sample meets it, and so has every sample since one at or before {@code now − holdFor}.
   *
   * @param samples the point's samples by time
   */
  public Optional<Sample> triggered(List<Sample> samples, Instant now) {
    if (samples.isEmpty() || !holds(samples.get(samples.size() - 1).value())) {
      return Optional.empty();
    }
    if ("outside".equals(condition) && samples.stream().allMatch(s -> holds(s.value()))) {
      // Leaving a zone, not never having been in it: a device that was not inside within the
      // window did not leave.
      return Optional.empty();
    }
    Instant mustStartBy = now.minus(holdFor);
    for (int i = samples.size() - 1; i >= 0; i--) {
      Sample s = samples.get(i);
      if (!holds(s.value())) {
        return Optional.empty();
      }
      if (!s.ts().isAfter(mustStartBy)) {
        return Optional.of(samples.get(samples.size() - 1));
      }
    }
    return Optional.empty();
  }
}
