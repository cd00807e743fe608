package io.parkpulse.platform.maturity.scoring;

import io.parkpulse.platform.maturity.miit.MiitItems;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is known of one enterprise when it is assessed: indicator values with their data quality,
 * questionnaire answers with their verification, and what it declared for the MIIT evaluation.
 *
 * @param enterprise the enterprise
 * @param indicators by indicator id; an indicator absent here has no data
 * @param answers by question id
 * @param declarations MIIT items the enterprise declared, by {@link MiitItems.Item#id()}
 * @param outcomes yearly energy and monthly quality figures the MIIT 成效 items are rated from
 */
public record Evidence(
    String enterprise,
    Map<String, IndicatorValue> indicators,
    Map<String, Answer> answers,
    Map<String, Declaration> declarations,
    Outcomes outcomes) {

  public Evidence {
    indicators = Map.copyOf(indicators);
    answers = Map.copyOf(answers);
    declarations = Map.copyOf(declarations);
    outcomes = outcomes == null ? Outcomes.NONE : outcomes;
  }

  /** Evidence without outcome figures. */
  public Evidence(
      String enterprise,
      Map<String, IndicatorValue> indicators,
      Map<String, Answer> answers,
      Map<String, Declaration> declarations) {
    this(enterprise, indicators, answers, declarations, Outcomes.NONE);
  }

  /** Evidence without MIIT declarations or outcome figures. */
  public Evidence(
      String enterprise, Map<String, IndicatorValue> indicators, Map<String, Answer> answers) {
    this(enterprise, indicators, answers, Map.of());
  }

  /**
   * What the platform measured of the enterprise's results, for the MIIT 成效 items it can rate
   * itself (绿色低碳, 产品质量) instead of taking the enterprise's word.
   *
   * @param energy one entry per year, any order
   * @param quality one entry per month, any order
   */
  public record Outcomes(List<EnergyYear> energy, List<QualityMonth> quality) {

    /** No figures: the 成效 items count only as declared. */
    public static final Outcomes NONE = new Outcomes(List.of(), List.of());

    public Outcomes {
      energy = energy == null ? List.of() : List.copyOf(energy);
      quality = quality == null ? List.of() : List.copyOf(quality);
    }
  }

  /**
   * A year's comprehensive energy consumption and revenue.
   *
   * @param year the calendar year
   * @param tce energy consumed, in tonnes of standard coal equivalent
   * @param monitoredShare how much of it was measured at online-monitoring grade, 0 to 1 (the share
   *     of meter-days monitored); under 0.8 the year is not evaluable
   * @param revenue10kYuan revenue in 10,000 yuan, if known
   */
  public record EnergyYear(int year, double tce, double monitoredShare, Double revenue10kYuan) {}

  /**
   * A month's production counted by the machines.
   *
   * @param month the month
   * @param good good units
   * @param total all units made, good or not
   */
  public record QualityMonth(YearMonth month, double good, double total) {}

  /**
   * A MIIT item as the enterprise declared it.
   *
   * @param value a scenario's level (0–4) or a base item's points
   * @param verified whether the park operator verified its evidence
   * @param rejected whether the park operator rejected it
   */
  public record Declaration(double value, boolean verified, boolean rejected) {}

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
