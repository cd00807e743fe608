package io.parkpulse.platform.maturity.scoring;

import io.parkpulse.platform.maturity.miit.MiitEstimate;
import io.parkpulse.platform.maturity.miit.MiitItems;
import io.parkpulse.platform.maturity.miit.MiitOutcomes;
import io.parkpulse.platform.maturity.miit.MiitRule;
import io.parkpulse.platform.maturity.scoring.Assessment.Flag;
import io.parkpulse.platform.maturity.scoring.Assessment.Gap;
import io.parkpulse.platform.maturity.scoring.Assessment.Recommendation;
import io.parkpulse.platform.maturity.scoring.Assessment.RequirementScore;
import io.parkpulse.platform.maturity.scoring.Catalog.Requirement;
import io.parkpulse.platform.maturity.scoring.Catalog.Target;
import io.parkpulse.platform.maturity.scoring.Evidence.Answer;
import io.parkpulse.platform.maturity.scoring.Evidence.IndicatorValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Scores an enterprise against a catalog, as docs/maturity.md sets out: a score per requirement
 * from its evidence, level scores L_k, their sum S up to the first level under 0.8, the level from
 * S, and the gap to the next level. Deterministic: the same catalog and evidence give the same
 * assessment.
 */
public final class ScoringEngine {

  /** A level at or above this score lets the computation go on to the next. */
  static final double PASS = 0.8;

  /** Inputs under this completeness make an indicator not evaluable. */
  public static final double MIN_COMPLETENESS = 0.8;

  /** What an answer without verified evidence can score at most. */
  static final double UNVERIFIED_CAP = 0.5;

  private final MiitRule miitRule;

  /** An engine with the default MIIT rule, for tests and tools. */
  public ScoringEngine() {
    this(MiitRule.defaults());
  }

  /**
   * An engine estimating the MIIT level with {@code miitRule}: which scenarios are mandatory is
   * configuration, as the sources differ on it.
   */
  public ScoringEngine(MiitRule miitRule) {
    this.miitRule = miitRule;
  }

  public Assessment assess(Catalog catalog, Evidence evidence) {
    List<RequirementScore> scores = new ArrayList<>();
    for (int level = 1; level <= catalog.maxLevel(); level++) {
      scores.addAll(scoreLevel(catalog, evidence, level));
    }
    List<Double> levelScores = new ArrayList<>();
    double total = 0;
    for (int level = 1; level <= catalog.maxLevel(); level++) {
      double l = round(levelScore(scores, level));
      levelScores.add(l);
      total += l;
      if (l < PASS) {
        break;
      }
    }
    total = round(total);
    int reached = levelOf(total, catalog.maxLevel());
    return new Assessment(
        evidence.enterprise(),
        catalog.version(),
        scores,
        levelScores,
        total,
        reached,
        gap(catalog, scores, levelScores, total, reached),
        miit(evidence));
  }

  /** 0 below S = 0.8, else n where n − 0.2 ≤ S < n + 0.8, at most {@code max}. */
  static int levelOf(double total, int max) {
    double s = round(total);
    if (s < PASS) {
      return 0;
    }
    return (int) Math.min(max, Math.floor(round(s + 0.2)));
  }

  private List<RequirementScore> scoreLevel(Catalog catalog, Evidence evidence, int level) {
    List<Requirement> requirements =
        catalog.requirements().stream().filter(r -> r.level() == level).toList();
    List<Draft> drafts = new ArrayList<>();
    for (Requirement r : requirements) {
      drafts.add(score(catalog, evidence, r));
    }
    double applicableWeight =
        drafts.stream().filter(d -> d.applies).mapToDouble(d -> d.requirement.weight()).sum();
    List<RequirementScore> scores = new ArrayList<>();
    for (Draft d : drafts) {
      double weight =
          d.applies && applicableWeight > 0 ? d.requirement.weight() / applicableWeight : 0;
      Requirement r = d.requirement;
      scores.add(
          new RequirementScore(
              r.id(),
              r.level(),
              r.domain(),
              r.evidence(),
              round(weight),
              d.score,
              d.applies,
              d.value,
              r.target().map(Target::value),
              d.rule,
              d.window,
              d.source,
              List.copyOf(d.flags)));
    }
    scores.sort(Comparator.comparing(RequirementScore::id));
    return scores;
  }

