package io.parkpulse.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One enterprise's energy and carbon figures for a closed month, on {@code
 * parkpulse.{park}.energy.v1} keyed {@code {enterprise}/{month}}. Figures can change after they
 * were published (late readings, a new declaration, a new factor); the record is then published
 * again with the next {@code revision}, so a reader keeps the highest revision of each key. The
 * factors the figures used travel with them, so that a change of factor shows in the record.
 *
 * @param month the calendar month, written {@code YYYY-MM}
 * @param revision 1 for the first publication, one more for each publication with changed figures
 * @param computedAt when the figures were computed; the record's {@code ce_time}
 * @param electricityKwh metered electricity consumption
 * @param unmonitoredKwh the part of {@code electricityKwh} from meter-days with under 90% of their
 *     15-minute values, or spread over days without data
 * @param pvKwh electricity generated on site
 * @param greenKwh clean electricity bought and counted as such
 * @param gridKwh electricity taken from the grid
 * @param carriers each energy carrier's quantity and its tce
 * @param totalTce all carriers together, in tonnes of coal equivalent
 * @param tco2 the carbon dioxide emitted for that energy, in tonnes
 * @param cleanShare the clean part of {@code totalTce}, 0 to 1; null when {@code totalTce} is 0
 * @param co2PerTce {@code tco2 / totalTce}; null when {@code totalTce} is 0
 * @param threshold the zero-carbon park (零碳园区) core threshold that applies, in tCO2/tce
 * @param meetsCore whether {@code co2PerTce} is within {@code threshold}; null when it cannot be
 *     told (no consumption)
 * @param goodUnits good units produced in the month; null when the enterprise reports none
 * @param kwhPerGood electricity per good unit; null without good units
 * @param quality how much of the month the meters covered
 * @param factors the conversion and emission factors the figures used
 */
