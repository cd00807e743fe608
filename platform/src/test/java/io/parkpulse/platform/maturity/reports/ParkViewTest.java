package io.parkpulse.platform.maturity.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.platform.maturity.miit.MiitEstimate;
import io.parkpulse.platform.maturity.readmodel.Assessor.Stored;
import io.parkpulse.platform.maturity.readmodel.ParkAssessments.Earlier;
import io.parkpulse.platform.maturity.readmodel.ParkAssessments.EnterpriseAssessments;
import io.parkpulse.platform.maturity.reports.ParkReport.CommonGap;
import io.parkpulse.platform.maturity.reports.ParkReport.LevelCount;
import io.parkpulse.platform.maturity.reports.ParkReport.Ranked;
import io.parkpulse.platform.maturity.scoring.Assessment;
import io.parkpulse.platform.maturity.scoring.Assessment.Gap;
import io.parkpulse.platform.maturity.scoring.Assessment.Recommendation;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.maturity.scoring.CatalogLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The park view's aggregation on hand-made assessments (catalog test-v0): five enterprises assessed
 * and one never; the expected numbers are worked out here from the inputs.
 */
class ParkViewTest {

  private static final Instant AS_OF = Instant.parse("2026-11-29T02:00:00Z");
  private static final Instant TREND_FROM = AS_OF.minus(Duration.ofDays(30));
  private final Catalog catalog = new CatalogLoader().bundled("test-v0");

  private final List<EnterpriseAssessments> enterprises = new ArrayList<>();

  ParkViewTest() {
    // At the catalog's top level: no gap; was at level 2 with S 2.5 a month ago.
    add("a", 3, 3.1, Optional.empty(), earlier(2, 2.5, "test-v0"));
    add("b", 2, 2.33, gap(3, rec("R3.2", 3, 0.2), rec("R3.3", 3, 0.1), rec("R3.4", 3, 0.1)), null);
    // The same S as b, scored against another catalog a month ago.
    add("c", 2, 2.33, gap(3, rec("R3.2", 3, 0.2), rec("R3.4", 3, 0.05)), earlier(2, 2.5, "old"));
    add(
        "d",
        0,
        0.74,
        gap(1, rec("R1.1", 1, 0.2), rec("R1.2", 1, 0.06)),
        earlier(1, 0.9, "test-v0"));
    add("e", 1, 1.2, gap(2, rec("R2.1", 2, 0.3), rec("R1.1", 1, 0.1)), null);
    enterprises.add(
        new EnterpriseAssessments("f", "Never assessed", Optional.empty(), Optional.empty()));
  }

  private ParkReport report() {
    return ParkView.aggregate(
        catalog,
        new ParkView.ParkInfo("p", "Park P", "Asia/Shanghai"),
        AS_OF,
        TREND_FROM,
        AS_OF.plusSeconds(5),
        enterprises);
  }

  @Test
  void countsTheAssessedEnterprisesPerLevelAndListsTheOthersApart() {
    ParkReport r = report();

    assertThat(r.enterprises()).isEqualTo(6);
    assertThat(r.assessed()).isEqualTo(5);
    // d at 0, e at 1, b and c at 2, a at 3.
    assertThat(r.distribution()).extracting(LevelCount::count).containsExactly(1, 1, 2, 1, 0, 0);
    assertThat(r.distribution()).extracting(LevelCount::level).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(r.distribution().get(2).zh()).isEqualTo("规范级");
    assertThat(r.distribution().get(0).zh()).isEqualTo("未达一级");
    assertThat(r.notAssessed()).extracting(ParkReport.Unassessed::enterprise).containsExactly("f");
  }

  @Test
  void sharesAtLevelTwoOrAboveAreOfTheAssessedEnterprises() {
    ParkReport r = report();

    assertThat(r.atLeastLevel2()).isEqualTo(3); // a, b, c
    assertThat(r.miitDistribution()).extracting(LevelCount::count).containsExactly(2, 2, 1, 0, 0);
    assertThat(r.miitDistribution().get(2).zh()).isEqualTo("二级");
    assertThat(r.miitAtLeastLevel2()).isEqualTo(1); // a
    assertThat(r.shareAtLeastLevel2()).isCloseTo(3.0 / 5, within(1e-9));
  }

  @Test
  void ranksBySWithEqualScoresSharingARank() {
    ParkReport r = report();

    assertThat(r.ranking()).extracting(Ranked::enterprise).containsExactly("a", "b", "c", "e", "d");
    assertThat(r.ranking()).extracting(Ranked::rank).containsExactly(1, 2, 2, 4, 5);
    Ranked b = r.ranking().get(1);
    assertThat(b.mainGap().map(Recommendation::requirement)).contains("R3.2");
    assertThat(b.missing()).isCloseTo(2.8 - 2.33, within(1e-9));
    assertThat(r.ranking().get(0).mainGap()).isEmpty();
    assertThat(r.ranking().get(0).missing()).isZero();
  }

