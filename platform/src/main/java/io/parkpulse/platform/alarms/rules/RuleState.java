package io.parkpulse.platform.alarms.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * One rule on one device: whether its condition is raised, since when it holds, and how often it
 * changed lately. Readings (and the passing of time, for a {@code for} duration) give transitions:
 * raised once the condition has held for the rule's duration, cleared as soon as it no longer
 * holds. {@code transitions} changes within {@code window} make the rule's alarm flapping: the
 * transition that reaches the count says so, and the later ones are suppressed (still applied to
 * the alarm, counted, but not announced) until the alarm is closed.
 *
 * <p>Not thread-safe: one device's readings are handled by one thread.
 */
public final class RuleState {

  /** How many changes within how long make an alarm flapping. */
  public record FlapLimit(int transitions, Duration window) {
    public FlapLimit {
      if (transitions < 2) {
        throw new IllegalArgumentException("flapping needs at least 2 transitions");
      }
      if (window == null || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("the flapping window must be above 0");
      }
    }
  }

  /** Raised or cleared. */
  public enum Change {
    RAISED,
    CLEARED
  }

  /**
   * A change of the rule's condition on the device.
   *
   * @param at the reading's time, or the time the duration ran out
   * @param points the point names the condition reads
   * @param value the values that made the change, as text
   * @param flappingStarts this change made the alarm flapping
   * @param suppressed the alarm was flapping already: apply and count, do not announce
   */
  public record Transition(
      Change change,
      Instant at,
      String points,
      String value,
      boolean flappingStarts,
      boolean suppressed) {}

  private final Watches.Watch watch;
  private final Duration holdFor;
  private final FlapLimit flap;
  private final Deque<Instant> changes = new ArrayDeque<>();
  private Instant since;
  private Instant latest;
  private boolean raised;
  private boolean flapping;

  public RuleState(Watches.Watch watch, Duration holdFor, FlapLimit flap) {
    this.watch = watch;
    this.holdFor = holdFor;
    this.flap = flap;
  }

  /**
   * Starts from the alarm the database has: raised (open and not cleared) or not, flapping or not.
   */
  public void seed(boolean raised, boolean flapping) {
    this.raised = raised;
    this.flapping = flapping;
    watch.seed(raised);
  }

  /** The alarm was found closed: the next raise opens a new alarm, not flapping. */
  public void alarmClosed() {
    flapping = false;
  }

  public boolean raised() {
    return raised;
  }

  public boolean flapping() {
    return flapping;
  }

  /**
   * Takes a reading; a reading older than one taken already (a replay) changes nothing.
   *
   * @return the transition it causes, if any
   */
  public Optional<Transition> onReading(Instant ts, Map<String, Object> metrics) {
    if (latest != null && ts.isBefore(latest)) {
      return Optional.empty();
    }
    if (!watch.update(ts, metrics)) {
      return Optional.empty();
    }
    latest = ts;
    if (!watch.holds()) {
      since = null;
      return raised ? Optional.of(change(Change.CLEARED, ts)) : Optional.empty();
    }
    if (since == null) {
      since = ts;
    }
    return onTime(ts);
  }

  /**
   * Raises the rule if its condition, holding as of the last reading, has now held for the rule's
   * duration: a device that reports only on change gets its alarm when the duration runs out.
   */
  public Optional<Transition> onTime(Instant now) {
    if (raised || since == null || Duration.between(since, now).compareTo(holdFor) < 0) {
      return Optional.empty();
    }
    return Optional.of(change(Change.RAISED, now));
  }

  /** When the pending duration runs out, if the condition holds and is not raised yet. */
  public Optional<Instant> due() {
    return raised || since == null ? Optional.empty() : Optional.of(since.plus(holdFor));
  }

  /**
   * What a silence rule does for a device last seen at {@code lastSeen} (null: never), as of {@code
   * now}: raise once the device has been silent for the rule's time, clear once it reports again.
   */
  public static Optional<Change> silence(
      Condition.Silent rule, Instant lastSeen, boolean raised, Instant now) {
    boolean silent =
        lastSeen != null && Duration.between(lastSeen, now).compareTo(rule.after()) >= 0;
    if (silent && !raised) {
      return Optional.of(Change.RAISED);
    }
    return !silent && raised ? Optional.of(Change.CLEARED) : Optional.empty();
  }

  private Transition change(Change change, Instant at) {
    raised = change == Change.RAISED;
    boolean wasFlapping = flapping;
    changes.addLast(at);
    while (changes.peekFirst().isBefore(at.minus(flap.window()))) {
      changes.removeFirst();
    }
    boolean starts = !flapping && changes.size() >= flap.transitions();
    flapping |= starts;
    return new Transition(change, at, watch.points(), watch.value(), starts, wasFlapping);
  }
}
