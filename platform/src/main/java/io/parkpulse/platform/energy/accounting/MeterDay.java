package io.parkpulse.platform.energy.accounting;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One meter's day, as the read model measures it from 1-minute rollups (days in the park's time
 * zone). The register rise ({@code counterKwh}) is the legal reading; the sum of short-interval
 * rises ({@code intervalKwh}) checks it, as energy online monitoring asks day totals to agree with
 * the 15-minute values within 5%.
 *
 * @param carrier {@link Carrier#ELECTRICITY} or {@link Carrier#PV}
 * @param slots 15-minute slots with at least one reading
 * @param expectedSlots 96 for a whole day, fewer for today so far
 * @param counterKwh the register's rise since its last reading before the day; null if the meter
 *     sent no reading that day
 * @param intervalKwh the sum of rises between readings at most 15 minutes apart
 * @param resets how often the register fell that day, each taken as a reset (it counts again from
 *     zero): a single spurious low reading looks the same, so a day with one is flagged
 */
public record MeterDay(
    String enterprise,
    String device,
    String point,
    Carrier carrier,
    LocalDate day,
    int slots,
    int expectedSlots,
    Double counterKwh,
    double intervalKwh,
    int resets) {

  /** Energy online monitoring's completeness bar: 90% of the 15-minute values. */
  public static final double MONITORED = 0.90;

  /** The largest gap between the register and the interval sum that passes unflagged. */
  public static final double MAX_GAP = 0.05;

  public MeterDay {
    Objects.requireNonNull(enterprise, "enterprise");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(day, "day");
    if (carrier != Carrier.ELECTRICITY && carrier != Carrier.PV) {
      throw new IllegalArgumentException("a meter day is electricity or pv, not " + carrier);
    }
    if (slots < 0 || expectedSlots < 0) {
      throw new IllegalArgumentException("slots are counts: " + slots + " of " + expectedSlots);
    }
  }

  /** A meter day whose register never fell. */
  public MeterDay(
      String enterprise,
      String device,
      String point,
      Carrier carrier,
      LocalDate day,
      int slots,
      int expectedSlots,
      Double counterKwh,
      double intervalKwh) {
    this(enterprise, device, point, carrier, day, slots, expectedSlots, counterKwh, intervalKwh, 0);
  }

  /** slots / expectedSlots; 1 when no slot was due yet (nothing is missing). */
  public double completeness() {
    return expectedSlots == 0 ? 1.0 : (double) slots / expectedSlots;
  }

  /** At least 90% of the due 15-minute slots hold a reading. */
  public boolean monitored() {
    return completeness() >= MONITORED;
  }

  /**
   * (counter − interval) / counter: the share of the register's rise that the 15-minute values do
   * not account for; 0 without a positive register rise.
   */
  public double reconciliationGap() {
    if (counterKwh == null || counterKwh <= 0) {
      return 0;
    }
    return (counterKwh - intervalKwh) / counterKwh;
  }

  /**
   * The gap exceeds 5%. Only a positive gap counts: interval values missing is what breaks
   * monitoring; a sum above the register is left to the register, which is the legal reading.
   */
  public boolean gapFlagged() {
    return reconciliationGap() > MAX_GAP;
  }
}
