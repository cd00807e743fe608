package io.parkpulse.platform.energy.readmodel;

import io.parkpulse.platform.energy.accounting.Carrier;
import io.parkpulse.platform.energy.accounting.CoreThreshold;
import io.parkpulse.platform.energy.accounting.Declared;
import io.parkpulse.platform.energy.accounting.EnergyAccounts;
import io.parkpulse.platform.energy.accounting.FactorTable;
import io.parkpulse.platform.energy.accounting.Figures;
import io.parkpulse.platform.energy.accounting.MeterDay;
import io.parkpulse.platform.energy.accounting.Quality;
import io.parkpulse.platform.energy.readmodel.EnergyReadModel.OutputDay;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The energy and carbon figures of an enterprise or a park over a month or a year, from the meter
 * days, output days, declarations and factors of {@link EnergyReadModel}, computed by {@link
 * EnergyAccounts}. A park's figures are the sum of its enterprises'.
 */
@ApplicationScoped
public class EnergyFigures {

  private static final Logger LOG = Logger.getLogger(EnergyFigures.class);

  private final EnergyReadModel model;

  EnergyFigures(EnergyReadModel model) {
    this.model = model;
  }

  /**
   * The park a figure is computed for, with what it sets.
   *
   * @param province which provincial factors apply, or null for the national ones
   * @param rule the 零碳园区 core thresholds by yearly consumption
   * @param yearTce the park's consumption over its last 12 published months
   * @param threshold the core threshold that applies to it
   */
  public record ParkSettings(
      String park, String province, CoreThreshold rule, double yearTce, double threshold) {

    /** The same park whose last 12 months consumed {@code tce}: the threshold follows. */
    public ParkSettings withThreshold(double tce) {
      return new ParkSettings(park, province, rule, tce, rule.applies(tce));
    }
  }

  /**
   * One meter over a period.
   *
   * @param days meter days measured
   * @param monitoredDays those with at least 90% of their 15-minute values
   * @param withoutData those without any reading
   * @param completeness 15-minute values received ÷ expected
   * @param counterKwh the register's rise; null if it had no reading in the period
   * @param intervalKwh the rises between readings at most 15 minutes apart
   * @param gap (register − interval) ÷ register, 0 without a register rise
   * @param gapFlagged whether its interval values fall more than 5% short of its register
   */
  public record MeterSummary(
      String enterprise,
      String device,
      String point,
      String carrier,
      int days,
      int monitoredDays,
      int withoutData,
      double completeness,
      Double counterKwh,
      double intervalKwh,
      double gap,
      boolean gapFlagged) {}

  /** An enterprise's month: its figures, each day's, and each meter's. */
  public record EnterpriseMonth(
      String enterprise,
      String name,
      YearMonth month,
      Figures figures,
      List<Figures> days,
      List<MeterSummary> meters) {}

  /**
   * An enterprise's figures within its park's.
   *
   * @param flags its data-quality flags in all, of which the figures may show only the first
   */
  public record EnterpriseFigures(String enterprise, String name, Figures figures, int flags) {

    public EnterpriseFigures(String enterprise, String name, Figures figures) {
      this(enterprise, name, figures, figures.quality().flags().size());
    }
  }

  /**
   * A park's month: its figures, its enterprises' (most energy first) and each day's.
   *
   * @param enterprises every enterprise of the park, those without any energy data included
   */
  public record ParkMonth(
      String park,
      YearMonth month,
      Figures figures,
      List<EnterpriseFigures> enterprises,
      List<Figures> days) {

    /**
     * The month as people read it: the park's figures with their first {@code max} flags and meters
     * without data, the enterprises' and the days' with none (each enterprise's count says how many
     * it has; its own page lists them). A park of 20,000 meters can have tens of thousands of
     * meter-day flags.
     */
    public ParkMonth shown(int max) {
      return new ParkMonth(
          park,
          month,
          capped(figures, max, true),
          enterprises.stream()
              .map(
                  e ->
                      new EnterpriseFigures(
                          e.enterprise(), e.name(), capped(e.figures(), 0, false), e.flags()))
              .toList(),
          days.stream().map(EnergyFigures::trendDay).toList());
    }
  }

