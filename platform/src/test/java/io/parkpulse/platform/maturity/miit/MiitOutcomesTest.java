package io.parkpulse.platform.maturity.miit;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.maturity.scoring.Evidence.EnergyYear;
import io.parkpulse.platform.maturity.scoring.Evidence.QualityMonth;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 绿色低碳 and 产品质量 rated from two years of figures, worked by hand. */
class MiitOutcomesTest {

  // Monthly tce of one enterprise, January to December.
  private static final double[] TCE_2025 = {52, 48, 50, 55, 51, 49, 47, 50, 53, 50, 45, 50};
  private static final double[] TCE_2026 = {48, 46, 47, 50, 48, 47, 45, 47, 49, 48, 45, 50};

  @Test
  void energyPerRevenueFallingEarnsTheSevenPointsOfGreen() {
    // 2025: 600 tce, revenue 5,000 × 10k yuan = 500,000 × 100 yuan → 600 / 500,000 = 0.0012
    // 2026: 570 tce, revenue 5,200 × 10k yuan = 520,000 × 100 yuan → 570 / 520,000 = 0.00109615…
    // change 0.00109615 / 0.0012 − 1 = −8.65%: beyond −1%, a fall → 7
    List<EnergyYear> years =
        List.of(year(2026, TCE_2026, 0.95, 5200.0), year(2025, TCE_2025, 0.9, 5000.0));

    MiitEstimate.BasePoints green = MiitOutcomes.green(years).orElseThrow();

    assertThat(green.item()).isEqualTo("绿色低碳");
    assertThat(green.points()).isEqualTo(7);
    assertThat(green.of()).isEqualTo(7);
    assertThat(green.evidence())
        .isEqualTo("综合能耗/百元营收 2025 0.00120 → 2026 0.00110 tce (−8.7%): fall");
  }

  @Test
  void aChangeWithinOnePercentIsFlatAndARiseEarnsNothing() {
    // 606 / 500,000 = 0.001212, exactly +1%: still flat
    assertThat(points(606, 5000)).isEqualTo(3.5);
    assertThat(points(594, 5000)).isEqualTo(3.5);
    // 660 / 500,000 = 0.00132: +10%
    assertThat(points(660, 5000)).isZero();
    // Less energy but far less revenue: 570 / 400,000 = 0.001425, +18.75%
    assertThat(points(570, 4000)).isZero();
  }

  @Test
  void greenNeedsTwoConsecutiveMonitoredYearsWithRevenue() {
    EnergyYear y2025 = new EnergyYear(2025, 600, 0.9, 5000.0);
    // Under 80% monitored in either year: not evaluable.
    assertThat(MiitOutcomes.green(List.of(y2025, new EnergyYear(2026, 570, 0.79, 5200.0))))
        .isEmpty();
    assertThat(
            MiitOutcomes.green(
                List.of(
                    new EnergyYear(2025, 600, 0.5, 5000.0), new EnergyYear(2026, 570, 1, 5200.0))))
        .isEmpty();
    // No year before the latest.
    assertThat(
            MiitOutcomes.green(
                List.of(
                    new EnergyYear(2024, 600, 1, 5000.0), new EnergyYear(2026, 570, 1, 5200.0))))
        .isEmpty();
    assertThat(MiitOutcomes.green(List.of())).isEmpty();
    // A year without revenue yet is left out: 2026 is compared with 2025.
    assertThat(
            MiitOutcomes.green(
                    List.of(
                        y2025,
                        new EnergyYear(2026, 570, 1, 5200.0),
                        new EnergyYear(2027, 300, 1, null)))
                .orElseThrow()
                .evidence())
        .startsWith("综合能耗/百元营收 2025 0.00120 → 2026");
  }

