package io.parkpulse.platform.mu.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 亩均 ranking of a park, worked by hand, and the settings it refuses. */
class MuRankingTest {

  /**
   * 20 enterprises: land 亩, tax and sales 10k yuan, tce. e07, e13 and e18 lack inputs, so 17 are
   * classified, with Σland 500, Σtax 5,000, Σsales 50,000 and Σtce 10,000: the benchmarks are 10
   * tax/亩, 100 sales/亩 and 0.5 tax/tce.
   */
  private static final List<MuInput> PARK =
      List.of(
          in("e01", 10.0, 250.0, 1500.0, 400.0),
          in("e02", 20.0, 240.0, 2300.0, 500.0),
          in("e03", 25.0, 300.0, 3000.0, 500.0),
          in("e04", 25.0, 300.0, 3000.0, 500.0),
          in("e05", 30.0, 330.0, 3300.0, 600.0),
          in("e06", 40.0, 400.0, 4000.0, 800.0),
          in("e07", null, 100.0, 1000.0, 200.0),
          in("e08", 30.0, 270.0, 3000.0, 600.0),
          in("e09", 25.0, 1046.0, 5900.0, 500.0),
          in("e10", 40.0, 320.0, 4400.0, 800.0),
          in("e11", 20.0, 180.0, 1600.0, 400.0),
          in("e12", 30.0, 240.0, 2400.0, 600.0),
          in("e13", 10.0, 100.0, 900.0, 0.0),
          in("e14", 40.0, 300.0, 3200.0, 700.0),
          in("e15", 20.0, 149.0, 1600.0, 400.0),
          in("e16", 30.0, 180.0, 2400.0, 600.0),
          in("e17", 35.0, 175.0, 2800.0, 500.0),
          in("e18", 20.0, null, null, 300.0),
          in("e19", 40.0, 160.0, 2800.0, 800.0),
          in("e20", 40.0, 160.0, 2800.0, 800.0));

  /**
   * Each row: id, tax/亩, sales/亩, tax/tce, score, rank, grade. The score is 45 × min(tax/亩 ÷ 10, 2)
   * + 35 × min(sales/亩 ÷ 100, 2) + 20 × min(tax/tce ÷ 0.5, 2). n = 17: nA = round(3.4) = 3, nB =
   * round(8.5) = 9, nD = round(0.85) = 1, so A is rank ≤ 3, B rank ≤ 12, D rank 17.
   */
  private static final Object[][] EXPECTED = {
    // 41.84, 236, 2.092: all three capped at 2 → 90 + 70 + 40
    {"e09", 41.84, 236.0, 2.092, 200.00, 1, "A"},
    // 25 capped at 2 → 90; 150/100 × 35 = 52.5; 0.625/0.5 × 20 = 25
    {"e01", 25.0, 150.0, 0.625, 167.50, 2, "A"},
    // 1.2 × 45 + 1.2 × 35 + 1.2 × 20 = 120, twice: a tie across the A/B line, both A
    {"e03", 12.0, 120.0, 0.6, 120.00, 3, "A"},
    {"e04", 12.0, 120.0, 0.6, 120.00, 3, "A"},
    // 54 + 1.15 × 35 = 40.25 + 0.96 × 20 = 19.2 → 113.45
    {"e02", 12.0, 115.0, 0.48, 113.45, 5, "B"},
    {"e05", 11.0, 110.0, 0.55, 110.00, 6, "B"},
    {"e06", 10.0, 100.0, 0.5, 100.00, 7, "B"},
    // 40.5 + 35 + 18
    {"e08", 9.0, 100.0, 0.45, 93.50, 8, "B"},
    // 36 + 38.5 + 16
    {"e10", 8.0, 110.0, 0.4, 90.50, 9, "B"},
    // 40.5 + 28 + 18
    {"e11", 9.0, 80.0, 0.45, 86.50, 10, "B"},
    {"e12", 8.0, 80.0, 0.4, 80.00, 11, "B"},
    // 33.75 + 28 + (3/7)/0.5 × 20 = 17.142857… → 78.892857… → 78.89
    {"e14", 7.5, 80.0, 300.0 / 700.0, 78.89, 12, "B"},
    // 0.745 × 45 = 33.525 + 28 + 0.745 × 20 = 14.9 → 76.425, half-up → 76.43
    {"e15", 7.45, 80.0, 0.3725, 76.43, 13, "C"},
    // 27 + 28 + 12
    {"e16", 6.0, 80.0, 0.3, 67.00, 14, "C"},
    // 22.5 + 28 + 14
    {"e17", 5.0, 80.0, 0.35, 64.50, 15, "C"},
    // 18 + 24.5 + 8 = 50.5, twice at places 16 and 17: both rank 16, and 16 > 17 − 1 is false,
    // so the tie that reaches the D place is C
    {"e19", 4.0, 70.0, 0.2, 50.50, 16, "C"},
    {"e20", 4.0, 70.0, 0.2, 50.50, 16, "C"},
  };