  /**
   * {@code f} with at most {@code max} of its flags and of its meters without data, and without its
   * factors unless {@code factors} (a park's month lists them once, with the park's figures).
   */
  static Figures capped(Figures f, int max, boolean factors) {
    return capped(f, max, max, factors);
  }

  /**
   * A day for a trend: no flags and no factors, but every meter without data, so that a day without
   * readings reads as such and not as zero.
   */
  static Figures trendDay(Figures f) {
    return capped(f, 0, Integer.MAX_VALUE, false);
  }

  private static Figures capped(Figures f, int maxFlags, int maxMeters, boolean factors) {
    Quality q = f.quality();
    if (factors && q.flags().size() <= maxFlags && q.metersWithoutData().size() <= maxMeters) {
      return f;
    }
    Quality shown =
        new Quality(
            q.meters(),
            q.meterDays(),
            q.monitoredMeterDays(),
            q.completeness(),
            q.unmonitoredKwh(),
            q.metersWithoutData().subList(0, Math.min(maxMeters, q.metersWithoutData().size())),
            q.flags().subList(0, Math.min(maxFlags, q.flags().size())));
    return new Figures(
        f.scope(),
        f.period(),
        f.electricityKwh(),
        f.unmonitoredKwh(),
        f.pvKwh(),
        f.greenKwh(),
        f.gridKwh(),
        f.quantity(),
        f.tce(),
        f.totalTce(),
        f.tco2(),
        f.cleanShare(),
        f.goodUnits(),
        f.kwhPerGood(),
        f.tcePer10kGood(),
        f.co2PerTce(),
        f.threshold(),
        f.meetsCore(),
        shown,
        factors ? f.factors() : List.of());
  }

  /** The month of one enterprise. */
  public EnterpriseMonth enterpriseMonth(
      ParkSettings park, String enterprise, String name, YearMonth month) throws SQLException {
    LocalDate from = month.atDay(1);
    LocalDate to = month.plusMonths(1).atDay(1);
    List<MeterDay> meterDays = model.meterDays(park.park(), enterprise, from, to);
    List<OutputDay> output = model.outputDays(park.park(), enterprise, from, to);
    List<Declared> declared = model.declarations(park.park(), enterprise, month, month);
    FactorTable factors = new FactorTable(model.factors(park.park()));
    Figures figures =
        EnergyAccounts.figures(
            enterprise,
            month.toString(),
            park.park(),
            park.province(),
            meterDays,
            declared,
            good(output),
            factors,
            from,
            park.threshold());
    List<Figures> days = new ArrayList<>();
    Map<LocalDate, List<MeterDay>> byDay =
        meterDays.stream().collect(Collectors.groupingBy(MeterDay::day, TreeMap::new, toList()));
    Map<LocalDate, List<OutputDay>> outputByDay =
        output.stream().collect(Collectors.groupingBy(OutputDay::day));
    for (Map.Entry<LocalDate, List<MeterDay>> day : byDay.entrySet()) {
      days.add(
          EnergyAccounts.figures(
              enterprise,
              day.getKey().toString(),
              park.park(),
              park.province(),
              day.getValue(),
              List.of(),
              good(outputByDay.getOrDefault(day.getKey(), List.of())),
              factors,
              day.getKey(),
              park.threshold()));
    }
    return new EnterpriseMonth(
        enterprise,
        name,
        month,
        figures,
        days.stream().map(EnergyFigures::trendDay).toList(),
        meters(enterprise, meterDays));
  }

