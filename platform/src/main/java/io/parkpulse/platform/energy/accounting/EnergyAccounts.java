package io.parkpulse.platform.energy.accounting;

import io.parkpulse.platform.energy.accounting.Factor.Kind;
import io.parkpulse.platform.energy.accounting.Quality.Flag;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Energy, carbon and data quality of an enterprise or a park, by these rules:
 *
 * <ul>
 *   <li>Electricity consumed is the sum of the electricity meters' register rises ({@code
 *       counterKwh}), the legal reading. A meter-day under 90% complete counts in {@code
 *       unmonitoredKwh} as well, and is flagged. A meter-day without any reading adds nothing and
 *       is flagged; the register carries its consumption to the day readings return. A meter
 *       without any reading in the period is listed in {@code metersWithoutData}.
 *   <li>PV generated is the sum of the PV meters' register rises. It is taken as consumed on site:
 *       export is not measured. Generation above consumption is flagged and its surplus counted as
 *       exported (it adds nothing to the clean share).
 *   <li>grid = max(0, electricity − PV); green = min(declared green power, grid), flagged when
 *       capped; electricity emits (grid − green) × the grid CO2 factor.
 *   <li>tce = quantity × kgce per unit / 1000 (electricity at its calorific equivalent, GB/T
 *       2589-2020); tCO2 = quantity × kgCO2 per unit / 1000. PV and green power emit nothing.
 *   <li>cleanShare = (PV consumed + green) × the electricity kgce factor / 1000 / total tce.
 *   <li>co2PerTce = tCO2 / total tce; meetsCore = co2PerTce ≤ threshold.
 * </ul>
 *
 * <p>A factor is looked up only for a quantity above zero. When none applies, nothing is invented:
 * the carrier is left out of the tce or tCO2 totals, a flag says which factor is missing, and
 * {@code meetsCore} is null, since the ratio would flatter the park.
 *
 * <p>The caller passes the period's meter-days and declarations (for a month, that month's) and the
 * day whose factors apply ({@code factorDay}: a month's first day). A year is the {@link #sum} of
 * its months, so that a factor that changes mid-year applies from its month on.
 */
public final class EnergyAccounts {

  private EnergyAccounts() {}

  /**
   * Figures of one scope over one period.
   *
   * @param park the park whose factors apply
   * @param province its province, or null for national factors only
   * @param goodUnits good units produced in the period, or null without production counters
   * @param threshold the 零碳园区 core threshold that applies (tCO2/tce)
   */
  public static Figures figures(
      String scope,
      String period,
      String park,
      String province,
      List<MeterDay> days,
      List<Declared> declared,
      Double goodUnits,
      FactorTable factors,
      LocalDate factorDay,
      double threshold) {
    Objects.requireNonNull(factorDay, "factorDay");
    List<Flag> flags = new ArrayList<>();
    double electricity = 0;
    double unmonitored = 0;
    double pv = 0;
    long slots = 0;
    long expected = 0;
    int monitored = 0;
    boolean meteredElectricity = false;
    boolean meteredPv = false;
    Set<String> meters = new LinkedHashSet<>();
    Set<String> withData = new HashSet<>();
    for (MeterDay d : days) {
      String meter = d.device() + "/" + d.point();
      meters.add(meter);
      slots += d.slots();
      expected += d.expectedSlots();
      meteredElectricity |= d.carrier() == Carrier.ELECTRICITY;
      meteredPv |= d.carrier() == Carrier.PV;
      if (d.monitored()) {
        monitored++;
      }
      if (d.counterKwh() == null) {
        flags.add(
            new Flag(
                d.device(),
                d.point(),
                d.day(),
                "no reading on this day: its consumption counts on the day readings return"));
        continue;
      }
      withData.add(meter);
      double kwh = d.counterKwh();
      if (d.carrier() == Carrier.ELECTRICITY) {
        electricity += kwh;
        if (!d.monitored()) {
          unmonitored += kwh;
        }
      } else {
        pv += kwh;
      }
      if (!d.monitored()) {
        flags.add(
            new Flag(
                d.device(),
                d.point(),
                d.day(),
                "monitored "
                    + percent(d.completeness())
                    + " of 15-minute values (< "
                    + bar(MeterDay.MONITORED)
                    + ")"));
      }
      if (d.resets() > 0) {
        flags.add(
            new Flag(
                d.device(),
                d.point(),
                d.day(),
                "the register fell "
                    + d.resets()
                    + (d.resets() == 1 ? " time" : " times")
                    + ", each counted as a reset from zero: check the meter for a replaced"
                    + " register or a wrong reading"));
      }
      if (d.gapFlagged()) {
        flags.add(
            new Flag(
                d.device(),
                d.point(),
                d.day(),
                "interval values add up to "
                    + plain(d.intervalKwh())
                    + " kWh, the register to "
                    + plain(kwh)
                    + " kWh: gap "
                    + percent(d.reconciliationGap())
                    + " (> "
                    + bar(MeterDay.MAX_GAP)
                    + ")"));
      }
    }
    List<String> withoutData = meters.stream().filter(m -> !withData.contains(m)).toList();

    EnumMap<Carrier, Double> declaredQuantity = new EnumMap<>(Carrier.class);
    for (Declared d : declared) {
      declaredQuantity.merge(d.carrier(), d.quantity(), Double::sum);
    }

    double grid = Math.max(0, electricity - pv);
    double pvConsumed = Math.min(pv, electricity);
    if (pv > electricity) {
      flags.add(
          new Flag(
              null,
              null,
              factorDay,
              "PV generated "
                  + plain(pv)
                  + " kWh, more than the "
                  + plain(electricity)
                  + " kWh consumed: the surplus is taken as exported"));
    }
    double declaredGreen = declaredQuantity.getOrDefault(Carrier.GREEN_POWER, 0.0);
    double green = Math.min(declaredGreen, grid);
    if (declaredGreen > grid) {
      flags.add(
          new Flag(
              null,
              null,
              factorDay,
              "declared green power "
                  + plain(declaredGreen)
                  + " kWh exceeds grid electricity "
                  + plain(grid)
                  + " kWh: "
                  + plain(green)
                  + " kWh counted"));
    }

    EnumMap<Carrier, Double> quantity = new EnumMap<>(Carrier.class);
    if (meteredElectricity) {
      quantity.put(Carrier.ELECTRICITY, electricity);
    }
    if (meteredPv) {
      quantity.put(Carrier.PV, pv);
    }
    declaredQuantity.forEach(
        (carrier, q) -> quantity.put(carrier, carrier == Carrier.GREEN_POWER ? green : q));

    Lookup lookup = new Lookup(factors, park, province, factorDay, flags);
    EnumMap<Carrier, Double> tce = new EnumMap<>(Carrier.class);
    double tco2 = 0;
    double cleanTce = 0;
    if (electricity > 0) {
      Factor kgce = lookup.factor(Kind.TCE, Carrier.ELECTRICITY);
      if (kgce != null) {
        tce.put(Carrier.ELECTRICITY, electricity * kgce.value() / 1000);
        cleanTce = (pvConsumed + green) * kgce.value() / 1000;
      } else if (pvConsumed + green > 0) {
        cleanTce = Double.NaN;
      }
    }
    if (grid - green > 0) {
      Factor kgco2 = lookup.factor(Kind.CO2, Carrier.ELECTRICITY);
      if (kgco2 != null) {
        tco2 += (grid - green) * kgco2.value() / 1000;
      }
    }
    for (Carrier carrier : List.of(Carrier.NATURAL_GAS, Carrier.STEAM, Carrier.COAL)) {
      double q = declaredQuantity.getOrDefault(carrier, 0.0);
      if (q <= 0) {
        continue;
      }
      Factor kgce = lookup.factor(Kind.TCE, carrier);
      if (kgce != null) {
        tce.put(carrier, q * kgce.value() / 1000);
      }
      Factor kgco2 = lookup.factor(Kind.CO2, carrier);
      if (kgco2 != null) {
        tco2 += q * kgco2.value() / 1000;
      }
    }
    double totalTce = tce.values().stream().mapToDouble(Double::doubleValue).sum();

    Quality quality =
        new Quality(
            meters.size(),
            days.size(),
            monitored,
            expected > 0 ? (double) slots / expected : days.isEmpty() ? 0 : 1,
            unmonitored,
            withoutData,
            flags);
    return assemble(
        scope,
        period,
        electricity,
        pv,
        green,
        grid,
        quantity,
        tce,
        totalTce,
        tco2,
        cleanTce,
        goodUnits,
        electricity,
        totalTce,
        threshold,
        quality,
        lookup.used);
  }

  /**
   * The sum of parts: the park as the sum of its enterprises over one period, or a year as the sum
   * of its months. Quantities, tce, tCO2 and kWh add up; the ratios are computed again from the
   * sums.
   *
   * <ul>
   *   <li>Good units add up over the parts that count them, and the per-good ratios take only those
   *       parts' energy: a part without production counters neither dilutes nor inflates them.
   *   <li>Completeness is the parts' completeness weighted by their meter-days, exact when every
   *       meter-day expects the same number of slots, as closed days do.
   *   <li>Meters and meter-days add up: right for enterprises over one period; a year of months
   *       counts a meter once per month.
   *   <li>Meters without data, flags and factors are merged, each listed once.
   * </ul>
   */
  public static Figures sum(String scope, String period, List<Figures> parts, double threshold) {
    double electricity = 0;
    double unmonitored = 0;
    double pv = 0;
    double green = 0;
    double grid = 0;
    double totalTce = 0;
    double tco2 = 0;
    double cleanTce = 0;
    Double goodUnits = null;
    double countedKwh = 0;
    double countedTce = 0;
    int meters = 0;
    int meterDays = 0;
    int monitored = 0;
    double weightedCompleteness = 0;
    EnumMap<Carrier, Double> quantity = new EnumMap<>(Carrier.class);
    EnumMap<Carrier, Double> tce = new EnumMap<>(Carrier.class);
    Set<String> withoutData = new LinkedHashSet<>();
    Set<Flag> flags = new LinkedHashSet<>();
    Set<FactorUse> factors = new LinkedHashSet<>();
    for (Figures p : parts) {
      electricity += p.electricityKwh();
      unmonitored += p.unmonitoredKwh();
      pv += p.pvKwh();
      green += p.greenKwh();
      grid += p.gridKwh();
      totalTce += p.totalTce();
      tco2 += p.tco2();
      if (p.totalTce() > 0) {
        cleanTce += p.cleanShare() * p.totalTce();
      }
      if (p.goodUnits() != null) {
        goodUnits = (goodUnits == null ? 0 : goodUnits) + p.goodUnits();
        countedKwh += p.electricityKwh();
        countedTce += p.totalTce();
      }
      p.quantity().forEach((c, q) -> quantity.merge(c, q, Double::sum));
      p.tce().forEach((c, t) -> tce.merge(c, t, Double::sum));
      Quality q = p.quality();
      meters += q.meters();
      meterDays += q.meterDays();
      monitored += q.monitoredMeterDays();
      weightedCompleteness += q.completeness() * q.meterDays();
      withoutData.addAll(q.metersWithoutData());
      flags.addAll(q.flags());
      factors.addAll(p.factors());
    }
    Quality quality =
        new Quality(
            meters,
            meterDays,
            monitored,
            meterDays > 0 ? weightedCompleteness / meterDays : 0,
            unmonitored,
            List.copyOf(withoutData),
            List.copyOf(flags));
    return assemble(
        scope,
        period,
        electricity,
        pv,
        green,
        grid,
        quantity,
        tce,
        totalTce,
        tco2,
        cleanTce,
        goodUnits,
        countedKwh,
        countedTce,
        threshold,
        quality,
        List.copyOf(factors));
  }

  /** The ratios, from totals however they were reached. */
  private static Figures assemble(
      String scope,
      String period,
      double electricity,
      double pv,
      double green,
      double grid,
      Map<Carrier, Double> quantity,
      Map<Carrier, Double> tce,
      double totalTce,
      double tco2,
      double cleanTce,
      Double goodUnits,
      double kwhOfGoods,
      double tceOfGoods,
      double threshold,
      Quality quality,
      List<FactorUse> factors) {
    boolean energy = totalTce > 0;
    double co2PerTce = energy ? tco2 / totalTce : Double.NaN;
    boolean complete = quality.flags().stream().noneMatch(Flag::missingFactor);
    boolean countsGoods = goodUnits != null && goodUnits > 0;
    return new Figures(
        scope,
        period,
        electricity,
        quality.unmonitoredKwh(),
        pv,
        green,
        grid,
        quantity,
        tce,
        totalTce,
        tco2,
        energy ? cleanTce / totalTce : Double.NaN,
        goodUnits,
        countsGoods ? kwhOfGoods / goodUnits : null,
        countsGoods ? tceOfGoods / goodUnits * 10_000 : null,
        co2PerTce,
        threshold,
        energy && complete ? round(co2PerTce) <= threshold : null,
        quality,
        factors);
  }

  /** Finds factors, records those used and flags those missing. */
  private static final class Lookup {
    final FactorTable table;
    final String park;
    final String province;
    final LocalDate day;
    final List<Flag> flags;
    final List<FactorUse> used = new ArrayList<>();

    Lookup(FactorTable table, String park, String province, LocalDate day, List<Flag> flags) {
      this.table = table;
      this.park = park;
      this.province = province;
      this.day = day;
      this.flags = flags;
    }

    Factor factor(Kind kind, Carrier carrier) {
      Factor f = table.pick(kind, carrier, park, province, day).orElse(null);
      if (f == null) {
        String what = kind == Kind.CO2 ? Flag.NO_FACTOR : Flag.NO_CONVERSION;
        String where = province == null ? " (no province set)" : " in " + province;
        flags.add(new Flag(null, null, day, what + carrier.id() + where));
      } else {
        used.add(FactorUse.of(f));
      }
      return f;
    }
  }

  /** Sums of products of decimals: binary noise is rounded away before a comparison. */
  static double round(double value) {
    return Math.round(value * 1e9) / 1e9;
  }

  /** A measured share, to one decimal: 85.4%. */
  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** A threshold, as the rules write it: 90%. */
  private static String bar(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  /** kWh as written in a flag: up to three decimals, no trailing zeros. */
  private static String plain(double value) {
    return BigDecimal.valueOf(value)
        .setScale(3, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