  @Test
  void ranksAndGradesAParkAsWorkedByHand() {
    List<MuResult> results = MuRanking.rank(PARK, MuSettings.defaults());

    assertThat(results).hasSize(20);
    for (int i = 0; i < EXPECTED.length; i++) {
      Object[] row = EXPECTED[i];
      MuResult r = results.get(i);
      assertThat(r.enterprise()).as("place %d", i + 1).isEqualTo(row[0]);
      assertThat(r.name()).isEqualTo("Name " + row[0]);
      assertThat(r.taxPerMu()).as("%s tax/亩", row[0]).isCloseTo((double) row[1], within(1e-9));
      assertThat(r.salesPerMu()).as("%s sales/亩", row[0]).isCloseTo((double) row[2], within(1e-9));
      assertThat(r.taxPerTce()).as("%s tax/tce", row[0]).isCloseTo((double) row[3], within(1e-9));
      assertThat(r.score()).as("%s score", row[0]).isEqualTo((double) row[4]);
      assertThat(r.rank()).as("%s rank", row[0]).isEqualTo(row[5]);
      assertThat(r.grade()).as("%s grade", row[0]).isEqualTo(row[6]);
      assertThat(r.missing()).isEmpty();
      assertThat(r.classified()).isTrue();
    }
    assertThat(results.subList(17, 20))
        .extracting(MuResult::enterprise, MuResult::missing)
        .containsExactly(
            tuple("e07", List.of("land area")),
            tuple("e13", List.of("energy")),
            tuple("e18", List.of("tax", "sales")));
    assertThat(results.subList(17, 20))
        .allSatisfy(
            r -> {
              assertThat(r.score()).isNull();
              assertThat(r.rank()).isNull();
              assertThat(r.grade()).isNull();
              assertThat(r.taxPerMu()).isNull();
            });
  }

  @Test
  void theLastPlaceAloneIsGradedD() {
    // Without e19, e20 is alone at the bottom: n = 16, nD = round(0.8) = 1, rank 16 > 16 − 1.
    List<MuInput> park = new ArrayList<>(PARK);
    park.removeIf(i -> i.enterprise().equals("e19"));

    List<MuResult> results = MuRanking.rank(park, MuSettings.defaults());

    MuResult last = results.get(15);
    assertThat(last.enterprise()).isEqualTo("e20");
    assertThat(last.rank()).isEqualTo(16);
    assertThat(last.grade()).isEqualTo("D");
    assertThat(results.stream().filter(r -> "D".equals(r.grade()))).hasSize(1);
  }

  @Test
  void zeroTaxAndSalesAreFiguresButNegativeOrMissingOnesAreNot() {
    List<MuResult> results =
        MuRanking.rank(
            List.of(
                in("a", 10.0, 100.0, 1000.0, 200.0),
                in("b", 10.0, 0.0, 0.0, 200.0),
                in("c", 0.0, -1.0, 10.0, null)),
            MuSettings.defaults());

    // Benchmarks 5 tax/亩, 50 sales/亩, 0.25 tax/tce: a is at 2× on all three, b at 0.
    assertThat(results)
        .extracting(MuResult::enterprise, MuResult::score, MuResult::rank)
        .containsExactly(tuple("a", 200.0, 1), tuple("b", 0.0, 2), tuple("c", null, null));
    assertThat(results.get(2).missing()).containsExactly("land area", "tax", "energy");
  }

  @Test
  void aParkWithoutOneCompleteEnterpriseRanksNobody() {
    List<MuResult> results =
        MuRanking.rank(
            List.of(in("y", null, 1.0, 1.0, 1.0), in("x", 5.0, 1.0, 1.0, 0.0)),
            MuSettings.defaults());

    assertThat(results).extracting(MuResult::enterprise).containsExactly("x", "y");
    assertThat(results).allSatisfy(r -> assertThat(r.classified()).isFalse());
    assertThat(MuRanking.rank(List.of(), MuSettings.defaults())).isEmpty();
  }

  @Test
  void refusesSettingsThatCannotRank() {
    assertThatThrownBy(() -> settings(0.5, 0.35, 0.2, 0.2, 0.5, 0.05, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weights must add up to 1");
    assertThatThrownBy(() -> settings(-0.1, 0.9, 0.2, 0.2, 0.5, 0.05, 2))
        .hasMessageContaining("taxPerMuWeight must be a number of at least 0");
    assertThatThrownBy(() -> settings(0.45, 0.35, 0.2, 1.2, 0, 0, 2))
        .hasMessageContaining("shareA must be from 0 to 1");
    assertThatThrownBy(() -> settings(0.45, 0.35, 0.2, 0.3, 0.6, 0.2, 2))
        .hasMessageContaining("shareA + shareB + shareD must be at most 1");
    assertThatThrownBy(() -> settings(0.45, 0.35, 0.2, 0.2, 0.5, Double.NaN, 2))
        .hasMessageContaining("shareD must be from 0 to 1");
    assertThatThrownBy(() -> settings(0.45, 0.35, 0.2, 0.2, 0.5, 0.05, 0.9))
        .hasMessageContaining("cap must be a number of at least 1");
    // Decimal weights that add up to 1 only up to binary noise are fine.
    assertThat(settings(0.1, 0.7, 0.2, 0.2, 0.5, 0.3, 1).cap()).isEqualTo(1);
  }

  @Test
  void defaultsAreHuaiansWithParkPulsesBShareAndCap() {
    MuSettings d = MuSettings.defaults();
    assertThat(List.of(d.taxPerMuWeight(), d.salesPerMuWeight(), d.taxPerTceWeight()))
        .containsExactly(0.45, 0.35, 0.20);
    assertThat(List.of(d.shareA(), d.shareB(), d.shareD(), d.cap()))
        .containsExactly(0.20, 0.50, 0.05, 2.0);
    assertThat(d.source()).contains("Huai'an").contains("ParkPulse defaults");
  }

  private static MuSettings settings(
      double w1, double w2, double w3, double a, double b, double d, double cap) {
    return new MuSettings(w1, w2, w3, a, b, d, cap, "test");
  }

  private static MuInput in(String id, Double land, Double tax, Double sales, Double tce) {
    return new MuInput(id, "Name " + id, land, tax, sales, tce);
  }
}
