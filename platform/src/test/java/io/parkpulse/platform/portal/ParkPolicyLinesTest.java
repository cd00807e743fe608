package io.parkpulse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.mu.MuService.EnergyView;
import io.parkpulse.platform.mu.MuService.InputView;
import io.parkpulse.platform.mu.MuService.Ranking;
import io.parkpulse.platform.mu.ranking.MuResult;
import io.parkpulse.platform.mu.ranking.MuSettings;
import io.parkpulse.platform.policy.PolicyService.KpiView;
import io.parkpulse.platform.portal.PolicyPages.KpiLine;
import io.parkpulse.platform.portal.Texts.Lang;
import java.time.Year;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lines of the 亩均 ranking and the policy sheet as the pages write them. */
class ParkPolicyLinesTest {

  private static final Texts TEXTS = Texts.load();

  @Test
  void aRankedLineJoinsTheInputsAndTheEnergyOfItsEnterprise() {
    Ranking r =
        new Ranking(
            "p",
            2026,
            3,
            MuSettings.defaults(),
            List.of(
                new MuResult("a", "Alpha", 10.0, 100.0, 2.0, 123.456, 1, "A", List.of()),
                new MuResult(
                    "b",
                    "Beta",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of("land area", "energy"))),
            List.of(new InputView("a", 2026, 12.5, 125.0, 1250.0, "op", null)),
            List.of(new EnergyView("a", 62.5, 3, 0.97)));

    List<MuPages.MuLine> en = MuPages.MuLine.of(page(Lang.EN), r);

    assertThat(en.get(0))
        .isEqualTo(
            new MuPages.MuLine(
                "a", "Alpha", 1, "A", "12.5", "125.0", "1,250.0", "62.50", "10.00", "100.00",
                "2.00", "123.46", List.of()));
    assertThat(en.get(0).classified()).isTrue();
    assertThat(en.get(1).classified()).isFalse();
    assertThat(en.get(1).land()).isEqualTo("–");
    assertThat(en.get(1).missing()).containsExactly("land area", "energy");
    assertThat(MuPages.MuLine.of(page(Lang.ZH), r).get(1).missing()).containsExactly("用地面积", "能耗");
  }

  @Test
  void theYearPickerOffersThisYearAndTheFiveBeforeAndTheOneAskedFor() {
    int now = Year.now(Page.DEFAULT_ZONE).getValue();

    assertThat(MuPages.years(now))
        .containsExactly(now, now - 1, now - 2, now - 3, now - 4, now - 5);
    assertThat(MuPages.years(2001)).hasSize(7).endsWith(2001);
    assertThat(MuPages.year("nonsense")).isEqualTo(now);
    assertThat(MuPages.year(" 2024 ")).isEqualTo(2024);
  }

  @Test
  void aComputedKpiShowsItsShareAndItsCount() {
    KpiLine line = KpiLine.of(page(Lang.EN), kpi("data", "share", 0.5, 2, 4, null, "reported"));

    assertThat(line.value()).isEqualTo("50%");
    assertThat(line.counted()).isEqualTo("2 / 4");
    assertThat(line.target()).isEqualTo("–");
    assertThat(line.declared()).isFalse();
  }

  @Test
  void aDeclaredKpiShowsItsValueAndTheFormTakesItBack() {
    KpiLine share =
        KpiLine.of(page(Lang.EN), kpi("declared", "share", 0.875, null, null, 1.0, "pending"));
    assertThat(share.value()).isEqualTo("88%");
    assertThat(share.formValue()).isEqualTo("87.5");
    assertThat(share.target()).isEqualTo("100%");
    assertThat(share.counted()).isEmpty();
    assertThat(share.declared()).isTrue();

    KpiLine yes = KpiLine.of(page(Lang.ZH), kpi("declared", "yes-no", 1.0, null, null, 1.0, "met"));
    assertThat(yes.value()).isEqualTo("是");
    assertThat(yes.formValue()).isEqualTo("1");
    assertThat(yes.yesNo()).isTrue();

    KpiLine none =
        KpiLine.of(page(Lang.EN), kpi("declared", "share", null, null, null, 1.0, "missing"));
    assertThat(none.value()).isEqualTo("–");
    assertThat(none.formValue()).isEmpty();
  }

  private static KpiView kpi(
      String basis,
      String unit,
      Double value,
      Integer count,
      Integer of,
      Double target,
      String status) {
    return new KpiView(
        "k", "指标", "KPI", basis, unit, value, count, of, target, "source", status, null, null, null,
        null, null, null, null);
  }

  private static Page page(Lang lang) {
    return new Page(TEXTS, lang, null, "/portal/mu", ZoneId.of("Asia/Shanghai"), Map.of(), "");
  }
}
