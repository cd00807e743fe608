package io.parkpulse.platform.mu.ranking;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks a park's enterprises by 亩均效益 (output per 亩 of land) and grades them A to D, the way
 * municipal 亩均 evaluations do.
 *
 * <ul>
 *   <li><b>Unclassified.</b> An enterprise without land area (or ≤ 0), taxes, sales, or energy (or
 *       ≤ 0 tce) cannot be compared: it is listed last, with what is missing, and counts in no
 *       benchmark. Taxes and sales of 0 are figures; a negative or non-finite one is not.
 *   <li><b>Benchmarks</b> are the park's ratios of totals over the classified enterprises:
 *       Σtax/Σland, Σsales/Σland, Σtax/Σtce. Ratios of totals, not averages of ratios, so a small
 *       plot does not weigh as much as a large one.
 *   <li><b>Score</b> = Σ min(value / benchmark, cap) × weight × 100, rounded half-up to 2 decimals:
 *       100 is the park's level on every indicator, and the cap keeps one outlying figure from
 *       carrying a firm. A benchmark of 0 (nobody paid tax) puts everyone at ratio 1.
 *   <li><b>Rank</b>: competition ranking on the rounded score (1, 2, 2, 4); equal scores are listed
 *       by enterprise id.
 *   <li><b>Grade</b> by counts over the n classified: nA = round(n × shareA), nB = round(n ×
 *       shareB), nD = round(n × shareD); rank ≤ nA → A, else rank ≤ nA + nB → B, else rank &gt; n −
 *       nD → D, else C. Tied enterprises share their best rank, so a tie takes the grade of its
 *       best place: a tie across the A/B line is all A, and one that reaches into the D places is
 *       not D unless its best place is.
 * </ul>
 */
public final class MuRanking {

  private MuRanking() {}

  /** The ranking of {@code inputs}: by rank, then enterprise id; the unclassified last, by id. */
  public static List<MuResult> rank(List<MuInput> inputs, MuSettings settings) {
    List<MuInput> classified = new ArrayList<>();
    List<MuResult> unclassified = new ArrayList<>();
    for (MuInput in : inputs) {
      List<String> missing = missing(in);
      if (missing.isEmpty()) {
        classified.add(in);
      } else {
        unclassified.add(
            new MuResult(in.enterprise(), in.name(), null, null, null, null, null, null, missing));
      }
    }
    double land = classified.stream().mapToDouble(MuInput::landMu).sum();
    double tax = classified.stream().mapToDouble(MuInput::tax10kYuan).sum();
    double sales = classified.stream().mapToDouble(MuInput::sales10kYuan).sum();
    double tce = classified.stream().mapToDouble(MuInput::tce).sum();
    double taxPerMu = tax / land;
    double salesPerMu = sales / land;
    double taxPerTce = tax / tce;

    List<Scored> scored = new ArrayList<>();
    for (MuInput in : classified) {
      double a = in.tax10kYuan() / in.landMu();
      double b = in.sales10kYuan() / in.landMu();
      double c = in.tax10kYuan() / in.tce();
      double raw =
          indicator(a, taxPerMu, settings.cap()) * settings.taxPerMuWeight()
              + indicator(b, salesPerMu, settings.cap()) * settings.salesPerMuWeight()
              + indicator(c, taxPerTce, settings.cap()) * settings.taxPerTceWeight();
      scored.add(new Scored(in, a, b, c, score(raw * 100)));
    }
    scored.sort(
        Comparator.comparing(Scored::score).reversed().thenComparing(s -> s.input().enterprise()));

    int n = scored.size();
    long nA = Math.round(n * settings.shareA());
    long nB = Math.round(n * settings.shareB());
    long nD = Math.round(n * settings.shareD());
    List<MuResult> results = new ArrayList<>();
    int rank = 0;
    for (int i = 0; i < n; i++) {
      Scored s = scored.get(i);
      if (i == 0 || s.score().compareTo(scored.get(i - 1).score()) != 0) {
        rank = i + 1;
      }
      String grade = rank <= nA ? "A" : rank <= nA + nB ? "B" : rank > n - nD ? "D" : "C";
      results.add(
          new MuResult(
              s.input().enterprise(),
              s.input().name(),
              s.taxPerMu(),
              s.salesPerMu(),
              s.taxPerTce(),
              s.score().doubleValue(),
              rank,
              grade,
              List.of()));
    }
    unclassified.sort(Comparator.comparing(MuResult::enterprise));
    results.addAll(unclassified);
    return results;
  }

  private record Scored(
      MuInput input, double taxPerMu, double salesPerMu, double taxPerTce, BigDecimal score) {}

  /** What keeps {@code in} from being ranked, in the words the ranking shows. */
  private static List<String> missing(MuInput in) {
    List<String> missing = new ArrayList<>();
    if (!positive(in.landMu())) {
      missing.add("land area");
    }
    if (!figure(in.tax10kYuan())) {
      missing.add("tax");
    }
    if (!figure(in.sales10kYuan())) {
      missing.add("sales");
    }
    if (!positive(in.tce())) {
      missing.add("energy");
    }
    return missing;
  }

  private static boolean positive(Double v) {
    return v != null && Double.isFinite(v) && v > 0;
  }

  private static boolean figure(Double v) {
    return v != null && Double.isFinite(v) && v >= 0;
  }

  private static double indicator(double value, double benchmark, double cap) {
    return benchmark > 0 ? Math.min(value / benchmark, cap) : 1;
  }

  /**
   * Half-up to 2 decimals, after dropping the binary noise of the sum (9 decimals), so that a score
   * of exactly x.xx5 rounds up however the doubles added up.
   */
  private static BigDecimal score(double raw) {
    return BigDecimal.valueOf(raw)
        .setScale(9, RoundingMode.HALF_UP)
        .setScale(2, RoundingMode.HALF_UP);
  }
}