public record EnergyMonth(
    String park,
    String enterprise,
    YearMonth month,
    int revision,
    Instant computedAt,
    double electricityKwh,
    double unmonitoredKwh,
    double pvKwh,
    double greenKwh,
    double gridKwh,
    List<CarrierFigure> carriers,
    double totalTce,
    double tco2,
    Double cleanShare,
    Double co2PerTce,
    double threshold,
    Boolean meetsCore,
    Long goodUnits,
    Double kwhPerGood,
    Quality quality,
    List<FactorUsed> factors) {

  /** {@code ce_type} of an energy month record. */
  public static final String EVENT_TYPE = "io.parkpulse.energy.month.v1";

  /** An energy carrier; {@link #id()} is its name in the record. */
  public enum Carrier {
    ELECTRICITY("electricity"),
    PV("pv"),
    GREEN_POWER("green-power"),
    NATURAL_GAS("natural-gas"),
    STEAM("steam"),
    COAL("coal");

    private final String id;

    Carrier(String id) {
      this.id = id;
    }

    /** The carrier as written in the record, e.g. {@code natural-gas}. */
    public String id() {
      return id;
    }

    public static Optional<Carrier> of(String id) {
      return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
  }

  /** What a factor converts a carrier's quantity into; {@link #id()} is its name in the record. */
  public enum FactorKind {
    /** Tonnes (or kilograms) of coal equivalent per unit. */
    TCE("tce"),
    /** Tonnes (or kilograms) of carbon dioxide per unit. */
    CO2("co2");

    private final String id;

    FactorKind(String id) {
      this.id = id;
    }

    /** The kind as written in the record. */
    public String id() {
      return id;
    }

    public static Optional<FactorKind> of(String id) {
      return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
  }

  /**
   * One carrier's consumption in the month.
   *
   * @param quantity in {@code unit}, e.g. kWh, m3, t
   * @param tce the quantity converted to tonnes of coal equivalent
   */
  public record CarrierFigure(Carrier carrier, double quantity, String unit, double tce) {
    public CarrierFigure {
      Objects.requireNonNull(carrier, "carrier");
      requireAtLeastZero(quantity, "quantity");
      requireText(unit, "unit");
      requireAtLeastZero(tce, "tce");
    }
  }

  /**
   * How well the meters covered the month, so that a reader can tell a low figure from missing
   * data.
   *
   * @param meters the enterprise's meters that count for the month
   * @param meterDays meters times days
   * @param monitoredMeterDays the meter-days with at least 90% of their 15-minute values
   * @param completeness 0 to 1
   * @param unmonitoredKwh consumption not from monitored meter-days
   * @param metersWithoutData meters that sent nothing in the month
   * @param flags how many quality flags the figures have (docs/energy.md); the API lists them
   */
  public record Quality(
      int meters,
      int meterDays,
      int monitoredMeterDays,
      double completeness,
      double unmonitoredKwh,
      List<String> metersWithoutData,
      int flags) {
    public Quality {
      requireAtLeastZero(meters, "meters");
      requireAtLeastZero(meterDays, "meterDays");
      requireAtLeastZero(monitoredMeterDays, "monitoredMeterDays");
      requireShare(completeness, "completeness");
      requireAtLeastZero(unmonitoredKwh, "quality.unmonitoredKwh");
      metersWithoutData =
          List.copyOf(Objects.requireNonNull(metersWithoutData, "metersWithoutData"));
      requireAtLeastZero(flags, "flags");
    }
  }

  /**
   * A factor as the figures used it, with its row's id, so that a republished record shows which
   * factor changed.
   *
   * @param id the factor's id in the platform
   * @param unit e.g. {@code kgce/kWh}, {@code kgCO2/kWh}
   * @param source where the value comes from (a standard, a published factor)
   * @param validFrom the first day the factor applies
   */
  public record FactorUsed(
      Carrier carrier,
      FactorKind kind,
      long id,
      double value,
      String unit,
      String source,
      LocalDate validFrom) {
    public FactorUsed {
      Objects.requireNonNull(carrier, "carrier");
      Objects.requireNonNull(kind, "kind");
      if (id < 1) {
        throw new IllegalArgumentException("factor id must be >= 1, not " + id);
      }
      requireAtLeastZero(value, "factor value");
      requireText(unit, "unit");
      requireText(source, "source");
      Objects.requireNonNull(validFrom, "validFrom");
    }
  }

  public EnergyMonth {
    Ids.require(park, "park");
    Ids.require(enterprise, "enterprise");
    Objects.requireNonNull(month, "month");
    // Four digits keep YYYY-MM the only form the month is written in.
    if (month.getYear() < 0 || month.getYear() > 9999) {
      throw new IllegalArgumentException("month " + month + " must have a four-digit year");
    }
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be >= 1, not " + revision);
    }
    Objects.requireNonNull(computedAt, "computedAt");
    requireAtLeastZero(electricityKwh, "electricityKwh");
    requireAtLeastZero(unmonitoredKwh, "unmonitoredKwh");
    requireAtLeastZero(pvKwh, "pvKwh");
    requireAtLeastZero(greenKwh, "greenKwh");
    requireAtLeastZero(gridKwh, "gridKwh");
    carriers = List.copyOf(Objects.requireNonNull(carriers, "carriers"));
    requireAtLeastZero(totalTce, "totalTce");
    requireAtLeastZero(tco2, "tco2");
    if (cleanShare != null) {
      requireShare(cleanShare, "cleanShare");
    }
    if (co2PerTce != null) {
      requireAtLeastZero(co2PerTce, "co2PerTce");
    }
    requireAtLeastZero(threshold, "threshold");
    if (goodUnits != null && goodUnits < 0) {
      throw new IllegalArgumentException("goodUnits must be >= 0, not " + goodUnits);
    }
    if (kwhPerGood != null) {
      requireAtLeastZero(kwhPerGood, "kwhPerGood");
    }
    Objects.requireNonNull(quality, "quality");
    factors = List.copyOf(Objects.requireNonNull(factors, "factors"));
  }

  /** The record's Kafka key: {@code {enterprise}/{month}}, e.g. {@code acme/2026-10}. */
  public String kafkaKey() {
    return enterprise + "/" + month;
  }

  /** {@code ce_source} of the energy records of {@code enterprise}. */
  public static String source(String enterprise) {
    return "/platform/energy/" + Ids.require(enterprise, "enterprise");
  }

  /** JSON has no NaN nor infinity, and no figure here is below zero. */
  private static void requireAtLeastZero(double value, String what) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(what + " must be a number >= 0, not " + value);
    }
  }

  private static void requireShare(double value, String what) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(what + " must be from 0 to 1, not " + value);
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }
}