  /** A requirement's score before its weight is normalised. */
  private static final class Draft {
    final Requirement requirement;
    double score;
    boolean applies = true;
    Optional<Double> value = Optional.empty();
    String rule = "";
    String window = "";
    String source = "";
    final List<Flag> flags = new ArrayList<>();

    Draft(Requirement requirement) {
      this.requirement = requirement;
    }
  }

  private Draft score(Catalog catalog, Evidence evidence, Requirement r) {
    Draft d = new Draft(r);
    if (r.evidence() == Catalog.Evidence.QUESTIONNAIRE) {
      scoreAnswer(catalog, evidence, r, d);
    } else {
      scoreIndicator(evidence, r.source(), r.target().orElseThrow(), d);
    }
    return d;
  }

  private static void scoreIndicator(Evidence evidence, String indicator, Target target, Draft d) {
    IndicatorValue v = evidence.indicators().get(indicator);
    if (v == null) {
      d.score = 0;
      d.rule = indicator + ": no data in the window → 0";
      d.flags.add(Flag.NO_DATA);
      return;
    }
    d.value = Optional.of(v.value());
    d.window = v.window();
    d.source = v.source();
    if (!v.applicable()) {
      d.applies = false;
      d.rule = indicator + " does not apply";
      return;
    }
    if (v.completeness() < MIN_COMPLETENESS || !v.valid()) {
      d.score = 0;
      d.rule =
          String.format(
              Locale.ROOT,
              "%s not evaluable: inputs %.0f%% complete%s → 0",
              indicator,
              v.completeness() * 100,
              v.valid() ? "" : ", flat-lined or replayed");
      d.flags.add(Flag.DQ_GATE);
      return;
    }
    double ratio;
    String expression;
    if (target.lowerIsBetter()) {
      ratio = v.value() <= 0 ? 1 : target.value() / v.value();
      expression = format(target.value()) + "/" + format(v.value());
    } else {
      ratio = target.value() <= 0 ? 1 : v.value() / target.value();
      expression = format(v.value()) + "/" + format(target.value());
    }
    ratio = Math.min(1, ratio);
    d.score = band(ratio);
    d.rule = "r=" + expression + "=" + format(ratio) + "→" + plain(d.score);
  }

  private static void scoreAnswer(Catalog catalog, Evidence evidence, Requirement r, Draft d) {
    Catalog.Question question = catalog.question(r.source()).orElseThrow();
    Answer answer = evidence.answers().get(question.id());
    if (answer == null) {
      d.score = 0;
      d.rule = question.id() + " not answered → 0";
      d.flags.add(Flag.UNANSWERED);
    } else {
      d.score = answer.level().score();
      d.rule = question.id() + ": " + answer.level().label() + " → " + plain(d.score);
      d.source =
          "answer "
              + question.id()
              + answer.attachmentSha256().map(h -> ", attachment sha256:" + h).orElse("");
      if (!answer.verified() && d.score > UNVERIFIED_CAP) {
        d.score = UNVERIFIED_CAP;
        d.rule += ", evidence not verified → cap " + plain(UNVERIFIED_CAP);
        d.flags.add(Flag.EVIDENCE_CAP);
      }
    }
    if (question.crossCheck().isEmpty()) {
      return;
    }
    // Where telemetry can speak, it decides; a different answer is flagged.
    Catalog.CrossCheck check = question.crossCheck().get();
    IndicatorValue v = evidence.indicators().get(check.indicator());
    if (v == null || !v.applicable() || !v.valid() || v.completeness() < MIN_COMPLETENESS) {
      return;
    }
    Draft telemetry = new Draft(r);
    scoreIndicator(evidence, check.indicator(), check.target(), telemetry);
    double claimed = answer == null ? 0 : answer.level().score();
    if (claimed != telemetry.score) {
      d.score = telemetry.score;
      d.value = telemetry.value;
      d.window = telemetry.window;
      d.rule += "; contradicted by " + check.indicator() + " " + telemetry.rule;
      d.flags.remove(Flag.EVIDENCE_CAP);
      d.flags.add(Flag.CONFLICT);
    }
  }

