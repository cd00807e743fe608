package io.parkpulse.platform.mu.ranking;

/**
 * How a park ranks its enterprises by 亩均效益: the weights of the three indicators, the shares of the
 * A, B and D classes (C takes the rest), and the cap on an indicator's ratio to the park's
 * benchmark, so one outstanding figure cannot outweigh the other two. Checked when made: a park's
 * settings that cannot rank anything are refused with what to fix.
 *
 * @param taxPerMuWeight weight of taxes per 亩
 * @param salesPerMuWeight weight of sales per 亩
 * @param taxPerTceWeight weight of taxes per tce
 * @param shareA share of the classified enterprises graded A, the best
 * @param shareB share graded B
 * @param shareD share graded D, the worst
 * @param cap the highest ratio of a value to its benchmark that counts (≥ 1)
 * @param source where these figures come from, shown with the ranking
 */
public record MuSettings(
    double taxPerMuWeight,
    double salesPerMuWeight,
    double taxPerTceWeight,
    double shareA,
    double shareB,
    double shareD,
    double cap,
    String source) {

  private static final double TOLERANCE = 1e-9;

  public MuSettings {
    weight("taxPerMuWeight", taxPerMuWeight);
    weight("salesPerMuWeight", salesPerMuWeight);
    weight("taxPerTceWeight", taxPerTceWeight);
    double sum = taxPerMuWeight + salesPerMuWeight + taxPerTceWeight;
    if (Math.abs(sum - 1) > TOLERANCE) {
      throw new IllegalArgumentException("the three weights must add up to 1, not " + sum);
    }
    share("shareA", shareA);
    share("shareB", shareB);
    share("shareD", shareD);
    if (shareA + shareB + shareD > 1 + TOLERANCE) {
      throw new IllegalArgumentException(
          "shareA + shareB + shareD must be at most 1, not " + (shareA + shareB + shareD));
    }
    if (!(cap >= 1) || !Double.isFinite(cap)) {
      throw new IllegalArgumentException("cap must be a number of at least 1, not " + cap);
    }
  }

  /**
   * Huai'an's weights and A and D shares, with ParkPulse's B share and cap where it publishes none.
   */
  public static MuSettings defaults() {
    return new MuSettings(
        0.45,
        0.35,
        0.20,
        0.20,
        0.50,
        0.05,
        2.0,
        "weights and the A (top 20%) and D (bottom 5%) shares as Huai'an's 亩均 evaluation"
            + " publishes them (park-context-2026.md); B 50% and the cap of 2× are ParkPulse"
            + " defaults");
  }

  private static void weight(String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be a number of at least 0, not " + value);
    }
  }

  private static void share(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be from 0 to 1, not " + value);
    }
  }
}
