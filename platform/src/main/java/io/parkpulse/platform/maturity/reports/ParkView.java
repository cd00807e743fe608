package io.parkpulse.platform.maturity.reports;

import io.parkpulse.platform.maturity.miit.MiitEstimate;
import io.parkpulse.platform.maturity.readmodel.Assessor.Stored;
import io.parkpulse.platform.maturity.readmodel.ParkAssessments;
import io.parkpulse.platform.maturity.readmodel.ParkAssessments.EnterpriseAssessments;
import io.parkpulse.platform.maturity.reports.ParkReport.CommonGap;
import io.parkpulse.platform.maturity.reports.ParkReport.LevelCount;
import io.parkpulse.platform.maturity.reports.ParkReport.Ranked;
import io.parkpulse.platform.maturity.reports.ParkReport.Trend;
import io.parkpulse.platform.maturity.reports.ParkReport.Unassessed;
import io.parkpulse.platform.maturity.scoring.Assessment;
import io.parkpulse.platform.maturity.scoring.Assessment.Recommendation;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.maturity.scoring.ScoringEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The park view of issue 5: a park's enterprises by level, ranked with their trend, and the gaps
 * most of them share, from the assessments kept (it assesses nothing itself). {@link
 * ParkAssessments} reads each enterprise's latest assessment and the earlier one its trend compares
 * with; this class only computes, without a database.
 */
public final class ParkView {

  private ParkView() {}

  /** The park's own data. */
  public record ParkInfo(String id, String name, String timezone) {}

  /** The report from the enterprises' assessments: no database, for the tests as well. */
  public static ParkReport aggregate(
      Catalog catalog,
      ParkInfo park,
      Instant asOf,
      Instant trendFrom,
      Instant generatedAt,
      List<EnterpriseAssessments> enterprises) {
    List<EnterpriseAssessments> assessed =
        enterprises.stream()
            .filter(e -> e.latest().isPresent())
            .sorted(
                Comparator.comparingDouble((EnterpriseAssessments e) -> -total(e))
                    .thenComparing(e -> -e.latest().get().assessment().level())
                    .thenComparing(EnterpriseAssessments::enterprise))
            .toList();
    int[] counts = new int[ParkReport.MAX_LEVEL + 1];
    assessed.forEach(e -> counts[Math.max(0, Math.min(ParkReport.MAX_LEVEL, level(e)))]++);
    List<LevelCount> distribution = new ArrayList<>();
    for (int level = 0; level <= ParkReport.MAX_LEVEL; level++) {
      distribution.add(
          new LevelCount(
              level,
              ParkReport.levelName(level, ParkReport.Language.ZH),
              ParkReport.levelName(level, ParkReport.Language.EN),
              counts[level]));
    }
    int atLeast2 = (int) assessed.stream().filter(e -> level(e) >= 2).count();
    int[] miitCounts = new int[ParkReport.MAX_MIIT_LEVEL + 1];
    assessed.forEach(e -> miitCounts[miitLevel(e)]++);
    List<LevelCount> miitDistribution = new ArrayList<>();
    for (int level = 0; level <= ParkReport.MAX_MIIT_LEVEL; level++) {
      miitDistribution.add(
          new LevelCount(
              level,
              ParkReport.miitLevelName(level, ParkReport.Language.ZH),
              ParkReport.miitLevelName(level, ParkReport.Language.EN),
              miitCounts[level]));
    }
    int miitAtLeast2 = (int) assessed.stream().filter(e -> miitLevel(e) >= 2).count();

    List<Ranked> ranking = new ArrayList<>();
    for (int i = 0; i < assessed.size(); i++) {
      EnterpriseAssessments e = assessed.get(i);
      // Equal S, equal rank: the rank of the first with that S.
      int rank =
          i > 0 && ScoringEngine.round(total(assessed.get(i - 1))) == ScoringEngine.round(total(e))
              ? ranking.get(i - 1).rank()
              : i + 1;
      Stored latest = e.latest().get();
      Assessment a = latest.assessment();
      Optional<Trend> trend =
          e.earlier()
              .map(
                  b ->
                      new Trend(
                          b.at(),
                          b.level(),
                          b.total(),
                          ScoringEngine.round(a.total() - b.total()),
                          a.level() - b.level(),
                          b.catalogVersion().equals(a.catalogVersion())));
      ranking.add(
          new Ranked(
              rank,
              e.enterprise(),
              e.name(),
              a.level(),
              a.total(),
              latest.at(),
              latest.id(),
              a.catalogVersion(),
              a.miit(),
              a.gap().map(Assessment.Gap::missing).orElse(0.0),
              a.gap().flatMap(g -> g.ranked().stream().findFirst()),
              trend));
    }

    List<Unassessed> notAssessed =
        enterprises.stream()
            .filter(e -> e.latest().isEmpty())
            .sorted(Comparator.comparing(EnterpriseAssessments::enterprise))
            .map(e -> new Unassessed(e.enterprise(), e.name()))
            .toList();

    return new ParkReport(
        park.id(),
        park.name(),
        park.timezone(),
        asOf,
        trendFrom,
        generatedAt,
        catalog.version(),
        List.copyOf(
            assessed.stream()
                .map(e -> e.latest().get().assessment().catalogVersion())
                .collect(Collectors.toCollection(TreeSet::new))),
        enterprises.size(),
        assessed.size(),
        distribution,
        atLeast2,
        assessed.isEmpty() ? 0 : ScoringEngine.round((double) atLeast2 / assessed.size()),
        miitDistribution,
        miitAtLeast2,
        ranking,
        notAssessed,
        commonGaps(catalog, assessed));
  }