  /** The month of a park and each of its enterprises. */
  public ParkMonth parkMonth(ParkSettings park, YearMonth month) throws SQLException {
    long start = System.nanoTime();
    LocalDate from = month.atDay(1);
    LocalDate to = month.plusMonths(1).atDay(1);
    Map<String, String> names = model.enterprises(park.park());
    Map<String, List<MeterDay>> meterDays =
        byEnterprise(model.meterDays(park.park(), null, from, to), MeterDay::enterprise);
    Map<String, List<OutputDay>> output =
        byEnterprise(model.outputDays(park.park(), null, from, to), OutputDay::enterprise);
    Map<String, List<Declared>> declared =
        byEnterprise(model.declarations(park.park(), null, month, month), Declared::enterprise);
    FactorTable factors = new FactorTable(model.factors(park.park()));
    // Meter days of an enterprise since deleted count in neither the total nor the trend.
    meterDays.keySet().retainAll(names.keySet());
    output.keySet().retainAll(names.keySet());
    long read = System.nanoTime();

    List<EnterpriseFigures> enterprises = new ArrayList<>();
    for (Map.Entry<String, String> e : names.entrySet()) {
      Figures f =
          EnergyAccounts.figures(
              e.getKey(),
              month.toString(),
              park.park(),
              park.province(),
              meterDays.getOrDefault(e.getKey(), List.of()),
              declared.getOrDefault(e.getKey(), List.of()),
              good(output.getOrDefault(e.getKey(), List.of())),
              factors,
              from,
              park.threshold());
      enterprises.add(new EnterpriseFigures(e.getKey(), e.getValue(), f));
    }
    Figures total =
        EnergyAccounts.sum(
            park.park(),
            month.toString(),
            enterprises.stream().map(EnterpriseFigures::figures).toList(),
            park.threshold());
    List<EnterpriseFigures> ranked =
        enterprises.stream()
            .sorted(
                Comparator.comparingDouble((EnterpriseFigures e) -> e.figures().totalTce())
                    .reversed()
                    .thenComparing(EnterpriseFigures::name))
            .toList();

    List<Figures> days = parkDays(park, meterDays, output, factors);
    LOG.infof(
        "park %s, %s: %d meter days read in %.2f s, figures computed in %.2f s",
        park.park(),
        month,
        meterDays.values().stream().mapToInt(List::size).sum(),
        (read - start) / 1e9,
        (System.nanoTime() - read) / 1e9);
    return new ParkMonth(park.park(), month, total, ranked, days);
  }

  /**
   * The park's days, for its trend: each day's meters of a carrier counted together as one (their
   * slots, register and interval rises added), so that a day of 20,000 meters is one computation of
   * two. Its totals are the meters' totals; its quality figures count the day once per carrier.
   */
  private static List<Figures> parkDays(
      ParkSettings park,
      Map<String, List<MeterDay>> meterDays,
      Map<String, List<OutputDay>> output,
      FactorTable factors) {
    Map<LocalDate, Map<Carrier, double[]>> sums = new TreeMap<>();
    for (List<MeterDay> days : meterDays.values()) {
      for (MeterDay d : days) {
        double[] v =
            sums.computeIfAbsent(d.day(), k -> new EnumMap<>(Carrier.class))
                .computeIfAbsent(d.carrier(), k -> new double[5]);
        v[0] += d.slots();
        v[1] += d.expectedSlots();
        v[2] += d.counterKwh() == null ? 0 : d.counterKwh();
        v[3] += d.intervalKwh();
        v[4] += d.counterKwh() == null ? 0 : 1;
      }
    }
    Map<LocalDate, List<OutputDay>> outputByDay = new TreeMap<>();
    output
        .values()
        .forEach(
            l ->
                l.forEach(
                    d -> outputByDay.computeIfAbsent(d.day(), k -> new ArrayList<>()).add(d)));
    List<Figures> days = new ArrayList<>();
    for (Map.Entry<LocalDate, Map<Carrier, double[]>> day : sums.entrySet()) {
      List<MeterDay> together = new ArrayList<>();
      day.getValue()
          .forEach(
              (carrier, v) ->
                  together.add(
                      new MeterDay(
                          park.park(),
                          carrier.id(),
                          carrier.id(),
                          carrier,
                          day.getKey(),
                          (int) v[0],
                          (int) v[1],
                          v[4] > 0 ? v[2] : null,
                          v[3])));
      days.add(
          EnergyAccounts.figures(
              park.park(),
              day.getKey().toString(),
              park.park(),
              park.province(),
              together,
              List.of(),
              good(outputByDay.getOrDefault(day.getKey(), List.of())),
              factors,
              day.getKey(),
              park.threshold()));
    }
    return days;
  }

