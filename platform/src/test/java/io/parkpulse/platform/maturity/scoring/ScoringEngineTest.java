package io.parkpulse.platform.maturity.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.platform.maturity.miit.MiitEstimate;
import io.parkpulse.platform.maturity.miit.MiitItems;
import io.parkpulse.platform.maturity.miit.MiitRule;
import io.parkpulse.platform.maturity.scoring.Assessment.Flag;
import io.parkpulse.platform.maturity.scoring.Assessment.RequirementScore;
import io.parkpulse.platform.maturity.scoring.Evidence.Answer;
import io.parkpulse.platform.maturity.scoring.Evidence.Declaration;
import io.parkpulse.platform.maturity.scoring.Evidence.IndicatorValue;
import io.parkpulse.platform.maturity.scoring.Evidence.Level;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The worked examples, band edges and evidence rules of docs/maturity.md, on catalog test-v0. */
class ScoringEngineTest {

  private static final String WINDOW = "30d to 2026-11-29";
  private final Catalog catalog = new CatalogLoader().bundled("test-v0");
  private final ScoringEngine engine = new ScoringEngine();

  @Test
  void newMachiningShopIsBelowLevelOneUntilItsPlanIsVerified() {
    Map<String, IndicatorValue> indicators = new HashMap<>();
    indicators.put("O2", value(0.80));
    indicators.put("gateway-uptime", value(0.99));
    Map<String, Answer> answers = Map.of("digital-plan", answer(Level.FULLY, false));

    Assessment a = engine.assess(catalog, new Evidence("machining", indicators, answers));

    assertThat(score(a, "R1.1").score()).isEqualTo(0.5);
    assertThat(score(a, "R1.1").flags()).containsExactly(Flag.EVIDENCE_CAP);
    assertThat(score(a, "R1.2").score()).isEqualTo(0.8);
    assertThat(score(a, "R1.2").rule()).isEqualTo("r=0.80/0.90=0.89→0.8");
    assertThat(score(a, "R1.3").score()).isEqualTo(1.0);
    assertThat(a.levelScores()).containsExactly(0.74);
    assertThat(a.total()).isEqualTo(0.74);
    assertThat(a.level()).isZero();
    assertThat(a.gap().orElseThrow().nextLevel()).isEqualTo(1);
    assertThat(a.gap().orElseThrow().ranked().get(0).requirement()).isEqualTo("R1.1");

    Assessment verified =
        engine.assess(
            catalog,
            new Evidence(
                "machining", indicators, Map.of("digital-plan", answer(Level.FULLY, true))));
    assertThat(verified.levelScores().get(0)).isEqualTo(0.94);
    assertThat(verified.level()).isEqualTo(1);
  }

  @Test
  void injectionMouldingSmeReachesLevelTwoWithOeeCoverageAsTheTopGap() {
    Map<String, IndicatorValue> indicators = new HashMap<>();
    indicators.put("O2", value(0.95));
    indicators.put("gateway-uptime", value(0.99));
    indicators.put("O1", value(0.75));
    indicators.put("O3", value(0.97));
    indicators.put("O5", value(0.40));
    indicators.put("O10", value(0.70));
    indicators.put("O6", value(0.20));
    indicators.put("O7", value(0.60));
    indicators.put("O9", value(1));
    Map<String, Answer> answers =
        Map.of(
            "digital-plan", answer(Level.FULLY, true),
            "maintenance-system", answer(Level.MOSTLY, true),
            "data-governance", answer(Level.PARTLY, true));

    Assessment a = engine.assess(catalog, new Evidence("moulding", indicators, answers));

    assertThat(a.levelScores()).containsExactly(1.0, 0.87, 0.46);
    assertThat(a.total()).isEqualTo(2.33);
    assertThat(a.level()).isEqualTo(2);
    assertThat(score(a, "R2.1").score()).isEqualTo(1.0);
    assertThat(score(a, "R2.3").score()).isEqualTo(0.8);
    assertThat(score(a, "R2.4").score()).isEqualTo(0.5);
    assertThat(score(a, "R3.1").score()).isEqualTo(0.8);
    assertThat(score(a, "R3.2").score()).isZero();
    assertThat(score(a, "R3.4").rule()).isEqualTo("r=1.00/2.00=0.50→0.5");

    Assessment.Gap gap = a.gap().orElseThrow();
    assertThat(gap.nextLevel()).isEqualTo(3);
    assertThat(gap.requiredTotal()).isEqualTo(2.8);
    assertThat(gap.missing()).isCloseTo(0.47, within(1e-9));
    assertThat(gap.levelsBelowThreshold()).containsExactly(3);
    assertThat(gap.ranked().get(0).requirement()).isEqualTo("R3.2");
    assertThat(gap.ranked().get(0).gain()).isEqualTo(0.2);
    assertThat(gap.ranked().subList(1, 4))
        .extracting(Assessment.Recommendation::requirement)
        .containsExactly("R3.3", "R3.4", "R3.5");
    assertThat(gap.ranked().get(0).en()).contains("OEE");
    assertThat(a.miit().equipmentNetworkingPoints()).isEqualTo(6.0);
  }