  @Test
  void trendsCompareWithTheEarlierAssessment() {
    ParkReport r = report();
    Ranked a = find(r, "a");
    Ranked b = find(r, "b");
    Ranked c = find(r, "c");
    Ranked d = find(r, "d");

    assertThat(a.trend().orElseThrow().deltaTotal()).isCloseTo(3.1 - 2.5, within(1e-9));
    assertThat(a.trend().orElseThrow().deltaLevel()).isEqualTo(3 - 2);
    assertThat(a.trend().orElseThrow().since()).isEqualTo(TREND_FROM.minusSeconds(3600));
    assertThat(a.trend().orElseThrow().sameCatalog()).isTrue();
    assertThat(b.trend()).isEmpty();
    assertThat(c.trend().orElseThrow().deltaTotal()).isCloseTo(2.33 - 2.5, within(1e-9));
    assertThat(c.trend().orElseThrow().sameCatalog()).isFalse();
    assertThat(d.trend().orElseThrow().deltaLevel()).isEqualTo(0 - 1);
    assertThat(r.trendFrom()).isEqualTo(TREND_FROM);
  }

  @Test
  void commonGapsCountTheEnterprisesForWhichARequirementIsAGapWithTheirAverageGain() {
    ParkReport r = report();

    // R3.2: b 0.2, c 0.2; R1.1: d 0.2, e 0.1; R3.4: b 0.1, c 0.05; then those of one enterprise.
    assertThat(r.commonGaps())
        .extracting(CommonGap::requirement)
        .containsExactly("R3.2", "R1.1", "R3.4", "R2.1", "R3.3", "R1.2");
    assertThat(r.commonGaps()).extracting(CommonGap::enterprises).containsExactly(2, 2, 2, 1, 1, 1);
    assertThat(r.commonGaps().get(0).averageGain()).isCloseTo((0.2 + 0.2) / 2, within(1e-9));
    assertThat(r.commonGaps().get(1).averageGain()).isCloseTo((0.2 + 0.1) / 2, within(1e-9));
    assertThat(r.commonGaps().get(2).averageGain()).isCloseTo((0.1 + 0.05) / 2, within(1e-9));
    CommonGap oee = r.commonGaps().get(0);
    assertThat(oee.level()).isEqualTo(3);
    assertThat(oee.titleZh()).isEqualTo("OEE覆盖率 ≥ 80%");
    assertThat(oee.titleEn()).isEqualTo("OEE coverage ≥ 80%");
    assertThat(oee.recommendationZh()).isEqualTo(requirement("R3.2").recommendation().get("zh"));
    CommonGap plan = r.commonGaps().get(1);
    assertThat(plan.titleZh()).isEqualTo("企业是否制定了数字化转型规划？");
    assertThat(plan.titleEn()).isEqualTo("Does the enterprise have a digital-transformation plan?");
    assertThat(r.commonGaps().get(2).titleEn()).isEqualTo("Integrated systems ≥ 2");
  }

  @Test
  void namesTheCatalogsTheAssessmentsWereScoredAgainst() {
    ParkReport r = report();

    assertThat(r.catalogVersion()).isEqualTo("test-v0");
    assertThat(r.assessedCatalogVersions()).containsExactly("test-v0");
  }

  @Test
  void aParkWithoutAssessmentsHasAnEmptyViewAndNoShare() {
    ParkReport r =
        ParkView.aggregate(
            catalog,
            new ParkView.ParkInfo("p", "Park P", "UTC"),
            AS_OF,
            TREND_FROM,
            AS_OF,
            List.of(new EnterpriseAssessments("x", "X", Optional.empty(), Optional.empty())));

    assertThat(r.assessed()).isZero();
    assertThat(r.shareAtLeastLevel2()).isZero();
    assertThat(r.ranking()).isEmpty();
    assertThat(r.commonGaps()).isEmpty();
    assertThat(r.distribution()).extracting(LevelCount::count).containsOnly(0);
  }

  private Ranked find(ParkReport r, String enterprise) {
    return r.ranking().stream().filter(x -> x.enterprise().equals(enterprise)).findFirst().get();
  }

  private Catalog.Requirement requirement(String id) {
    return catalog.requirements().stream().filter(x -> x.id().equals(id)).findFirst().get();
  }

  private void add(String id, int level, double total, Optional<Gap> gap, Earlier earlier) {
    Assessment a =
        new Assessment(
            id,
            "test-v0",
            List.of(),
            List.of(),
            total,
            level,
            gap.map(
                g ->
                    new Gap(
                        g.nextLevel(),
                        g.nextLevel() - 0.2,
                        g.nextLevel() - 0.2 - total,
                        g.levelsBelowThreshold(),
                        g.ranked())),
            // The MIIT level one below the GB/T level: a 2, b and c 1, d and e 0.
            new MiitEstimate(
                0.5,
                MiitEstimate.networkingPoints(0.5),
                List.of(),
                4.5,
                List.of(),
                Math.max(0, level - 1),
                4.5,
                Math.max(0, level - 1),
                List.of(),
                List.of()));
    enterprises.add(
        new EnterpriseAssessments(
            id,
            "Enterprise " + id,
            Optional.of(new Stored(enterprises.size() + 1, "p", AS_OF.minusSeconds(60), a)),
            Optional.ofNullable(earlier)));
  }

  private static Optional<Gap> gap(int next, Recommendation... ranked) {
    return Optional.of(new Gap(next, 0, 0, List.of(), List.of(ranked)));
  }

  private Recommendation rec(String requirement, int level, double gain) {
    Catalog.Requirement r = requirement(requirement);
    return new Recommendation(
        requirement, level, gain, r.recommendation().get("zh"), r.recommendation().get("en"));
  }

  private static Earlier earlier(int level, double total, String catalogVersion) {
    return new Earlier(TREND_FROM.minusSeconds(3600), level, total, catalogVersion);
  }
}
