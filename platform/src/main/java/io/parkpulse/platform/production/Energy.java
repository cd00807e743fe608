package io.parkpulse.platform.production;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Energy of an asset over a period, from an energy counter or from power samples. */
public final class Energy {

  private Energy() {}

  /** A sample: kWh of an {@code energy.active_kwh} counter, or kW of {@code power.active_kw}. */
  public record Sample(Instant ts, double value) {}

  /**
   * kWh consumed between the first and the last counter sample: the sum of its rises, a fall being
   * a reset (the counter counts again from zero).
   */
  public static double fromCounter(List<Sample> kwh) {
    double total = 0;
    for (int i = 1; i < kwh.size(); i++) {
      double previous = kwh.get(i - 1).value();
      double current = kwh.get(i).value();
      total += current >= previous ? current - previous : current;
    }
    return total;
  }

  /**
   * kWh from power samples (kW), by the trapezoid rule; an interval longer than {@code maxGap} is a
   * hole in the data and counts nothing.
   */
  public static double fromPower(List<Sample> kw, Duration maxGap) {
    double kwh = 0;
    for (int i = 1; i < kw.size(); i++) {
      Duration step = Duration.between(kw.get(i - 1).ts(), kw.get(i).ts());
      if (step.isNegative() || step.compareTo(maxGap) > 0) {
        continue;
      }
      double hours = step.toMillis() / 3_600_000.0;
      kwh += (kw.get(i - 1).value() + kw.get(i).value()) / 2 * hours;
    }
    return kwh;
  }
}
