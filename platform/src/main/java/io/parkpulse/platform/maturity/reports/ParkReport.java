package io.parkpulse.platform.maturity.reports;

import io.parkpulse.platform.maturity.miit.MiitEstimate;
import io.parkpulse.platform.maturity.scoring.Assessment.Recommendation;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A park's maturity at a point in time, from the assessments kept: how its enterprises spread over
 * the levels, how they rank and move, and what holds most of them back. Built by {@link ParkView};
 * rendered as JSON, CSV ({@link ParkReportCsv}) and PDF ({@link ParkReportPdf}).
 *
 * @param park the park id
 * @param parkName its name
 * @param timezone its time zone (IANA id), for dates shown to people
 * @param asOf only assessments made at or before this instant count
 * @param trendFrom trends compare with each enterprise's latest assessment at or before this
 *     instant (as of minus the trend window), or, for an enterprise assessed only since, with its
 *     first assessment
 * @param generatedAt when the report was built
 * @param catalogVersion the catalog the platform scores against now
 * @param assessedCatalogVersions the catalogs the latest assessments were scored against; more than
 *     one when the catalog changed and not every enterprise was assessed again since
 * @param enterprises enterprises of the park
 * @param assessed those with an assessment at or before {@code asOf}
 * @param distribution the assessed enterprises per level, 0 to 5
 * @param atLeastLevel2 assessed enterprises at level 2 (规范级) or above
 * @param shareAtLeastLevel2 {@code atLeastLevel2 / assessed}, 0 to 1; 0 when none is assessed
 * @param miitDistribution the assessed enterprises per estimated MIIT SME level, 0 (未达一级) to 4
 * @param miitAtLeastLevel2 assessed enterprises estimated at MIIT 二级 or above, the digital
 *     transformation target of the SME city pilots
 * @param ranking the assessed enterprises by S, highest first
 * @param notAssessed the enterprises never assessed by {@code asOf}, by id
 * @param commonGaps the requirements standing between most enterprises and their next level, most
 *     frequent first
 */
public record ParkReport(
    String park,
    String parkName,
    String timezone,
    Instant asOf,
    Instant trendFrom,
    Instant generatedAt,
    String catalogVersion,
    List<String> assessedCatalogVersions,
    int enterprises,
    int assessed,
    List<LevelCount> distribution,
    int atLeastLevel2,
    double shareAtLeastLevel2,
    List<LevelCount> miitDistribution,
    int miitAtLeastLevel2,
    List<Ranked> ranking,
    List<Unassessed> notAssessed,
    List<CommonGap> commonGaps) {

  /** The highest level of GB/T 39116. */
  public static final int MAX_LEVEL = 5;

  /** The highest MIIT SME level. */
  public static final int MAX_MIIT_LEVEL = 4;

  private static final String[] MIIT_LEVELS_ZH = {"未达一级", "一级", "二级", "三级", "四级"};
  private static final String[] MIIT_LEVELS_EN = {
    "below level 1", "level 1", "level 2", "level 3", "level 4"
  };

  private static final String[] LEVELS_ZH = {"未达一级", "规划级", "规范级", "集成级", "优化级", "引领级"};
  private static final String[] LEVELS_EN = {
    "below level 1", "planning", "standardised", "integrated", "optimised", "leading"
  };

  public ParkReport {
    assessedCatalogVersions = List.copyOf(assessedCatalogVersions);
    distribution = List.copyOf(distribution);
    miitDistribution = List.copyOf(miitDistribution);
    ranking = List.copyOf(ranking);
    notAssessed = List.copyOf(notAssessed);
    commonGaps = List.copyOf(commonGaps);
  }

  /** The language of a rendered report. */
  public enum Language {
    ZH,
    EN;

    /** {@code zh} or {@code en}, any case; empty for anything else. */
    public static Optional<Language> of(String code) {
      if (code == null) {
        return Optional.empty();
      }
      return switch (code.toLowerCase(Locale.ROOT)) {
        case "zh" -> Optional.of(ZH);
        case "en" -> Optional.of(EN);
        default -> Optional.empty();
      };
    }

    /** The text for this language of a zh/en pair. */
    public String pick(String zh, String en) {
      return this == ZH ? zh : en;
    }
  }

  /** A level's name: {@code 规范级} or {@code standardised} for 2, {@code 未达一级} for 0. */
  public static String levelName(int level, Language language) {
    int l = Math.max(0, Math.min(MAX_LEVEL, level));
    return language == Language.ZH ? LEVELS_ZH[l] : LEVELS_EN[l];
  }

  /** The name of MIIT SME level {@code level} (0 to 4) in {@code language}. */
  public static String miitLevelName(int level, Language language) {
    return language == Language.ZH ? MIIT_LEVELS_ZH[level] : MIIT_LEVELS_EN[level];
  }

  /**
   * How many assessed enterprises are at a level.
   *
   * @param zh the level's name in Chinese, e.g. {@code 规范级}
   * @param en in English, e.g. {@code standardised}
   */
  public record LevelCount(int level, String zh, String en, int count) {}

  /**
   * An assessed enterprise's place in the park.
   *
   * @param rank 1 for the highest S; enterprises with the same S share a rank (1, 2, 2, 4)
   * @param enterprise its id
   * @param name its name
   * @param level its level, 0 to 5
   * @param total S
   * @param assessedAt when its latest assessment (at or before the report's as-of) was made
   * @param assessmentId that assessment's id, for {@code GET /api/v1/enterprises/{e}/assessments}
   * @param catalogVersion the catalog that assessment was scored against
   * @param miit the MIIT SME estimate of that assessment
   * @param missing how much S is missing to the next level; 0 at the top
   * @param mainGap the requirement that would add most on the way to the next level, if any
   * @param trend how it moved since the earlier assessment; empty if it has only one
   */
  public record Ranked(
      int rank,
      String enterprise,
      String name,
      int level,
      double total,
      Instant assessedAt,
      long assessmentId,
      String catalogVersion,
      MiitEstimate miit,
      double missing,
      Optional<Recommendation> mainGap,
      Optional<Trend> trend) {}

  /**
   * The change since an earlier assessment.
   *
   * @param since when that assessment was made
   * @param previousLevel its level
   * @param previousTotal its S
   * @param deltaTotal S now minus S then
   * @param deltaLevel level now minus level then
   * @param sameCatalog false if the two were scored against different catalogs, so that the change
   *     is partly the catalog's
   */
  public record Trend(
      Instant since,
      int previousLevel,
      double previousTotal,
      double deltaTotal,
      int deltaLevel,
      boolean sameCatalog) {}

  /** An enterprise without an assessment by the report's as-of. */
  public record Unassessed(String enterprise, String name) {}

  /**
   * A requirement that is a gap to the next level for several enterprises.
   *
   * @param requirement its id, e.g. {@code D3.2}
   * @param level its level
   * @param titleZh what it asks for, in Chinese (the question, or the indicator and its target)
   * @param titleEn the same in English
   * @param enterprises for how many enterprises it is a gap to their next level
   * @param averageGain the S it would add, on average over those enterprises
   * @param recommendationZh what to do, in Chinese
   * @param recommendationEn the same in English
   */
  public record CommonGap(
      String requirement,
      int level,
      String titleZh,
      String titleEn,
      int enterprises,
      double averageGain,
      String recommendationZh,
      String recommendationEn) {}
}
