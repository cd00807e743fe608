package io.parkpulse.platform.maturity.scoring;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A versioned requirement catalog: what each maturity level asks for, from which evidence, with
 * which target and weight, and what to recommend when it is not met. Loaded from data by {@link
 * CatalogLoader}, which validates it.
 *
 * @param version e.g. {@code test-v0}; every assessment names it
 * @param questions the questionnaire items requirements may read
 * @param requirements the requirements of every level
 */
public record Catalog(String version, List<Question> questions, List<Requirement> requirements) {

  public Catalog {
    questions = List.copyOf(questions);
    requirements = List.copyOf(requirements);
  }

  /** Where a requirement's score comes from. */
  public enum Evidence {
    /** An indicator computed from the enterprise's telemetry. */
    TELEMETRY,
    /** An indicator computed from the platform's own records (registry, tokens, sessions). */
    PLATFORM,
    /** A questionnaire answer, verified or not by the park operator. */
    QUESTIONNAIRE
  }

  /**
   * A target for an indicator.
   *
   * @param value the value to reach
   * @param lowerIsBetter whether the indicator should stay at or below it
   */
  public record Target(double value, boolean lowerIsBetter) {}

  /**
   * A questionnaire item.
   *
   * @param id e.g. {@code digital-plan}
   * @param text the question, by language ({@code zh}, {@code en})
   * @param crossCheck an indicator that can contradict the answer, if any
   */
  public record Question(String id, Map<String, String> text, Optional<CrossCheck> crossCheck) {}

  /** An indicator and target that tell, from telemetry, whether an answer holds. */
  public record CrossCheck(String indicator, Target target) {}

  /**
   * One requirement.
   *
   * @param id e.g. {@code R2.1}
   * @param level 1 to 5
   * @param domain one of the GB/T 39116 domains, e.g. {@code 装备}
   * @param evidence where its score comes from
   * @param source the indicator id (telemetry, platform) or question id (questionnaire)
   * @param target for indicators; empty for questions
   * @param weight its weight within the level, before normalisation over what applies
   * @param recommendation what to do when it is not met, by language
   */
  public record Requirement(
      String id,
      int level,
      String domain,
      Evidence evidence,
      String source,
      Optional<Target> target,
      double weight,
      Map<String, String> recommendation) {}

  public Optional<Question> question(String id) {
    return questions.stream().filter(q -> q.id().equals(id)).findFirst();
  }

  /** The highest level the catalog has requirements for. */
  public int maxLevel() {
    return requirements.stream().mapToInt(Requirement::level).max().orElse(0);
  }
}