  @Test
  void levelBandsFollowTheTotal() {
    assertThat(ScoringEngine.levelOf(0.79, 5)).isZero();
    assertThat(ScoringEngine.levelOf(0.8, 5)).isEqualTo(1);
    assertThat(ScoringEngine.levelOf(1.79, 5)).isEqualTo(1);
    assertThat(ScoringEngine.levelOf(1.8, 5)).isEqualTo(2);
    assertThat(ScoringEngine.levelOf(4.79, 5)).isEqualTo(4);
    assertThat(ScoringEngine.levelOf(4.8, 5)).isEqualTo(5);
    assertThat(ScoringEngine.levelOf(5.0, 5)).isEqualTo(5);
    assertThat(ScoringEngine.levelOf(0.7 + 0.1, 5)).as("0.7 + 0.1 in binary").isEqualTo(1);
  }

  @Test
  void ratioBandsAtTheirEdges() {
    assertThat(ScoringEngine.band(0.49)).isZero();
    assertThat(ScoringEngine.band(0.5)).isEqualTo(0.5);
    assertThat(ScoringEngine.band(0.79)).isEqualTo(0.5);
    assertThat(ScoringEngine.band(0.8)).isEqualTo(0.8);
    assertThat(ScoringEngine.band(0.99)).isEqualTo(0.8);
    assertThat(ScoringEngine.band(1.0)).isEqualTo(1.0);
  }

  @Test
  void computationStopsAfterTheFirstLevelBelowThreshold() {
    Map<String, IndicatorValue> indicators = new HashMap<>();
    indicators.put("O2", value(1));
    indicators.put("gateway-uptime", value(1));
    // Level 3 would be perfect, but level 2 has nothing: L2 = 0 stops the sum.
    indicators.put("O6", value(1));
    indicators.put("O7", value(1));
    indicators.put("O9", value(3));
    Map<String, Answer> answers =
        Map.of(
            "digital-plan", answer(Level.FULLY, true),
            "data-governance", answer(Level.FULLY, true));

    Assessment a = engine.assess(catalog, new Evidence("skipper", indicators, answers));

    assertThat(a.levelScores()).containsExactly(1.0, 0.0);
    assertThat(a.total()).isEqualTo(1.0);
    assertThat(a.level()).isEqualTo(1);
  }

  @Test
  void anIndicatorWithIncompleteOrReplayedInputsScoresZeroWithDqGate() {
    Map<String, IndicatorValue> indicators = new HashMap<>();
    indicators.put("O2", new IndicatorValue(1.0, 0.79, true, true, WINDOW, "registry"));
    indicators.put("gateway-uptime", new IndicatorValue(1.0, 1.0, false, true, WINDOW, "events"));

    Assessment a = engine.assess(catalog, new Evidence("dq", indicators, Map.of()));

    assertThat(score(a, "R1.2").score()).isZero();
    assertThat(score(a, "R1.2").flags()).containsExactly(Flag.DQ_GATE);
    assertThat(score(a, "R1.2").rule()).contains("79% complete");
    assertThat(score(a, "R1.3").flags()).containsExactly(Flag.DQ_GATE);
    assertThat(score(a, "R1.1").flags()).containsExactly(Flag.UNANSWERED);
  }