  /** s from r: 1 if r ≥ 1, 0.8 if r ≥ 0.8, 0.5 if r ≥ 0.5, else 0. */
  static double band(double ratio) {
    double r = round(ratio);
    if (r >= 1) {
      return 1;
    }
    if (r >= 0.8) {
      return 0.8;
    }
    if (r >= 0.5) {
      return 0.5;
    }
    return 0;
  }

  private static double levelScore(List<RequirementScore> scores, int level) {
    return scores.stream()
        .filter(s -> s.level() == level && s.applies())
        .mapToDouble(s -> s.weight() * s.score())
        .sum();
  }

  private static Optional<Gap> gap(
      Catalog catalog,
      List<RequirementScore> scores,
      List<Double> levelScores,
      double total,
      int reached) {
    if (reached >= catalog.maxLevel()) {
      return Optional.empty();
    }
    int next = reached + 1;
    double required = next - 0.2;
    List<Integer> below = new ArrayList<>();
    for (int level = 1; level <= next; level++) {
      double l = level <= levelScores.size() ? levelScores.get(level - 1) : 0;
      if (l < PASS) {
        below.add(level);
      }
    }
    List<Recommendation> ranked =
        scores.stream()
            .filter(s -> s.level() <= next && s.gain() > 0)
            .sorted(
                Comparator.comparingDouble(RequirementScore::gain)
                    .reversed()
                    .thenComparingInt(RequirementScore::level)
                    .thenComparing(RequirementScore::id))
            .map(
                s -> {
                  Requirement r =
                      catalog.requirements().stream()
                          .filter(x -> x.id().equals(s.id()))
                          .findFirst()
                          .orElseThrow();
                  return new Recommendation(
                      s.id(),
                      s.level(),
                      round(s.gain()),
                      r.recommendation().get("zh"),
                      r.recommendation().get("en"));
                })
            .toList();
    return Optional.of(
        new Gap(next, round(required), round(Math.max(0, required - total)), below, ranked));
  }

  /** Points of one automatically collected business link (数据采集), of 10 for 13 links and HR. */
  static final double COLLECTION_LINK_POINTS = 0.7;

