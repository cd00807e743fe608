package io.parkpulse.platform.energy.accounting;

import java.time.LocalDate;
import java.util.List;

/**
 * Data quality at energy online-monitoring grade (15-minute values, 90% complete, day totals within
 * 5%), so that a figure shows how far it can be trusted and consumption that was not monitored is
 * never shown as zero without saying so.
 *
 * @param meters distinct electricity and PV meters (device and point)
 * @param completeness 15-minute slots with a reading over the slots due, over all meter-days; 1 if
 *     none was due yet, 0 without meter-days
 * @param unmonitoredKwh electricity counted from meter-days under 90% complete (it is in the total
 *     too)
 * @param metersWithoutData meters, as {@code device/point}, that sent no reading in the period
 */
public record Quality(
    int meters,
    int meterDays,
    int monitoredMeterDays,
    double completeness,
    double unmonitoredKwh,
    List<String> metersWithoutData,
    List<Flag> flags) {

  public Quality {
    metersWithoutData = List.copyOf(metersWithoutData);
    flags = List.copyOf(flags);
  }

  /**
   * Something a reader of the figure must know.
   *
   * @param device the meter's device, or null for a flag about the figure as a whole (a missing
   *     factor, green power capped)
   * @param point the meter's point, or null likewise
   */
  public record Flag(String device, String point, LocalDate day, String reason) {

    static final String NO_FACTOR = "no emission factor for ";
    static final String NO_CONVERSION = "no conversion factor for ";

    /** The figure lacks a factor, so its totals leave a carrier out. */
    public boolean missingFactor() {
      return device == null && (reason.startsWith(NO_FACTOR) || reason.startsWith(NO_CONVERSION));
    }
  }
}