  @Test
  void telemetryWinsOverAContradictingAnswerAndFlagsTheConflict() throws Exception {
    String json =
        """
        {"version": "conflict-v0",
         "questions": [{"id": "energy-metered", "text": {"zh": "是否计量能耗？", "en": "Is energy metered?"},
                        "crossCheck": {"indicator": "O5", "target": {"atLeast": 0.5}}}],
         "requirements": [{"id": "R1", "level": 1, "domain": "生产", "evidence": "questionnaire",
                           "question": "energy-metered", "weight": 1,
                           "recommendation": {"zh": "安装电表。", "en": "Install meters."}}]}
        """;
    Catalog conflict =
        new CatalogLoader()
            .load("conflict", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    Map<String, Answer> claims = Map.of("energy-metered", answer(Level.FULLY, true));

    Assessment a =
        engine.assess(conflict, new Evidence("claims", Map.of("O5", value(0.1)), claims));
    assertThat(a.requirements().get(0).score()).isZero();
    assertThat(a.requirements().get(0).flags()).containsExactly(Flag.CONFLICT);
    assertThat(a.requirements().get(0).rule()).contains("contradicted by O5");

    Assessment agreeing =
        engine.assess(conflict, new Evidence("claims", Map.of("O5", value(0.6)), claims));
    assertThat(agreeing.requirements().get(0).score()).isEqualTo(1.0);
    assertThat(agreeing.requirements().get(0).flags()).isEmpty();
  }

  @Test
  void weightsAreNormalisedOverTheRequirementsThatApply() {
    Map<String, IndicatorValue> indicators = new HashMap<>();
    indicators.put("O2", value(1));
    indicators.put("gateway-uptime", value(1));
    indicators.put("O1", value(1));
    indicators.put("O3", value(1));
    indicators.put("O5", value(1));
    indicators.put("O10", value(1));
    indicators.put("O6", new IndicatorValue(0, 1, true, false, WINDOW, "no critical assets"));
    Map<String, Answer> answers =
        Map.of(
            "digital-plan", answer(Level.FULLY, true),
            "maintenance-system", answer(Level.FULLY, true));

    Assessment a = engine.assess(catalog, new Evidence("no-critical", indicators, answers));

    RequirementScore oee = score(a, "R3.2");
    assertThat(oee.applies()).isFalse();
    assertThat(score(a, "R3.1").weight()).isEqualTo(0.25);
    assertThat(a.levelScores().get(2)).isEqualTo(0.25);
  }

  @Test
  void theSameEvidenceGivesTheSameAssessment() {
    Evidence evidence =
        new Evidence(
            "same",
            Map.of("O1", value(0.7), "O2", value(0.9), "gateway-uptime", value(0.97)),
            Map.of("digital-plan", answer(Level.MOSTLY, true)));
    assertThat(engine.assess(catalog, evidence)).isEqualTo(engine.assess(catalog, evidence));
  }

  @Test
  void miitNetworkingPointsFollowTheBins() {
    assertThat(MiitEstimate.networkingPoints(0.10)).isZero();
    assertThat(MiitEstimate.networkingPoints(0.105)).isEqualTo(1.5);
    assertThat(MiitEstimate.networkingPoints(0.40)).isEqualTo(3);
    assertThat(MiitEstimate.networkingPoints(0.60)).isEqualTo(4.5);
    assertThat(MiitEstimate.networkingPoints(0.75)).isEqualTo(6);
  }

  @Test
  void miitBasePointsAndScenariosComeFromIndicatorsAndVerifiedAnswers() {
    Evidence evidence =
        new Evidence(
            "miit",
            Map.of("O1", value(0.75), "O5", value(0.6), "O6", value(0.85), "O10", value(0.5)),
            Map.of(
                "digital-plan", answer(Level.FULLY, true),
                "digital-staff", answer(Level.MOSTLY, false),
                "security-policy", answer(Level.PARTLY, true)));

    MiitEstimate miit = engine.miit(evidence);

    // 6 (O1 75% bin) + 3 links × 0.7 + 5 × 50% + 5 × 0.5 (PARTLY) + 7.5 (FULLY, verified)
    // + 7.5 × 0.5 (MOSTLY capped while unverified) = 24.35
    assertThat(miit.basePoints())
        .extracting(MiitEstimate.BasePoints::item, MiitEstimate.BasePoints::points)
        .containsExactly(
            tuple("设备联网", 6.0),
            tuple("数据采集", 2.1),
            tuple("信息安全（网络）", 2.5),
            tuple("信息安全（数据）", 2.5),
            tuple("规划实施", 7.5),
            tuple("人才建设", 3.75));
    assertThat(miit.evidencedBasePoints()).isEqualTo(24.35);
    assertThat(miit.basePoints().get(1).evidence())
        .isEqualTo("设备管理、能耗管理、质量管理 collected automatically");
    assertThat(miit.scenarios())
        .containsExactly(
            new MiitEstimate.Scenario("设备管理", 3, true, "O1 = 75.0%, O6 = 85.0%"),
            new MiitEstimate.Scenario("能耗管理", 3, true, "O5 = 60.0%"));
    // Two scenarios and 24.35 points: not yet 一级, which needs 20 points and six scenarios.
    assertThat(miit.level()).isZero();
    assertThat(miit.nextLevel())
        .containsExactly(
            "6 scenarios at L1 or above (evidenced 2)",
            "3 mandatory scenarios at L1 or above (evidenced 2)");
  }

  @Test
  void miitDeclarationsCountOnceVerifiedAndShowTheLevelTheyWouldGive() {
    Map<String, Declaration> declarations = new java.util.HashMap<>();
    // Verified: four scenarios at L2 (two mandatory: quality, purchasing), and 20 base points.
    declarations.put("planning", new Declaration(2, true, false));
    declarations.put("quality", new Declaration(2, true, false));
    declarations.put("purchasing", new Declaration(2, true, false));
    declarations.put("hr", new Declaration(2, true, false));
    declarations.put("information-systems", new Declaration(10, true, false));
    declarations.put("network", new Declaration(8, true, false));
    declarations.put("funding", new Declaration(2, true, false));
    // Pending: two more scenarios at L3 and the product-quality points; rejected: finance.
    declarations.put("warehousing", new Declaration(3, false, false));
    declarations.put("safety", new Declaration(3, false, false));
    declarations.put("product-quality", new Declaration(7, false, false));
    declarations.put("finance", new Declaration(4, false, true));
    // Declared below what telemetry rates: telemetry's 3 stands.
    declarations.put("energy", new Declaration(1, true, false));
    Evidence evidence =
        new Evidence(
            "declared",
            Map.of("O1", value(0.75), "O5", value(0.6), "O6", value(0.85)),
            Map.of("digital-plan", answer(Level.FULLY, true)),
            declarations);

    MiitEstimate miit = engine.miit(evidence);

    // 6 (O1) + 2.1 (3 links) + 7.5 (plan) + 10 + 8 + 2 (verified declarations) = 35.6
    assertThat(miit.evidencedBasePoints()).isEqualTo(35.6);
    assertThat(miit.basePoints())
        .extracting(MiitEstimate.BasePoints::item, MiitEstimate.BasePoints::evidence)
        .contains(tuple("信息系统", "declared, verified"), tuple("资金保障", "declared, verified"));
    assertThat(miit.scenarios())
        .extracting(MiitEstimate.Scenario::name, MiitEstimate.Scenario::level)
        .containsExactly(
            tuple("计划排程", 2),
            tuple("质量管理", 2),
            tuple("设备管理", 3),
            tuple("能耗管理", 3),
            tuple("采购管理", 2),
            tuple("人力资源", 2));
    // Six scenarios at L1+ (four mandatory) and 35.6 ≥ 20: 一级; 二级 lacks 40 points.
    assertThat(miit.level()).isEqualTo(1);
    assertThat(miit.nextLevel()).containsExactly("base score ≥ 40 (evidenced 35.6)");
    // With the pending declarations: 42.6 points, eight scenarios at L2+: 二级.
    assertThat(miit.declaredBasePoints()).isEqualTo(42.6);
    assertThat(miit.declaredLevel()).isEqualTo(2);
  }

  @Test
  void miitWithoutEvidenceHasNoPointsAndNoScenarios() {
    MiitEstimate miit = engine.miit(new Evidence("nothing", Map.of(), Map.of()));

    assertThat(miit.equipmentNetworkingRate()).isNull();
    assertThat(miit.basePoints()).isEmpty();
    assertThat(miit.evidencedBasePoints()).isZero();
    assertThat(miit.scenarios()).isEmpty();
  }

  @Test
  void miitLevelNeedsBaseScoreAndEnoughScenarios() {
    // Base 62; 9 scenarios at L2 or above (6 mandatory), 7 of them at L3 (5 mandatory).
    List<MiitEstimate.Scenario> scenarios =
        List.of(
            scenario(3, true),
            scenario(3, true),
            scenario(3, true),
            scenario(3, true),
            scenario(3, true),
            scenario(3, false),
            scenario(3, false),
            scenario(2, true),
            scenario(2, false));
    assertThat(MiitEstimate.level(62, scenarios)).isEqualTo(2);
    List<MiitEstimate.Scenario> more = new java.util.ArrayList<>(scenarios);
    more.set(8, scenario(3, false));
    assertThat(MiitEstimate.level(62, more)).isEqualTo(3);
    assertThat(MiitEstimate.level(39, more)).isEqualTo(1);
  }

  @Test
  void tenScenariosAreMandatoryByDefaultWithProductDesignAndWithoutPlanning() {
    MiitRule rule = MiitRule.defaults();

    assertThat(rule.mandatory()).hasSize(10);
    assertThat(rule.isMandatory("product-design")).isTrue();
    assertThat(rule.isMandatory("warehousing")).isTrue();
    assertThat(rule.isMandatory("planning")).isFalse();
    assertThat(rule.isMandatory("process-design")).isFalse();
  }

  @Test
  void aMandatorySetNamingNoScenarioIsRefusedWithTheIdsAtFault() {
    assertThatThrownBy(() -> MiitRule.of(List.of("quality", "planing", "green")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("green, planing are no MIIT scenario ids")
        .hasMessageContaining("miit-mandatory-scenarios");
  }

  @Test
  void productDesignCountingAsMandatoryLiftsAnEnterpriseToLevelThree() {
    Map<String, Declaration> declarations = new HashMap<>();
    // Eight scenarios at L3: five mandatory under the default rule (产品设计, 营销管理, 质量管理,
    // 安全生产, 采购管理), four under the reading ParkPulse had before (计划排程 instead of 产品设计).
    for (String id :
        List.of(
            "product-design",
            "marketing",
            "quality",
            "safety",
            "purchasing",
            "hr",
            "collaboration",
            "decision-support")) {
      declarations.put(id, new Declaration(3, true, false));
    }
    // 8 + 6 + 10 + 7.5 + 7.5 + 7 + 7 + 3 + 3 = 59 declared base points, and 7.5 for the plan.
    for (var item : MiitItems.ITEMS) {
      if (item.kind() == MiitItems.Kind.BASE) {
        declarations.put(item.id(), new Declaration(item.max(), true, false));
      }
    }
    Evidence evidence =
        new Evidence(
            "designer", Map.of(), Map.of("digital-plan", answer(Level.FULLY, true)), declarations);

    MiitEstimate miit = engine.miit(evidence);
    assertThat(miit.evidencedBasePoints()).isEqualTo(66.5);
    assertThat(miit.scenarios().stream().filter(MiitEstimate.Scenario::mandatory)).hasSize(5);
    assertThat(miit.level()).isEqualTo(3);

    MiitRule before =
        MiitRule.of(
            List.of(
                "marketing",
                "planning",
                "production-control",
                "quality",
                "equipment",
                "safety",
                "energy",
                "purchasing",
                "warehousing",
                "finance"));
    MiitEstimate earlier = new ScoringEngine(before).miit(evidence);
    assertThat(earlier.level()).isEqualTo(2);
    assertThat(earlier.nextLevel())
        .containsExactly("5 mandatory scenarios at L3 or above (evidenced 4)");
  }

  @Test
  void energyMonitoredAtOnlineGradeRatesEnergyManagementThreeOnlyPastTheCompletenessGate() {
    Evidence.IndicatorValue monitored =
        new Evidence.IndicatorValue(0.95, 0.93, true, true, "30d", "E1");
    Evidence.IndicatorValue sparse =
        new Evidence.IndicatorValue(0.95, 0.6, true, true, "30d", "E1");

    MiitEstimate withE1 = engine.miit(new Evidence("metered", Map.of("E1", monitored), Map.of()));
    MiitEstimate gated = engine.miit(new Evidence("sparse", Map.of("E1", sparse), Map.of()));

    assertThat(withE1.scenarios())
        .singleElement()
        .satisfies(
            sc -> {
              assertThat(sc.name()).isEqualTo("能耗管理");
              assertThat(sc.level()).isEqualTo(3);
              assertThat(sc.evidence()).isEqualTo("E1 = 95.0%");
            });
    assertThat(gated.scenarios()).isEmpty();
  }

  @Test
  void theNotesSayItIsAnEstimateOnASecondarySourcedRule() {
    MiitEstimate miit = engine.miit(new Evidence("any", Map.of(), Map.of()));

    assertThat(miit.notes())
        .anySatisfy(
            n ->
                assertThat(n)
                    .startsWith("an estimate, not MIIT's rating")
                    .contains("产品设计、营销管理、生产管控、质量管理、设备管理、安全生产、能耗管理、采购管理、仓储物流、财务管理")
                    .contains("secondary-sourced reading (miit-2024.md)")
                    .contains("pilot-city enterprises are rated on site"));
  }

  @Test
  void outcomeFiguresReplaceTheDeclarationsOfGreenAndProductQuality() {
    Map<String, Declaration> declarations = new HashMap<>();
    declarations.put("green", new Declaration(3.5, true, false));
    declarations.put("product-quality", new Declaration(7, false, false));
    declarations.put("funding", new Declaration(5, false, false));
    // Energy per 100 yuan falls 10% (600 → 540 tce on the same revenue): 7 points, not the 3.5
    // declared. The pass rate falls from 99% to 97%: 0, not the 7 pending verification.
    List<Evidence.QualityMonth> quality = new java.util.ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      quality.add(new Evidence.QualityMonth(java.time.YearMonth.of(2025, m), 990, 1000));
      quality.add(new Evidence.QualityMonth(java.time.YearMonth.of(2026, m), 970, 1000));
    }
    Evidence evidence =
        new Evidence(
            "measured",
            Map.of(),
            Map.of(),
            declarations,
            new Evidence.Outcomes(
                List.of(
                    new Evidence.EnergyYear(2025, 600, 0.9, 5000.0),
                    new Evidence.EnergyYear(2026, 540, 0.9, 5000.0)),
                quality));

    MiitEstimate miit = engine.miit(evidence);

    assertThat(miit.basePoints())
        .extracting(MiitEstimate.BasePoints::item, MiitEstimate.BasePoints::points)
        .containsExactly(tuple("绿色低碳", 7.0), tuple("产品质量", 0.0));
    assertThat(miit.basePoints().get(1).evidence()).endsWith("(−2.0 pp): fall");
    assertThat(miit.evidencedBasePoints()).isEqualTo(7);
    // Pending: only funding's 5; the product-quality declaration is replaced by the figures.
    assertThat(miit.declaredBasePoints()).isEqualTo(12);

    // Without the figures, the declarations count as before.
    MiitEstimate declared = engine.miit(new Evidence("declared", Map.of(), Map.of(), declarations));
    assertThat(declared.basePoints())
        .extracting(MiitEstimate.BasePoints::item, MiitEstimate.BasePoints::evidence)
        .containsExactly(tuple("绿色低碳", "declared, verified"));
    assertThat(declared.declaredBasePoints()).isEqualTo(15.5);
  }

  private static MiitEstimate.Scenario scenario(int level, boolean mandatory) {
    return new MiitEstimate.Scenario("s", level, mandatory);
  }

  private static RequirementScore score(Assessment a, String id) {
    return a.requirements().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static IndicatorValue value(double v) {
    return IndicatorValue.of(v, WINDOW, "test");
  }

  private static Answer answer(Level level, boolean verified) {
    return new Answer(level, verified, verified ? Optional.of("ab12") : Optional.empty());
  }
}
