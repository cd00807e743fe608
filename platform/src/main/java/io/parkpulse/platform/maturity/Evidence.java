package io.parkpulse.platform.maturity;

import java.util.Map;
import java.util.Optional;

/**
 * What is known of one enterprise when it is assessed: indicator values with their data quality,
 * and questionnaire answers with their verification.
 *
 * @param enterprise the enterprise
 * @param indicators by indicator id; an indicator absent here has no data
 * @param answers by question id
 */
public record Evidence(
    String enterprise, Map<String, IndicatorValue> indicators, Map<String, Answer> answers) {

  public Evidence {
    indicators = Map.copyOf(indicators);
    answers = Map.copyOf(answers);
  }

  /**
   * An indicator's value over a window.
   *
   * @param value the value (a ratio, or a count for {@code O9})
   * @param completeness how complete its input streams were, 0 to 1
   * @param valid false if its streams were flat-lined or replayed
   * @param applicable false if it cannot apply (e.g. OEE coverage without critical assets): its
   *     requirements then drop out and the level's weights are normalised over the rest
   * @param window e.g. {@code 30d ending 2026-11-29}
   * @param source how it was computed (query or method), for the explanation
   */
  public record IndicatorValue(
      double value,
      double completeness,
      boolean valid,
      boolean applicable,
      String window,
      String source) {

    /** A valid, complete value. */
    public static IndicatorValue of(double value, String window, String source) {
      return new IndicatorValue(value, 1.0, true, true, window, source);
    }
  }

  /** The four answers of GB/T 39117 self-assessment, with their score. */
  public enum Level {
    FULLY("全部满足", 1.0),
    MOSTLY("大部分满足", 0.8),
    PARTLY("部分满足", 0.5),
    NOT("不满足", 0.0);

    private final String label;
    private final double score;

    Level(String label, double score) {
      this.label = label;
      this.score = score;
    }

    public String label() {
      return label;
    }

    public double score() {
      return score;
    }
  }

  /**
   * An answer to a question.
   *
   * @param level what the enterprise answered
   * @param verified whether the park operator verified its evidence
   * @param attachmentSha256 the SHA-256 of the evidence attached, if any
   */
  public record Answer(Level level, boolean verified, Optional<String> attachmentSha256) {}
}
