package io.parkpulse.platform.maturity.miit;

import io.parkpulse.platform.maturity.scoring.Evidence.EnergyYear;
import io.parkpulse.platform.maturity.scoring.Evidence.QualityMonth;
import io.parkpulse.platform.maturity.scoring.ScoringEngine;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Rates two MIIT 成效 items from the platform's own figures, year on year, as the 2024 evaluation
 * words them: 绿色低碳 (综合能耗 per 100 yuan of revenue: rise 0, flat 3.5, fall 7) and 产品质量 (月均合格率: fall
 * 0, flat 3.5, rise 7). The evaluation does not say what "flat" is; the tolerances here are
 * ParkPulse's reading. Empty when the figures do not allow a rating, so a declaration counts
 * instead.
 */
public final class MiitOutcomes {

  private MiitOutcomes() {}

  /**
   * A relative change of energy per revenue within ±1% is flat (inclusive; changes are rounded to 9
   * decimals first, so binary noise does not decide).
   */
  static final double ENERGY_FLAT = 0.01;

  /** A change of the monthly mean pass rate within ±0.1 percentage point (0.001) is flat. */
  static final double QUALITY_FLAT = 0.001;

  /** Months with data a year needs before its mean pass rate counts. */
  static final int MIN_MONTHS = 10;

  /**
   * 绿色低碳, of 7: tce per 100 yuan of revenue (tce / (revenue × 10,000 / 100)) of the latest year
   * with energy and revenue, against the year before it. Both years must be known, with energy and
   * revenue above 0 and at least {@link ScoringEngine#MIN_COMPLETENESS} of their energy monitored
   * (the gate the indicators have), else not evaluable.
   */
  public static Optional<MiitEstimate.BasePoints> green(List<EnergyYear> years) {
    TreeMap<Integer, EnergyYear> known = new TreeMap<>();
    for (EnergyYear y : years) {
      if (y.revenue10kYuan() != null && y.revenue10kYuan() > 0 && y.tce() > 0) {
        known.put(y.year(), y);
      }
    }
    if (known.isEmpty()) {
      return Optional.empty();
    }
    EnergyYear latest = known.lastEntry().getValue();
    EnergyYear before = known.get(latest.year() - 1);
    if (before == null
        || latest.monitoredShare() < ScoringEngine.MIN_COMPLETENESS
        || before.monitoredShare() < ScoringEngine.MIN_COMPLETENESS) {
      return Optional.empty();
    }
    double now = perHundredYuan(latest);
    double then = perHundredYuan(before);
    double change = ScoringEngine.round((now - then) / then);
    String trend = Math.abs(change) <= ENERGY_FLAT ? "flat" : change > 0 ? "rise" : "fall";
    double points =
        switch (trend) {
          case "fall" -> 7;
          case "flat" -> 3.5;
          default -> 0;
        };
    String evidence =
        "综合能耗/百元营收 "
            + before.year()
            + " "
            + significant(then)
            + " → "
            + latest.year()
            + " "
            + significant(now)
            + " tce ("
            + signed(change * 100)
            + "%): "
            + trend;
    return Optional.of(new MiitEstimate.BasePoints("绿色低碳", points, 7, evidence));
  }

  /**
   * 产品质量, of 7: the mean of the monthly pass rates (good / total, months with total above 0) of the
   * latest year with at least {@value #MIN_MONTHS} such months, against the year before it, which
   * needs as many; otherwise not evaluable. A year still under way with fewer months is left out,
   * so the comparison is of the last two years with enough data.
   */
  public static Optional<MiitEstimate.BasePoints> productQuality(List<QualityMonth> months) {
    Map<Integer, List<Double>> rates =
        months.stream()
            .filter(m -> m.total() > 0)
            .collect(
                Collectors.groupingBy(
                    m -> m.month().getYear(),
                    TreeMap::new,
                    Collectors.mapping(m -> m.good() / m.total(), Collectors.toList())));
    Integer latest =
        rates.entrySet().stream()
            .filter(e -> e.getValue().size() >= MIN_MONTHS)
            .map(Map.Entry::getKey)
            .reduce((a, b) -> b)
            .orElse(null);
    if (latest == null || rates.getOrDefault(latest - 1, List.of()).size() < MIN_MONTHS) {
      return Optional.empty();
    }
    List<Double> nowRates = rates.get(latest);
    List<Double> thenRates = rates.get(latest - 1);
    double now = mean(nowRates);
    double then = mean(thenRates);
    double change = ScoringEngine.round(now - then);
    String trend = Math.abs(change) <= QUALITY_FLAT ? "flat" : change > 0 ? "rise" : "fall";
    double points =
        switch (trend) {
          case "rise" -> 7;
          case "flat" -> 3.5;
          default -> 0;
        };
    String evidence =
        String.format(
            Locale.ROOT,
            "月均合格率 %d %.2f%% (%d months) → %d %.2f%% (%d months) (%s pp): %s",
            latest - 1,
            then * 100,
            thenRates.size(),
            latest,
            now * 100,
            nowRates.size(),
            signed(change * 100),
            trend);
    return Optional.of(new MiitEstimate.BasePoints("产品质量", points, 7, evidence));
  }

  private static double perHundredYuan(EnergyYear y) {
    return y.tce() / (y.revenue10kYuan() * 10_000 / 100);
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static String significant(double value) {
    return new BigDecimal(value).round(new MathContext(3)).toPlainString();
  }

  /** One decimal with its sign, a true minus for a fall: {@code +0.6}, {@code −10.6}. */
  private static String signed(double value) {
    String s = String.format(Locale.ROOT, "%.1f", Math.abs(value));
    return (value < 0 && !s.equals("0.0") ? "−" : "+") + s;
  }
}
