package io.parkpulse.platform.maturity.miit;

import java.util.ArrayList;
import java.util.List;

/**
 * An estimate of the MIIT SME digital level (工信厅企业〔2024〕56号) from the evidence ParkPulse has: the
 * base points its indicators, verified answers and verified declarations support, the business
 * scenarios rated from telemetry or declared and verified, and the level the rule gives for them.
 * Declarations the park operator has not verified yet count only in the declared figures, which say
 * what the level would be once they are.
 *
 * @param equipmentNetworkingRate O1, if known
 * @param equipmentNetworkingPoints 设备联网 points, of 6
 * @param basePoints the items of the 100-point base the evidence supports, each with its points
 * @param evidencedBasePoints their sum: the base score the level uses
 * @param scenarios the business scenarios rated by evidence (telemetry or verified declarations)
 * @param level the level (0 = 未达一级, 1 to 4) for the evidenced base and scenarios
 * @param declaredBasePoints the base score with the declarations still pending verification
 * @param declaredLevel the level with them
 * @param nextLevel what the evidence lacks for the next level; empty at level 4
 * @param notes what the estimate leaves out
 */
public record MiitEstimate(
    Double equipmentNetworkingRate,
    double equipmentNetworkingPoints,
    List<BasePoints> basePoints,
    double evidencedBasePoints,
    List<Scenario> scenarios,
    int level,
    double declaredBasePoints,
    int declaredLevel,
    List<String> nextLevel,
    List<String> notes) {

  public MiitEstimate {
    basePoints = basePoints == null ? List.of() : List.copyOf(basePoints);
    scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
    nextLevel = nextLevel == null ? List.of() : List.copyOf(nextLevel);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** Networking points only, as before the other items were evidenced. */
  public MiitEstimate(
      Double equipmentNetworkingRate, double equipmentNetworkingPoints, List<String> notes) {
    this(
        equipmentNetworkingRate,
        equipmentNetworkingPoints,
        List.of(),
        equipmentNetworkingPoints,
        List.of(),
        0,
        equipmentNetworkingPoints,
        0,
        List.of(),
        notes);
  }

  /**
   * An item of the base score.
   *
   * @param item e.g. {@code 设备联网}
   * @param points the points the evidence supports
   * @param of the item's full points
   * @param evidence what supports them, e.g. {@code O1 = 75%}
   */
  public record BasePoints(String item, double points, double of, String evidence) {}

  /**
   * 设备联网 points for a networking rate: [0, 10%] → 0, (10, 20] → 1.5, (20, 40] → 3, (40, 60] → 4.5,
   * above → 6.
   */
  public static double networkingPoints(double rate) {
    if (rate <= 0.10) {
      return 0;
    }
    if (rate <= 0.20) {
      return 1.5;
    }
    if (rate <= 0.40) {
      return 3;
    }
    if (rate <= 0.60) {
      return 4.5;
    }
    return 6;
  }

  /** Scenarios needed at level k or above (index k), and how many of them mandatory. */
  private static final int[] NEEDED = {0, 6, 6, 8, 10};

  private static final int[] MANDATORY = {0, 3, 3, 5, 6};

  /**
   * The MIIT level for a base score and scenario levels: level k needs a base of at least 20k and
   * at least N scenarios at level k or above, M of them mandatory (k = 1, 2: N 6, M 3; k = 3: N 8,
   * M 5; k = 4: N 10, M 6). From a third-party reading of the rule, not yet checked against the
   * official text.
   *
   * @param scenarios each scenario's level and whether it is mandatory (约束性)
   */
  public static int level(double baseScore, List<Scenario> scenarios) {
    int level = 0;
    while (level < 4 && missing(baseScore, scenarios, level + 1).isEmpty()) {
      level++;
    }
    return level;
  }

  /**
   * What {@code baseScore} and {@code scenarios} lack for level {@code k}, in English; empty if
   * nothing.
   */
  public static List<String> missing(double baseScore, List<Scenario> scenarios, int k) {
    return shortfalls(baseScore, scenarios, k).stream().map(Shortfall::english).toList();
  }

  /** What {@code baseScore} and {@code scenarios} lack for level {@code k}; empty if nothing. */
  public static List<Shortfall> shortfalls(double baseScore, List<Scenario> scenarios, int k) {
    List<Shortfall> missing = new ArrayList<>();
    if (baseScore < 20.0 * k) {
      missing.add(new Shortfall(Shortfall.Kind.BASE, k, 20 * k, baseScore));
    }
    long count = scenarios.stream().filter(s -> s.level() >= k).count();
    if (count < NEEDED[k]) {
      missing.add(new Shortfall(Shortfall.Kind.SCENARIOS, k, NEEDED[k], count));
    }
    long required = scenarios.stream().filter(s -> s.level() >= k && s.mandatory()).count();
    if (required < MANDATORY[k]) {
      missing.add(new Shortfall(Shortfall.Kind.MANDATORY_SCENARIOS, k, MANDATORY[k], required));
    }
    return missing;
  }

  /**
   * One thing the evidence lacks for a level, for pages to word in their own language.
   *
   * @param kind the base score, scenarios, or mandatory scenarios
   * @param level the level aimed at
   * @param needed the base score, or the number of scenarios at {@code level} or above, it needs
   * @param evidenced what the evidence gives
   */
  public record Shortfall(Kind kind, int level, int needed, double evidenced) {

    /** What falls short. */
    public enum Kind {
      BASE,
      SCENARIOS,
      MANDATORY_SCENARIOS
    }

    /** As the API words it, e.g. {@code 6 scenarios at L1 or above (evidenced 2)}. */
    public String english() {
      return switch (kind) {
        case BASE -> "base score ≥ " + needed + " (evidenced " + evidenced + ")";
        case SCENARIOS ->
            needed + " scenarios at L" + level + " or above (evidenced " + (long) evidenced + ")";
        case MANDATORY_SCENARIOS ->
            needed
                + " mandatory scenarios at L"
                + level
                + " or above (evidenced "
                + (long) evidenced
                + ")";
      };
    }
  }

  /**
   * One of the 16 business scenarios, rated 1 to 4.
   *
   * @param name e.g. {@code 设备管理}
   * @param level its level
   * @param mandatory whether it is 约束性
   * @param evidence what rates it, e.g. {@code O1 = 75%, O6 = 85%} or {@code declared L3, verified}
   */
  public record Scenario(String name, int level, boolean mandatory, String evidence) {

    /** A scenario with no evidence named, for rules and tests. */
    public Scenario(String name, int level, boolean mandatory) {
      this(name, level, mandatory, "");
    }
  }
}