  /**
   * The MIIT estimate: base points from indicators, verified answers, outcome figures and verified
   * declarations; scenarios from telemetry and verified declarations; the level from the rule.
   */
  MiitEstimate miit(Evidence evidence) {
    List<MiitEstimate.BasePoints> base = new ArrayList<>();
    Optional<Double> o1 = indicator(evidence, "O1");
    o1.ifPresent(
        v ->
            base.add(
                new MiitEstimate.BasePoints(
                    "设备联网", MiitEstimate.networkingPoints(v), 6, "O1 = " + percent(v))));
    List<String> links = new ArrayList<>();
    collected(evidence, "O1", "设备管理", links);
    collected(evidence, "O5", "能耗管理", links);
    collected(evidence, "O11", "生产管控", links);
    collected(evidence, "O6", "质量管理", links);
    if (!links.isEmpty()) {
      base.add(
          new MiitEstimate.BasePoints(
              "数据采集",
              round(COLLECTION_LINK_POINTS * links.size()),
              10,
              String.join("、", links) + " collected automatically"));
    }
    indicator(evidence, "O10")
        .ifPresent(
            v ->
                base.add(
                    new MiitEstimate.BasePoints(
                        "信息安全（网络）", round(5 * v), 5, "O10 = " + percent(v))));
    answered(evidence, "security-policy", "信息安全（数据）", 5, base);
    answered(evidence, "digital-plan", "规划实施", 7.5, base);
    answered(evidence, "digital-staff", "人才建设", 7.5, base);
    // Where the platform has the figures, they rate the item and the declaration does not count.
    Map<String, MiitEstimate.BasePoints> measured = new HashMap<>();
    MiitOutcomes.green(evidence.outcomes().energy()).ifPresent(p -> measured.put("green", p));
    MiitOutcomes.productQuality(evidence.outcomes().quality())
        .ifPresent(p -> measured.put("product-quality", p));
    double pendingPoints = 0;
    for (MiitItems.Item item : MiitItems.ITEMS) {
      if (item.kind() != MiitItems.Kind.BASE) {
        continue;
      }
      if (measured.containsKey(item.id())) {
        base.add(measured.get(item.id()));
        continue;
      }
      Evidence.Declaration declared = evidence.declarations().get(item.id());
      if (declared == null || declared.rejected()) {
        continue;
      }
      double points = Math.min(declared.value(), item.max());
      if (declared.verified()) {
        base.add(
            new MiitEstimate.BasePoints(item.name(), points, item.max(), "declared, verified"));
      } else {
        pendingPoints += points;
      }
    }
    double total = round(base.stream().mapToDouble(MiitEstimate.BasePoints::points).sum());
    double declaredTotal = round(total + pendingPoints);

    Map<String, MiitEstimate.Scenario> rated = new HashMap<>();
    double connected = o1.orElse(0.0);
    double oee = indicator(evidence, "O6").orElse(0.0);
    int equipment =
        oee >= 0.8 && connected >= 0.6 ? 3 : connected >= 0.6 ? 2 : connected > 0 ? 1 : 0;
    rate(rated, "设备管理", equipment, "O1 = " + percent(connected) + ", O6 = " + percent(oee));
    double metered = indicator(evidence, "O5").orElse(0.0);
    rate(rated, "能耗管理", metered >= 0.5 ? 3 : metered > 0 ? 2 : 0, "O5 = " + percent(metered));
    // 三级 asks for real-time collection: every meter at the online-monitoring grade (E1), behind
    // the same completeness gate as the indicators.
    gated(evidence, "E1")
        .ifPresent(
            e1 -> rate(rated, "能耗管理", e1 >= 0.9 ? 3 : e1 > 0 ? 2 : 0, "E1 = " + percent(e1)));
    double reporting = indicator(evidence, "O11").orElse(0.0);
    rate(
        rated, "生产管控", reporting >= 0.9 ? 3 : reporting > 0 ? 2 : 0, "O11 = " + percent(reporting));
    Map<String, MiitEstimate.Scenario> declared = new HashMap<>(rated);
    for (MiitItems.Item item : MiitItems.ITEMS) {
      Evidence.Declaration d = evidence.declarations().get(item.id());
      if (item.kind() != MiitItems.Kind.SCENARIO || d == null || d.rejected()) {
        continue;
      }
      int level = (int) Math.min(4, Math.max(0, d.value()));
      String what = "declared L" + level + (d.verified() ? ", verified" : ", pending verification");
      if (d.verified()) {
        rate(rated, item.name(), level, what);
      }
      rate(declared, item.name(), level, what);
    }
    List<MiitEstimate.Scenario> scenarios = inCatalogOrder(rated);
    int level = MiitEstimate.level(total, scenarios);
    int declaredLevel = MiitEstimate.level(declaredTotal, inCatalogOrder(declared));

    List<String> notes =
        List.of(
            "rated from data: the scenarios 设备管理 (O1, O6), 能耗管理 (O5, E1), 生产管控 (O11); 绿色低碳"
                + " (综合能耗 per 100 yuan of revenue) and 产品质量 (月均合格率), year on year, when the"
                + " platform has two years of monitored energy with revenue, or of monthly pass"
                + " rates; the other scenarios and base items (网络建设, 设备数字化, 信息系统, 管理机制,"
                + " 资金保障, 市场表现, 价值效益, and 绿色低碳 and 产品质量 without those figures) count"
                + " once the enterprise declares them and the park operator verifies them",
            "an estimate, not MIIT's rating: the level rule and the mandatory (约束性) scenarios ("
                + mandatoryNames()
                + ") are a secondary-sourced reading (miit-2024.md); pilot-city enterprises are"
                + " rated on site");
    return new MiitEstimate(
        o1.orElse(null),
        o1.map(MiitEstimate::networkingPoints).orElse(0.0),
        base,
        total,
        scenarios,
        level,
        declaredTotal,
        declaredLevel,
        level < 4 ? MiitEstimate.missing(total, scenarios, level + 1) : List.of(),
        notes);
  }