  /**
   * An enterprise's energy over the months of a year that ParkPulse has.
   *
   * @param tce its consumption, tce
   * @param months the months counted
   * @param completeness the mean of their 15-minute completeness (0 to 1)
   */
  public record YearEnergy(
      String enterprise, int year, double tce, int months, double completeness) {}

  /**
   * Each enterprise's energy of a calendar year up to {@code through}, for 亩均 and the MIIT
   * estimate: the published monthly records where the energy job wrote them, the months it did not
   * (this month, a park never published) computed now.
   */
  public Map<String, YearEnergy> yearEnergy(ParkSettings park, int year, YearMonth through)
      throws SQLException {
    YearMonth first = YearMonth.of(year, 1);
    YearMonth last = through.isBefore(YearMonth.of(year, 12)) ? through : YearMonth.of(year, 12);
    Map<String, double[]> sums = new LinkedHashMap<>();
    if (last.isBefore(first)) {
      return Map.of();
    }
    List<EnergyReadModel.RecordedMonth> recorded = model.recordedMonths(park.park(), first, last);
    java.util.Set<YearMonth> published = new java.util.HashSet<>();
    for (EnergyReadModel.RecordedMonth r : recorded) {
      published.add(r.month());
      add(sums, r.enterprise(), r.tce(), r.completeness());
    }
    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
      if (published.contains(m)) {
        continue;
      }
      for (EnterpriseFigures e : parkMonth(park, m).enterprises()) {
        if (e.figures().quality().meterDays() > 0 || e.figures().totalTce() > 0) {
          add(sums, e.enterprise(), e.figures().totalTce(), e.figures().quality().completeness());
        }
      }
    }
    Map<String, YearEnergy> years = new LinkedHashMap<>();
    sums.forEach(
        (e, v) ->
            years.put(e, new YearEnergy(e, year, v[0], (int) v[1], v[1] == 0 ? 0 : v[2] / v[1])));
    return years;
  }

  private static void add(
      Map<String, double[]> sums, String enterprise, double tce, double completeness) {
    double[] v = sums.computeIfAbsent(enterprise, k -> new double[3]);
    v[0] += tce;
    v[1] += 1;
    v[2] += Double.isNaN(completeness) ? 0 : completeness;
  }

  private static List<MeterSummary> meters(String enterprise, List<MeterDay> days) {
    Map<String, List<MeterDay>> byMeter = new LinkedHashMap<>();
    for (MeterDay d : days) {
      byMeter.computeIfAbsent(d.device() + "\u0000" + d.point(), k -> new ArrayList<>()).add(d);
    }
    List<MeterSummary> meters = new ArrayList<>();
    for (List<MeterDay> meter : byMeter.values()) {
      MeterDay any = meter.get(0);
      int slots = meter.stream().mapToInt(MeterDay::slots).sum();
      int expected = meter.stream().mapToInt(MeterDay::expectedSlots).sum();
      boolean anyCounter = meter.stream().anyMatch(d -> d.counterKwh() != null);
      double counter =
          meter.stream()
              .filter(d -> d.counterKwh() != null)
              .mapToDouble(MeterDay::counterKwh)
              .sum();
      double interval = meter.stream().mapToDouble(MeterDay::intervalKwh).sum();
      double gap = anyCounter && counter > 0 ? (counter - interval) / counter : 0;
      meters.add(
          new MeterSummary(
              enterprise,
              any.device(),
              any.point(),
              any.carrier().id(),
              meter.size(),
              (int) meter.stream().filter(MeterDay::monitored).count(),
              (int) meter.stream().filter(d -> d.counterKwh() == null).count(),
              expected == 0 ? 0 : (double) slots / expected,
              anyCounter ? counter : null,
              interval,
              gap,
              gap > MeterDay.MAX_GAP));
    }
    return meters;
  }

  private static Double good(List<OutputDay> days) {
    return days.stream().anyMatch(d -> d.good() != null)
        ? days.stream().filter(d -> d.good() != null).mapToDouble(OutputDay::good).sum()
        : null;
  }

  private static <T> Map<String, List<T>> byEnterprise(List<T> items, Function<T, String> key) {
    return items.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, toList()));
  }

  private static <T> java.util.stream.Collector<T, ?, List<T>> toList() {
    return Collectors.toCollection(ArrayList::new);
  }
}
