package io.parkpulse.platform.mu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.parkpulse.platform.energy.ParkEnergySettings;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.YearEnergy;
import io.parkpulse.platform.mu.MuService.EnergyView;
import io.parkpulse.platform.mu.MuService.Ranking;
import io.parkpulse.platform.mu.ranking.MuResult;
import io.parkpulse.platform.mu.ranking.MuSettings;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the service joins the operator's inputs with the year's energy before ranking. */
class MuServiceTest {

  private static final Map<String, String> NAMES = names();

  @Test
  void theRankingCarriesEachEnterprisesEnergyAndCountsTheMonthsSoFar() {
    Ranking r =
        MuService.rank(
            "p",
            2026,
            YearMonth.of(2026, 3),
            MuSettings.defaults(),
            List.of(row("a", 10.0, 100.0, 1000.0), row("b", 20.0, 100.0, 1000.0)),
            Map.of(
                "a", new YearEnergy("a", 2026, 50.0, 3, 0.95),
                "b", new YearEnergy("b", 2026, 80.0, 3, 0.9),
                "c", new YearEnergy("c", 2026, 0.0, 1, 0.2)),
            NAMES);

    assertThat(r.energyMonths()).isEqualTo(3);
    assertThat(r.energy())
        .extracting(EnergyView::enterprise, EnergyView::tce, EnergyView::months)
        .containsExactly(tuple("a", 50.0, 3), tuple("b", 80.0, 3), tuple("c", 0.0, 1));
    assertThat(r.results())
        .extracting(MuResult::enterprise, MuResult::grade, MuResult::missing)
        .containsExactly(
            tuple("a", "B", List.of()),
            tuple("b", "C", List.of()),
            tuple("c", null, List.of("land area", "tax", "sales", "energy")));
  }

  @Test
  void aPastYearCountsTwelveMonthsAndAFutureOneNone() {
    assertThat(rank(2025, YearMonth.of(2026, 3)).energyMonths()).isEqualTo(12);
    assertThat(rank(2027, YearMonth.of(2026, 3)).energyMonths()).isZero();
  }

  @Test
  void theCsvHasTheEnergyOfEachEnterprise() {
    Ranking r =
        MuService.rank(
            "p",
            2026,
            YearMonth.of(2026, 3),
            MuSettings.defaults(),
            List.of(row("a", 10.0, 100.0, 1000.0)),
            Map.of("a", new YearEnergy("a", 2026, 50.5, 3, 0.95)),
            NAMES);

    String csv = new String(MuService.csv(r), StandardCharsets.UTF_8);

    assertThat(csv.lines())
        .anySatisfy(l -> assertThat(l).startsWith("a,Alpha,10,100,1000,50.5,10,100,"));
    assertThat(csv.lines()).anySatisfy(l -> assertThat(l).startsWith("c,Gamma,,,,,"));
  }

  @Test
  void aNameWithACommaStaysInItsCell() {
    Ranking r =
        MuService.rank(
            "p",
            2026,
            YearMonth.of(2026, 3),
            MuSettings.defaults(),
            List.of(),
            Map.of(),
            Map.of("x", "Acme, Ltd"));

    String csv = new String(MuService.csv(r), StandardCharsets.UTF_8);

    assertThat(csv.lines()).anySatisfy(l -> assertThat(l).startsWith("x,\"Acme, Ltd\","));
  }

  @Test
  void aParkThatSetsOnlyTheShareOfDKeepsTheOtherDefaults() {
    ParkEnergySettings row = new ParkEnergySettings();
    row.muShareD = 0.1;

    MuSettings s = MuService.muSettings(row);

    assertThat(s.shareD()).isEqualTo(0.1);
    assertThat(s.shareA()).isEqualTo(MuSettings.defaults().shareA());
    assertThat(s.taxPerMuWeight()).isEqualTo(MuSettings.defaults().taxPerMuWeight());
  }

  private static Ranking rank(int year, YearMonth through) {
    return MuService.rank("p", year, through, MuSettings.defaults(), List.of(), Map.of(), NAMES);
  }

  private static MuInputRow row(String enterprise, Double land, Double tax, Double sales) {
    MuInputRow r = new MuInputRow();
    r.enterpriseId = enterprise;
    r.year = 2026;
    r.landMu = land;
    r.tax10kYuan = tax;
    r.sales10kYuan = sales;
    return r;
  }

  private static Map<String, String> names() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("a", "Alpha");
    names.put("b", "Beta");
    names.put("c", "Gamma");
    return names;
  }
}