  /**
   * Every requirement in the gap to the next level of at least one enterprise, with for how many
   * and what it would add on average; most frequent first, then the largest average gain.
   */
  private static List<CommonGap> commonGaps(Catalog catalog, List<EnterpriseAssessments> assessed) {
    Map<String, List<Recommendation>> byRequirement = new LinkedHashMap<>();
    for (EnterpriseAssessments e : assessed) {
      e.latest()
          .get()
          .assessment()
          .gap()
          .ifPresent(
              g ->
                  g.ranked()
                      .forEach(
                          r ->
                              byRequirement
                                  .computeIfAbsent(r.requirement(), k -> new ArrayList<>())
                                  .add(r)));
    }
    Map<String, Catalog.Requirement> requirements =
        catalog.requirements().stream()
            .collect(Collectors.toMap(Catalog.Requirement::id, Function.identity()));
    List<CommonGap> gaps = new ArrayList<>();
    byRequirement.forEach(
        (id, recommendations) -> {
          Recommendation first = recommendations.get(0);
          Catalog.Requirement r = requirements.get(id);
          double average =
              recommendations.stream().mapToDouble(Recommendation::gain).sum()
                  / recommendations.size();
          gaps.add(
              new CommonGap(
                  id,
                  first.level(),
                  r == null ? id : title(catalog, r, ParkReport.Language.ZH),
                  r == null ? id : title(catalog, r, ParkReport.Language.EN),
                  recommendations.size(),
                  ScoringEngine.round(average),
                  r == null ? first.zh() : r.recommendation().get("zh"),
                  r == null ? first.en() : r.recommendation().get("en")));
        });
    gaps.sort(
        Comparator.comparingInt(CommonGap::enterprises)
            .reversed()
            .thenComparing(Comparator.comparingDouble(CommonGap::averageGain).reversed())
            .thenComparing(CommonGap::requirement));
    return gaps;
  }

  /** Indicator names, by id: Chinese, English. */
  private static final Map<String, String[]> INDICATOR_NAMES =
      Map.ofEntries(
          Map.entry("O1", new String[] {"设备联网率", "Equipment connectivity"}),
          Map.entry("O2", new String[] {"设备台账完整率", "Registry completeness"}),
          Map.entry("O3", new String[] {"数据完整率", "Data completeness"}),
          Map.entry("O4", new String[] {"数据实时率", "Data freshness"}),
          Map.entry("O5", new String[] {"能源计量覆盖率", "Energy-metering coverage"}),
          Map.entry("O6", new String[] {"OEE覆盖率", "OEE coverage"}),
          Map.entry("O7", new String[] {"告警闭环率", "Alarm closed-loop rate"}),
          Map.entry("O9", new String[] {"集成系统数", "Integrated systems"}),
          Map.entry("O10", new String[] {"安全接入率", "Secure connectivity"}),
          Map.entry("O11", new String[] {"自动报工率", "Automatic production reporting"}),
          Map.entry("gateway-uptime", new String[] {"网关在线率", "Gateway uptime"}));

  /**
   * What a requirement asks for, in short: its question, or its indicator and target ({@code 设备联网率
   * ≥ 60%}). The catalog has no titles of its own.
   */
  static String title(Catalog catalog, Catalog.Requirement r, ParkReport.Language language) {
    if (r.evidence() == Catalog.Evidence.QUESTIONNAIRE) {
      return catalog
          .question(r.source())
          .map(q -> q.text().get(language == ParkReport.Language.ZH ? "zh" : "en"))
          .orElse(r.id());
    }
    String[] names = INDICATOR_NAMES.get(r.source());
    String name = names == null ? r.source() : language.pick(names[0], names[1]);
    return r.target()
        .map(
            t -> {
              String op = t.lowerIsBetter() ? " ≤ " : " ≥ ";
              String value =
                  "O9".equals(r.source())
                      ? plain(t.value())
                      : plain(Math.round(t.value() * 1000) / 10.0) + "%";
              return name + op + value;
            })
        .orElse(name);
  }

  private static String plain(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }

  private static double total(EnterpriseAssessments e) {
    return e.latest().get().assessment().total();
  }

  private static int level(EnterpriseAssessments e) {
    return e.latest().get().assessment().level();
  }

  /** The MIIT level estimated; 0 for assessments kept before the estimate had one. */
  private static int miitLevel(EnterpriseAssessments e) {
    MiitEstimate miit = e.latest().get().assessment().miit();
    return miit == null ? 0 : Math.max(0, Math.min(ParkReport.MAX_MIIT_LEVEL, miit.level()));
  }
}
