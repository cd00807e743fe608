package io.parkpulse.platform.portal;

import io.parkpulse.platform.energy.accounting.MeterDay;
import io.parkpulse.platform.energy.accounting.Quality;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.MeterSummary;
import io.quarkus.qute.TemplateExtension;

/** What the energy pages ask of the figures, with the monitoring bar kept in one place. */
@TemplateExtension
final class EnergyExtensions {

  private EnergyExtensions() {}

  /** Metered, but under 90% of its 15-minute values: a badge says so. */
  static boolean belowGrade(Quality quality) {
    return quality.meterDays() > 0 && quality.completeness() < MeterDay.MONITORED;
  }

  /** The meter sent under 90% of its 15-minute values over the month. */
  static boolean belowGrade(MeterSummary meter) {
    return meter.completeness() < MeterDay.MONITORED;
  }
}