  /** Rates a scenario, keeping the higher of two ratings. */
  private void rate(
      Map<String, MiitEstimate.Scenario> into, String name, int level, String evidence) {
    MiitEstimate.Scenario before = into.get(name);
    if (level > 0 && (before == null || level > before.level())) {
      boolean mandatory = miitRule.isMandatory(MiitItems.scenarioNamed(name).id());
      into.put(name, new MiitEstimate.Scenario(name, level, mandatory, evidence));
    }
  }

  /** The mandatory scenarios' names, in catalog order, e.g. {@code 产品设计、营销管理}. */
  private String mandatoryNames() {
    return String.join(
        "、",
        MiitItems.ITEMS.stream()
            .filter(i -> miitRule.isMandatory(i.id()))
            .map(MiitItems.Item::name)
            .toList());
  }

  private static List<MiitEstimate.Scenario> inCatalogOrder(
      Map<String, MiitEstimate.Scenario> scenarios) {
    List<MiitEstimate.Scenario> ordered = new ArrayList<>();
    for (MiitItems.Item item : MiitItems.ITEMS) {
      if (scenarios.containsKey(item.name())) {
        ordered.add(scenarios.get(item.name()));
      }
    }
    return ordered;
  }

  private static Optional<Double> indicator(Evidence evidence, String id) {
    IndicatorValue v = evidence.indicators().get(id);
    return v == null || !v.applicable() || !v.valid() ? Optional.empty() : Optional.of(v.value());
  }

  /** An indicator's value if it is valid, applies and its inputs are complete enough. */
  private static Optional<Double> gated(Evidence evidence, String id) {
    IndicatorValue v = evidence.indicators().get(id);
    return v == null || !v.applicable() || !v.valid() || v.completeness() < MIN_COMPLETENESS
        ? Optional.empty()
        : Optional.of(v.value());
  }

  private static void collected(Evidence evidence, String id, String link, List<String> links) {
    if (indicator(evidence, id).orElse(0.0) > 0) {
      links.add(link);
    }
  }

  /** An answer's share of {@code of} points: in full once verified, capped at half before. */
  private static void answered(
      Evidence evidence,
      String question,
      String item,
      double of,
      List<MiitEstimate.BasePoints> base) {
    Evidence.Answer answer = evidence.answers().get(question);
    if (answer == null || answer.level().score() == 0) {
      return;
    }
    double share =
        answer.verified() ? answer.level().score() : Math.min(0.5, answer.level().score());
    base.add(
        new MiitEstimate.BasePoints(
            item,
            round(of * share),
            of,
            question
                + " "
                + answer.level().name()
                + (answer.verified() ? ", verified" : ", unverified")));
  }

  private static String percent(double v) {
    return Math.round(v * 1000) / 10.0 + "%";
  }

  /** Scores are sums of products of decimals: round away binary noise before comparing. */
  public static double round(double value) {
    return Math.round(value * 1e9) / 1e9;
  }

  /** A score as written in rules: 1, 0.8, 0.5, 0. */
  private static String plain(double score) {
    return java.math.BigDecimal.valueOf(score).stripTrailingZeros().toPlainString();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
