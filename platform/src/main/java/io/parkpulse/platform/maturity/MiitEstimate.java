package io.parkpulse.platform.maturity;

import java.util.List;

/**
 * An estimate of the MIIT SME digital level (工信厅企业〔2024〕56号) from the evidence ParkPulse has: the
 * base points its indicators and verified answers support, the business scenarios its telemetry
 * rates, and the level rule for when base score and scenarios are known.
 *
 * @param equipmentNetworkingRate O1, if known
 * @param equipmentNetworkingPoints 设备联网 points, of 6
 * @param basePoints the items of the 100-point base the evidence supports, each with its points
 * @param evidencedBasePoints their sum: a lower bound of the base score
 * @param scenarios the business scenarios rated from telemetry
 * @param notes what the estimate leaves out
 */
public record MiitEstimate(
    Double equipmentNetworkingRate,
    double equipmentNetworkingPoints,
    List<BasePoints> basePoints,
    double evidencedBasePoints,
    List<Scenario> scenarios,
    List<String> notes) {

  public MiitEstimate {
    basePoints = basePoints == null ? List.of() : List.copyOf(basePoints);
    scenarios = scenarios == null ? List.of() : List.copyOf(scenarios);
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

  /**
   * The MIIT level for a base score and scenario levels: level k needs a base of at least 20k and
   * at least N scenarios at level k or above, M of them mandatory (k = 1, 2: N 6, M 3; k = 3: N 8,
   * M 5; k = 4: N 10, M 6). From a third-party reading of the rule, not yet checked against the
   * official text.
   *
   * @param scenarios each scenario's level and whether it is mandatory (约束性)
   */
  public static int level(double baseScore, List<Scenario> scenarios) {
    int[] needed = {0, 6, 6, 8, 10};
    int[] mandatory = {0, 3, 3, 5, 6};
    int level = 0;
    for (int k = 1; k <= 4; k++) {
      final int at = k;
      long count = scenarios.stream().filter(s -> s.level() >= at).count();
      long required = scenarios.stream().filter(s -> s.level() >= at && s.mandatory()).count();
      if (baseScore >= 20.0 * k && count >= needed[k] && required >= mandatory[k]) {
        level = k;
      } else {
        break;
      }
    }
    return level;
  }

  /** One of the 16 business scenarios, rated 1 to 4. */
  public record Scenario(String name, int level, boolean mandatory) {}
}
