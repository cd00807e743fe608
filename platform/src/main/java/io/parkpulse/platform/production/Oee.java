package io.parkpulse.platform.production;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Overall equipment effectiveness of one machine over one shift: availability (time RUNNING ÷
 * planned time, from {@code machine.state}), performance (ideal cycle time × parts ÷ running time,
 * from {@code counter.total}) and quality (good ÷ all parts, from {@code counter.good}). Each part
 * is computable only from enough data; OEE only when all three are.
 */
public final class Oee {

  /** State samples must cover this share of the shift for availability to be computable. */
  static final double MIN_COVERAGE = 0.8;

  private Oee() {}

  /** A {@code machine.state} sample. */
  public record State(Instant ts, String state) {}

  /** A counter sample. */
  public record Count(Instant ts, double value) {}

  /**
   * The outcome for one shift.
   *
   * @param coverage share of the planned time that state samples describe
   */
  public record Result(
      Duration planned,
      Duration running,
      double coverage,
      double parts,
      double goodParts,
      Optional<Double> availability,
      Optional<Double> performance,
      Optional<Double> quality,
      Optional<Double> oee) {

    /** Whether availability, performance and quality are all computable. */
    public boolean computable() {
      return oee.isPresent();
    }
  }

  /**
   * Computes the OEE of a shift.
   *
   * @param states state samples by time; one before the shift tells the state it starts in
   * @param total and {@code good}: counter samples by time, one before the shift as the baseline
   * @param idealCycle the ideal time per part, if known
   * @param maxGap how long a sample holds at most when no next sample comes
   */
  public static Result compute(
      ShiftCalendar.Window shift,
      List<State> states,
      List<Count> total,
      List<Count> good,
      Optional<Duration> idealCycle,
      Duration maxGap) {
    Duration planned = Duration.between(shift.start(), shift.end());
    long covered = 0;
    long running = 0;
    for (int i = 0; i < states.size(); i++) {
      State s = states.get(i);
      Instant from = later(s.ts(), shift.start());
      Instant until = earlier(shift.end(), s.ts().plus(maxGap));
      if (i + 1 < states.size()) {
        until = earlier(until, states.get(i + 1).ts());
      }
      if (!until.isAfter(from)) {
        continue;
      }
      long millis = Duration.between(from, until).toMillis();
      covered += millis;
      if ("RUNNING".equals(s.state())) {
        running += millis;
      }
    }
    double coverage = planned.isZero() ? 0 : (double) covered / planned.toMillis();
    double parts = increase(total, shift);
    double goodParts = increase(good, shift);
    Optional<Double> availability =
        coverage >= MIN_COVERAGE
            ? Optional.of((double) running / planned.toMillis())
            : Optional.empty();
    Optional<Double> performance =
        idealCycle.isPresent() && running > 0 && total.size() >= 2
            ? Optional.of(Math.min(1, idealCycle.get().toMillis() * parts / running))
            : Optional.empty();
    Optional<Double> quality =
        parts > 0 && good.size() >= 2 ? Optional.of(goodParts / parts) : Optional.empty();
    Optional<Double> oee =
        availability.isPresent() && performance.isPresent() && quality.isPresent()
            ? Optional.of(availability.get() * performance.get() * quality.get())
            : Optional.empty();
    return new Result(
        planned,
        Duration.ofMillis(running),
        coverage,
        parts,
        goodParts,
        availability,
        performance,
        quality,
        oee);
  }

  /**
   * How much a monotonic counter rose within the shift, from the last sample before it (if any); a
   * counter that went down was reset, and counts again from zero.
   */
  static double increase(List<Count> counts, ShiftCalendar.Window shift) {
    double increase = 0;
    Count previous = null;
    for (Count c : counts) {
      if (c.ts().isAfter(shift.end())) {
        break;
      }
      if (previous != null && !c.ts().isBefore(shift.start())) {
        increase += c.value() >= previous.value() ? c.value() - previous.value() : c.value();
      }
      previous = c;
    }
    return increase;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
