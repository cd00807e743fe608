package io.parkpulse.platform.maturity.scoring;

import io.parkpulse.platform.maturity.miit.MiitEstimate;
import java.util.List;
import java.util.Optional;

/**
 * The maturity of one enterprise, with everything behind it.
 *
 * @param enterprise the enterprise
 * @param catalogVersion the catalog it was scored against
 * @param requirements every requirement's score and explanation, by level then id
 * @param levelScores L_1, L_2, … as computed (the computation stops after the first below 0.8)
 * @param total S, the sum of the computed level scores
 * @param level 0 (未达一级) to 5
 * @param gap what it takes to reach the next level; empty at the top level
 * @param miit the MIIT SME estimate from the same evidence
 */
public record Assessment(
    String enterprise,
    String catalogVersion,
    List<RequirementScore> requirements,
    List<Double> levelScores,
    double total,
    int level,
    Optional<Gap> gap,
    MiitEstimate miit) {

  /** Why a requirement scored what it did, beyond the plain rule. */
  public enum Flag {
    /** Its indicator's inputs were under 80% complete, flat-lined or replayed. */
    DQ_GATE,
    /** No value of its indicator in the window. */
    NO_DATA,
    /** The question was not answered. */
    UNANSWERED,
    /** An answer without verified evidence, capped at 0.5. */
    EVIDENCE_CAP,
    /** Telemetry contradicted the answer, and won. */
    CONFLICT
  }

  /**
   * One requirement's score.
   *
   * @param weight its weight normalised within its level over the requirements that apply
   * @param score s: 0, 0.5, 0.8 or 1
   * @param applies false if its indicator does not apply to the enterprise
   * @param value the indicator value, if any
   * @param target the target, if any
   * @param rule the rule applied, e.g. {@code r=0.75/0.90=0.83→0.8}
   * @param window the indicator's window, if any
   * @param source the query, or the answer and its attachment hash
   * @param flags what limited or decided the score
   */
  public record RequirementScore(
      String id,
      int level,
      String domain,
      Catalog.Evidence evidence,
      double weight,
      double score,
      boolean applies,
      Optional<Double> value,
      Optional<Double> target,
      String rule,
      String window,
      String source,
      List<Flag> flags) {

    /** What raising this requirement to full score would add to its level's score. */
    public double gain() {
      return applies ? weight * (1 - score) : 0;
    }
  }

  /**
   * The way to the next level.
   *
   * @param nextLevel the level aimed at
   * @param requiredTotal the S it needs
   * @param missing how much S is missing
   * @param levelsBelowThreshold levels up to the next whose score is under 0.8, each of which must
   *     reach it for the computation to go on
   * @param ranked requirements that are not fully met, by what they would add
   */
  public record Gap(
      int nextLevel,
      double requiredTotal,
      double missing,
      List<Integer> levelsBelowThreshold,
      List<Recommendation> ranked) {}

  /** A requirement to work on, with what it would add and what to do. */
  public record Recommendation(String requirement, int level, double gain, String zh, String en) {}
}
