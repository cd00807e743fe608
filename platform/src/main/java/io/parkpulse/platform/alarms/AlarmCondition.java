package io.parkpulse.platform.alarms;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A rule's condition on one point of one device: a value above or below a threshold, or a state
 * equal to a given one, held for at least a duration (e.g. temperature above 80 for 5 minutes,
 * machine DOWN for 10 minutes).
 *
 * @param condition above, below or equals
 * @param threshold for above and below
 * @param state for equals
 * @param holdFor how long the condition must hold before the alarm opens
 */
public record AlarmCondition(String condition, Double threshold, String state, Duration holdFor) {

  /** A sample of the point. */
  public record Sample(Instant ts, Object value) {}

  /** Whether one value meets the condition. */
  public boolean holds(Object value) {
    return switch (condition) {
      case "above" -> value instanceof Number n && n.doubleValue() > threshold;
      case "below" -> value instanceof Number n && n.doubleValue() < threshold;
      case "equals" -> state.equals(String.valueOf(value));
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