  @Test
  void monthlyPassRatesRisingEarnTheSevenPointsOfProductQuality() {
    List<QualityMonth> months = new ArrayList<>();
    // 2025, 12 months of 1,000 units: good 970 960 980 975 965 970 985 990 960 975 980 970
    // = 11,680, so the mean of the monthly rates is 11,680 / 12 / 1,000 = 97.333%
    int[] good2025 = {970, 960, 980, 975, 965, 970, 985, 990, 960, 975, 980, 970};
    for (int m = 0; m < 12; m++) {
      months.add(new QualityMonth(YearMonth.of(2025, m + 1), good2025[m], 1000));
    }
    // 2026, 11 months of 2,000 units (December made nothing, so it does not count):
    // good 1960 1950 1980 1970 1975 1990 1985 1980 1970 1965 1975 = 21,700,
    // mean 21,700 / 2,000 / 11 = 10.85 / 11 = 98.636%
    int[] good2026 = {1960, 1950, 1980, 1970, 1975, 1990, 1985, 1980, 1970, 1965, 1975};
    for (int m = 0; m < 11; m++) {
      months.add(new QualityMonth(YearMonth.of(2026, m + 1), good2026[m], 2000));
    }
    months.add(new QualityMonth(YearMonth.of(2026, 12), 0, 0));

    // 98.636% − 97.333% = +1.30 percentage points, above +0.1: a rise → 7
    MiitEstimate.BasePoints quality = MiitOutcomes.productQuality(months).orElseThrow();

    assertThat(quality.item()).isEqualTo("产品质量");
    assertThat(quality.points()).isEqualTo(7);
    assertThat(quality.of()).isEqualTo(7);
    assertThat(quality.evidence())
        .isEqualTo("月均合格率 2025 97.33% (12 months) → 2026 98.64% (11 months) (+1.3 pp): rise");
  }

  @Test
  void aPassRateWithinATenthOfAPointIsFlatAndAFallEarnsNothing() {
    // 98.0% → 98.1%: +0.001, the edge, flat
    assertThat(qualityPoints(0.980, 0.981)).isEqualTo(3.5);
    assertThat(qualityPoints(0.980, 0.979)).isEqualTo(3.5);
    assertThat(qualityPoints(0.980, 0.982)).isEqualTo(7);
    assertThat(qualityPoints(0.980, 0.970)).isZero();
  }

  @Test
  void productQualityNeedsTenMonthsInEachOfTwoConsecutiveYears() {
    List<QualityMonth> months = new ArrayList<>();
    months.addAll(monthsOf(2024, 12, 0.95));
    months.addAll(monthsOf(2025, 9, 0.99));
    assertThat(MiitOutcomes.productQuality(months)).isEmpty();
    // 2026 has 10 months, 2025 only 9: still not evaluable.
    months.addAll(monthsOf(2026, 10, 0.99));
    assertThat(MiitOutcomes.productQuality(months)).isEmpty();
    // A year under way with 3 months is left out: 2025 (12) is compared with 2024 (12).
    List<QualityMonth> underWay = new ArrayList<>();
    underWay.addAll(monthsOf(2024, 12, 0.95));
    underWay.addAll(monthsOf(2025, 12, 0.97));
    underWay.addAll(monthsOf(2026, 3, 0.50));
    assertThat(MiitOutcomes.productQuality(underWay).orElseThrow().evidence())
        .isEqualTo("月均合格率 2024 95.00% (12 months) → 2025 97.00% (12 months) (+2.0 pp): rise");
  }

  private static EnergyYear year(int year, double[] monthlyTce, double monitored, Double revenue) {
    return new EnergyYear(year, Arrays.stream(monthlyTce).sum(), monitored, revenue);
  }

  private static double points(double tce2026, double revenue2026) {
    return MiitOutcomes.green(
            List.of(
                new EnergyYear(2025, 600, 1, 5000.0),
                new EnergyYear(2026, tce2026, 1, revenue2026)))
        .orElseThrow()
        .points();
  }

  private static double qualityPoints(double rate2025, double rate2026) {
    List<QualityMonth> months = new ArrayList<>(monthsOf(2025, 12, rate2025));
    months.addAll(monthsOf(2026, 12, rate2026));
    return MiitOutcomes.productQuality(months).orElseThrow().points();
  }

  private static List<QualityMonth> monthsOf(int year, int count, double rate) {
    List<QualityMonth> months = new ArrayList<>();
    for (int m = 1; m <= count; m++) {
      months.add(new QualityMonth(YearMonth.of(year, m), rate * 1000, 1000));
    }
    return months;
  }
}
