package io.parkpulse.platform.energy.reports;

import io.parkpulse.platform.energy.accounting.Carrier;
import io.parkpulse.platform.energy.accounting.FactorUse;
import io.parkpulse.platform.energy.accounting.Figures;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.EnterpriseFigures;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.EnterpriseMonth;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.MeterSummary;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.ParkMonth;
import io.parkpulse.platform.reports.CsvFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A month's energy and carbon figures as CSV, for spreadsheets and the park's own reporting: one
 * row per enterprise (most energy first) and the park's total; for one enterprise, its row, its
 * meters and its days. The factors used follow, with their sources, so that every figure can be
 * traced. A scope without any meter day leaves its electricity cells empty: no data is not zero.
 */
public final class EnergyCsv {

  /**
   * The carriers declared by quantity that have a tce of their own (green power is electricity).
   */
  static final List<Carrier> FUELS = List.of(Carrier.NATURAL_GAS, Carrier.STEAM, Carrier.COAL);

  /** The figures' columns, in order. */
  public static final List<String> COLUMNS = columns();

  /** The meters' columns (enterprise file). */
  public static final List<String> METER_COLUMNS =
      List.of(
          "device",
          "point",
          "carrier",
          "days",
          "monitored_days",
          "days_without_data",
          "completeness",
          "register_kwh",
          "interval_kwh",
          "gap",
          "gap_over_5_percent");

  /** The days' columns (enterprise file). */
  public static final List<String> DAY_COLUMNS =
      List.of(
          "day",
          "electricity_kwh",
          "unmonitored_kwh",
          "pv_kwh",
          "tco2",
          "completeness",
          "monitored_meter_days",
          "meter_days");

  /** The factors' columns. */
  public static final List<String> FACTOR_COLUMNS =
      List.of("factor_id", "kind", "carrier", "value", "unit", "valid_from", "source");

  private EnergyCsv() {}

  /** A park's month: its enterprises, its total, the factors. */
  public static byte[] park(ParkMonth month) {
    CsvFile csv = new CsvFile().row(COLUMNS);
    for (EnterpriseFigures e : month.enterprises()) {
      csv.row(
          figures("enterprise", e.enterprise(), e.name(), month.month().toString(), e.figures()));
    }
    csv.row(figures("park", month.park(), "", month.month().toString(), month.figures()));
    factors(csv.blank(), month.figures());
    return csv.bytes();
  }

  /** An enterprise's month: its figures, its meters, its days, the factors. */
  public static byte[] enterprise(EnterpriseMonth month) {
    CsvFile csv = new CsvFile().row(COLUMNS);
    csv.row(
        figures(
            "enterprise",
            month.enterprise(),
            month.name(),
            month.month().toString(),
            month.figures()));
    csv.blank().row(METER_COLUMNS);
    for (MeterSummary m : month.meters()) {
      csv.row(
          List.of(
              m.device(),
              m.point(),
              m.carrier(),
              String.valueOf(m.days()),
              String.valueOf(m.monitoredDays()),
              String.valueOf(m.withoutData()),
              CsvFile.number(m.completeness(), 4),
              CsvFile.number(m.counterKwh(), 3),
              CsvFile.number(m.intervalKwh(), 3),
              CsvFile.number(m.gap(), 4),
              String.valueOf(m.gapFlagged())));
    }
    csv.blank().row(DAY_COLUMNS);
    for (Figures d : month.days()) {
      csv.row(
          List.of(
              d.period(),
              CsvFile.number(d.electricityKwh(), 3),
              CsvFile.number(d.unmonitoredKwh(), 3),
              CsvFile.number(d.pvKwh(), 3),
              CsvFile.number(d.tco2(), 6),
              CsvFile.number(d.quality().completeness(), 4),
              String.valueOf(d.quality().monitoredMeterDays()),
              String.valueOf(d.quality().meterDays())));
    }
    factors(csv.blank(), month.figures());
    return csv.bytes();
  }

  /** {@code lg-park-energy-2026-03.csv}. */
  public static String fileName(String scope, Object month) {
    return scope + "-energy-" + month + ".csv";
  }

  private static List<String> columns() {
    List<String> c = new ArrayList<>();
    c.addAll(
        List.of(
            "scope",
            "id",
            "name",
            "month",
            "electricity_kwh",
            "unmonitored_kwh",
            "pv_kwh",
            "green_kwh",
            "grid_kwh",
            "electricity_tce"));
    for (Carrier f : FUELS) {
      String name = f.id().replace('-', '_');
      c.add(name + "_" + f.unit().toLowerCase(Locale.ROOT));
      c.add(name + "_tce");
    }
    c.addAll(
        List.of(
            "total_tce",
            "tco2",
            "clean_share",
            "tco2_per_tce",
            "threshold_tco2_per_tce",
            "meets_core",
            "good_units",
            "kwh_per_good_unit",
            "completeness",
            "monitored_meter_days",
            "meter_days",
            "meters_without_data"));
    return List.copyOf(c);
  }

  private static List<String> figures(
      String scope, String id, String name, String month, Figures f) {
    boolean metered = f.quality().meterDays() > 0;
    List<String> cells = new ArrayList<>();
    cells.add(scope);
    cells.add(id);
    cells.add(name);
    cells.add(month);
    cells.add(metered ? CsvFile.number(f.electricityKwh(), 3) : "");
    cells.add(metered ? CsvFile.number(f.unmonitoredKwh(), 3) : "");
    cells.add(metered ? CsvFile.number(f.pvKwh(), 3) : "");
    cells.add(CsvFile.number(f.greenKwh(), 3));
    cells.add(metered ? CsvFile.number(f.gridKwh(), 3) : "");
    cells.add(CsvFile.number(f.tce().get(Carrier.ELECTRICITY), 6));
    for (Carrier fuel : FUELS) {
      cells.add(CsvFile.number(f.quantity().get(fuel), 3));
      cells.add(CsvFile.number(f.tce().get(fuel), 6));
    }
    cells.add(CsvFile.number(f.totalTce(), 6));
    cells.add(CsvFile.number(f.tco2(), 6));
    cells.add(CsvFile.number(f.cleanShare(), 4));
    cells.add(CsvFile.number(f.co2PerTce(), 4));
    cells.add(CsvFile.number(f.threshold(), 4));
    cells.add(f.meetsCore() == null ? "" : String.valueOf(f.meetsCore()));
    cells.add(CsvFile.number(f.goodUnits(), 3));
    cells.add(CsvFile.number(f.kwhPerGood(), 4));
    cells.add(metered ? CsvFile.number(f.quality().completeness(), 4) : "");
    cells.add(String.valueOf(f.quality().monitoredMeterDays()));
    cells.add(String.valueOf(f.quality().meterDays()));
    cells.add(String.join(" ", f.quality().metersWithoutData()));
    return cells;
  }

  private static void factors(CsvFile csv, Figures f) {
    csv.row(FACTOR_COLUMNS);
    for (FactorUse u : used(f)) {
      csv.row(
          List.of(
              String.valueOf(u.factorId()),
              u.kind().id(),
              u.carrier().id(),
              CsvFile.number(u.value(), 6),
              u.unit(),
              u.validFrom().toString(),
              u.source()));
    }
  }

  /** Each factor once, by carrier then kind. */
  static List<FactorUse> used(Figures f) {
    return f.factors().stream()
        .distinct()
        .sorted(
            Comparator.comparing(FactorUse::carrier)
                .thenComparing(FactorUse::kind)
                .thenComparingLong(FactorUse::factorId))
        .toList();
  }
}
