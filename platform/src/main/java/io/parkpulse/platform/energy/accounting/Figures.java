package io.parkpulse.platform.energy.accounting;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Energy and carbon figures of one enterprise or the park over a day, a month or a year, as {@link
 * EnergyAccounts} computes them.
 *
 * @param scope an enterprise id, or the park's
 * @param period {@code 2026-03-05}, {@code 2026-03} or {@code 2026}
 * @param electricityKwh electricity consumed: the electricity meters' register rises
 * @param unmonitoredKwh the part of it from meter-days under 90% complete
 * @param pvKwh generated on site
 * @param greenKwh green power bought, at most the grid electricity
 * @param gridKwh electricity from the grid: max(0, electricity − PV)
 * @param quantity by carrier, in its unit; green power as counted (capped)
 * @param tce tonnes of standard coal by carrier, summing to {@code totalTce}; PV and green power
 *     are part of electricity and have no entry, nor has a carrier without a conversion factor
 * @param cleanShare (PV consumed + green) as tce over total tce; NaN if the total is 0
 * @param goodUnits good units produced, or null without production counters
 * @param kwhPerGood electricity per good unit, or null
 * @param tcePer10kGood tce per 10,000 good units, or null
 * @param co2PerTce 单位能耗碳排放, tCO2 per tce; NaN if the total is 0
 * @param threshold the 零碳园区 core threshold it is held against (tCO2/tce)
 * @param meetsCore co2PerTce within the threshold; null without energy or with a factor missing
 * @param factors every factor used, by carrier
 */
public record Figures(
    String scope,
    String period,
    double electricityKwh,
    double unmonitoredKwh,
    double pvKwh,
    double greenKwh,
    double gridKwh,
    Map<Carrier, Double> quantity,
    Map<Carrier, Double> tce,
    double totalTce,
    double tco2,
    double cleanShare,
    Double goodUnits,
    Double kwhPerGood,
    Double tcePer10kGood,
    double co2PerTce,
    double threshold,
    Boolean meetsCore,
    Quality quality,
    List<FactorUse> factors) {

  public Figures {
    quantity = byCarrier(quantity);
    tce = byCarrier(tce);
    factors = List.copyOf(factors);
  }

  /** A factor was missing, so the totals leave a carrier out (see the quality flags). */
  public boolean factorsMissing() {
    return quality.flags().stream().anyMatch(Quality.Flag::missingFactor);
  }

  /** In carrier order, so that the API and the monthly record list them alike. */
  private static Map<Carrier, Double> byCarrier(Map<Carrier, Double> values) {
    EnumMap<Carrier, Double> ordered = new EnumMap<>(Carrier.class);
    ordered.putAll(values);
    return Collections.unmodifiableMap(ordered);
  }
}
