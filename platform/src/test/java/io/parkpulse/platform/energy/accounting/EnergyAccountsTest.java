package io.parkpulse.platform.energy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.platform.energy.accounting.Factor.Kind;
import io.parkpulse.platform.energy.accounting.Quality.Flag;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Energy, carbon and data quality on inputs whose answers are worked out by hand in the comments,
 * with the shipped national factors: electricity 0.1229 kgce/kWh and 0.5306 kgCO2/kWh, natural gas
 * 1.2143 kgce/m3 and 2.1622 kgCO2/m3, steam 91.894 kgce/t and 296.2586 kgCO2/t, coal 714.3 kgce/t
 * and 1,866.5366 kgCO2/t.
 */
class EnergyAccountsTest {

  private static final double EPS = 1e-9;
  private static final String KWH = "energy.active_kwh";
  private static final String GEN = "energy.generated_kwh";
  private static final LocalDate MARCH_5 = LocalDate.of(2026, 3, 5);
  private static final YearMonth MARCH = YearMonth.of(2026, 3);
  private static final FactorTable NATIONAL = new FactorTable(DefaultFactors.national());

  private static MeterDay meter(
      String device, LocalDate day, int slots, Double counter, double interval) {
    return new MeterDay("e1", device, KWH, Carrier.ELECTRICITY, day, slots, 96, counter, interval);
  }

  private static MeterDay pv(String device, LocalDate day, double kwh) {
    return new MeterDay("e1", device, GEN, Carrier.PV, day, 96, 96, kwh, kwh);
  }

  private static Declared declared(Carrier carrier, double quantity) {
    return new Declared("e1", MARCH, carrier, quantity, "invoice");
  }

  private static Figures figures(
      List<MeterDay> days, List<Declared> declared, Double good, FactorTable table) {
    return EnergyAccounts.figures(
        "e1", "2026-03", "p1", "Jiangsu", days, declared, good, table, MARCH.atDay(1), 0.20);
  }

  private static FactorUse use(long id) {
    return FactorUse.of(DefaultFactors.national().get((int) id - 1));
  }

  @Test
  void aDayOfThreeMetersOneOfThemOnly85PercentComplete() {
    List<MeterDay> days =
        List.of(
            meter("m1", MARCH_5, 96, 1200.0, 1190),
            meter("m2", MARCH_5, 82, 800.0, 784),
            meter("m3", MARCH_5, 96, 500.0, 500));

    Figures f =
        EnergyAccounts.figures(
            "e1", "2026-03-05", "p1", "Jiangsu", days, List.of(), 5000.0, NATIONAL, MARCH_5, 0.20);

    // 1,200 + 800 + 500 = 2,500 kWh, of which m2's 800 kWh from 82 of 96 slots (85.4% < 90%).
    assertThat(f.electricityKwh()).isCloseTo(2500, within(EPS));
    assertThat(f.unmonitoredKwh()).isCloseTo(800, within(EPS));
    assertThat(f.gridKwh()).isCloseTo(2500, within(EPS));
    Quality q = f.quality();
    assertThat(q.meters()).isEqualTo(3);
    assertThat(q.meterDays()).isEqualTo(3);
    assertThat(q.monitoredMeterDays()).isEqualTo(2);
    // (96 + 82 + 96) / (3 x 96) = 274 / 288 = 0.951389
    assertThat(q.completeness()).isCloseTo(274.0 / 288, within(EPS));
    assertThat(q.unmonitoredKwh()).isCloseTo(800, within(EPS));
    assertThat(q.metersWithoutData()).isEmpty();
    // m1's gap is 10/1,200 = 0.8%, m2's 16/800 = 2%: neither is over 5%.
    assertThat(q.flags())
        .containsExactly(
            new Flag("m2", KWH, MARCH_5, "monitored 85.4% of 15-minute values (< 90%)"));
    // 2,500 kWh x 0.1229 = 307.25 kgce = 0.30725 tce; x 0.5306 = 1,326.5 kg = 1.3265 t
    assertThat(f.totalTce()).isCloseTo(0.30725, within(EPS));
    assertThat(f.tco2()).isCloseTo(1.3265, within(EPS));
    assertThat(f.co2PerTce()).isCloseTo(1.3265 / 0.30725, within(EPS));
    assertThat(f.meetsCore()).isFalse();
    assertThat(f.cleanShare()).isCloseTo(0, within(EPS));
    // 2,500 kWh / 5,000 good = 0.5 kWh; 0.30725 tce / 5,000 x 10,000 = 0.6145 tce
    assertThat(f.kwhPerGood()).isCloseTo(0.5, within(EPS));
    assertThat(f.tcePer10kGood()).isCloseTo(0.6145, within(EPS));
    assertThat(f.factors()).containsExactly(use(1), use(2));
  }

  @Test
  void aMonthWithPvOnSiteAndGreenPowerBoughtMeetsTheCoreIndicator() {
    LocalDate d1 = MARCH.atDay(1);
    LocalDate d2 = MARCH.atDay(2);
    List<MeterDay> days =
        List.of(
            meter("main", d1, 96, 50_000.0, 50_000),
            meter("main", d2, 96, 50_000.0, 50_000),
            pv("roof", d1, 10_000),
            pv("roof", d2, 10_000));
    double threshold = CoreThreshold.ZERO_CARBON_PARK.applies(150_000);

    Figures f =
        EnergyAccounts.figures(
            "e1",
            "2026-03",
            "p1",
            "Jiangsu",
            days,
            List.of(declared(Carrier.GREEN_POWER, 78_000)),
            null,
            NATIONAL,
            MARCH.atDay(1),
            threshold);

    // grid = 100,000 - 20,000 = 80,000 kWh; green = min(78,000, 80,000) = 78,000 kWh
    assertThat(f.electricityKwh()).isCloseTo(100_000, within(EPS));
    assertThat(f.pvKwh()).isCloseTo(20_000, within(EPS));
    assertThat(f.gridKwh()).isCloseTo(80_000, within(EPS));
    assertThat(f.greenKwh()).isCloseTo(78_000, within(EPS));
    assertThat(f.quantity())
        .isEqualTo(
            Map.of(
                Carrier.ELECTRICITY,
                100_000.0,
                Carrier.PV,
                20_000.0,
                Carrier.GREEN_POWER,
                78_000.0));
    assertThat(f.quantity().keySet())
        .containsExactly(Carrier.ELECTRICITY, Carrier.PV, Carrier.GREEN_POWER);
    // 100,000 kWh x 0.1229 = 12,290 kgce = 12.29 tce
    assertThat(f.tce()).containsOnlyKeys(Carrier.ELECTRICITY);
    assertThat(f.totalTce()).isCloseTo(12.29, within(EPS));
    // (80,000 - 78,000) kWh x 0.5306 = 1,061.2 kg = 1.0612 t
    assertThat(f.tco2()).isCloseTo(1.0612, within(EPS));
    // (20,000 + 78,000) x 0.1229 / 1000 = 12.0442 tce of 12.29 = 98%
    assertThat(f.cleanShare()).isCloseTo(0.98, within(EPS));
    // 1.0612 / 12.29 = 0.086347 tCO2/tce <= 0.20
    assertThat(f.co2PerTce()).isCloseTo(1.0612 / 12.29, within(EPS));
    assertThat(f.threshold()).isEqualTo(0.20);
    assertThat(f.meetsCore()).isTrue();
    assertThat(f.goodUnits()).isNull();
    assertThat(f.kwhPerGood()).isNull();
    assertThat(f.tcePer10kGood()).isNull();
    assertThat(f.quality().flags()).isEmpty();
    assertThat(f.quality().meters()).isEqualTo(2);
    assertThat(f.quality().completeness()).isCloseTo(1, within(EPS));
  }

  @Test
  void gasSteamAndCoalDeclarationsAddTheirTceAndCo2() {
    List<MeterDay> days = List.of(meter("m1", MARCH_5, 96, 1000.0, 1000));
    List<Declared> declared =
        List.of(
            declared(Carrier.NATURAL_GAS, 6_000),
            declared(Carrier.NATURAL_GAS, 4_000),
            declared(Carrier.STEAM, 200),
            declared(Carrier.COAL, 2));

    Figures f = figures(days, declared, null, NATIONAL);

    assertThat(f.quantity().get(Carrier.NATURAL_GAS)).isCloseTo(10_000, within(EPS));
    // electricity 1,000 kWh x 0.1229 = 122.9 kgce = 0.1229 tce
    assertThat(f.tce().get(Carrier.ELECTRICITY)).isCloseTo(0.1229, within(EPS));
    // gas 10,000 m3 x 1.2143 = 12,143 kgce = 12.143 tce
    assertThat(f.tce().get(Carrier.NATURAL_GAS)).isCloseTo(12.143, within(EPS));
    // steam 200 t x 91.894 = 18,378.8 kgce = 18.3788 tce
    assertThat(f.tce().get(Carrier.STEAM)).isCloseTo(18.3788, within(EPS));
    // coal 2 t x 714.3 = 1,428.6 kgce = 1.4286 tce
    assertThat(f.tce().get(Carrier.COAL)).isCloseTo(1.4286, within(EPS));
    // 0.1229 + 12.143 + 18.3788 + 1.4286 = 32.0733 tce
    assertThat(f.totalTce()).isCloseTo(32.0733, within(EPS));
    // 1,000 x 0.5306 = 530.6 kg; 10,000 x 2.1622 = 21,622 kg; 200 x 296.2586 = 59,251.72 kg;
    // 2 x 1,866.5366 = 3,733.0732 kg: 85,137.3932 kg = 85.1373932 t
    assertThat(f.tco2()).isCloseTo(85.1373932, within(EPS));
    assertThat(f.co2PerTce()).isCloseTo(85.1373932 / 32.0733, within(EPS));
    assertThat(f.cleanShare()).isCloseTo(0, within(EPS));
    assertThat(f.factors())
        .containsExactly(use(1), use(2), use(3), use(4), use(5), use(6), use(7), use(8));
  }

  @Test
  void aFactorChangedMidYearAppliesFromItsMonthAndTheYearIsTheSumOfMonths() {
    Factor national =
        new Factor(
            10,
            Kind.CO2,
            Carrier.ELECTRICITY,
            null,
            null,
            LocalDate.of(2026, 1, 1),
            0.5306,
            "kgCO2/kWh",
            "national");
    Factor jiangsu =
        new Factor(
            11,
            Kind.CO2,
            Carrier.ELECTRICITY,
            null,
            "Jiangsu",
            LocalDate.of(2026, 7, 1),
            0.5,
            "kgCO2/kWh",
            "provincial, illustrative");
    FactorTable table =
        new FactorTable(List.of(DefaultFactors.national().get(0), national, jiangsu));
    List<Figures> months = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      YearMonth month = YearMonth.of(2026, m);
      // 1,000 kWh x the month's number: 1,000 in January ... 12,000 in December
      List<MeterDay> days = List.of(meter("m1", month.atDay(15), 96, 1000.0 * m, 1000.0 * m));
      Figures f =
          EnergyAccounts.figures(
              "e1",
              month.toString(),
              "p1",
              "Jiangsu",
              days,
              List.of(),
              null,
              table,
              month.atDay(1),
              0.20);
      long co2Factor =
          f.factors().stream()
              .filter(u -> u.kind() == Kind.CO2)
              .findFirst()
              .orElseThrow()
              .factorId();
      assertThat(co2Factor).as(month.toString()).isEqualTo(m <= 6 ? 10 : 11);
      assertThat(f.tco2()).isCloseTo(1000.0 * m * (m <= 6 ? 0.5306 : 0.5) / 1000, within(EPS));
      months.add(f);
    }

    Figures year = EnergyAccounts.sum("e1", "2026", months, 0.20);

    // Jan-Jun: (1+2+...+6) x 1,000 = 21,000 kWh x 0.5306 = 11,142.6 kg
    // Jul-Dec: (7+8+...+12) x 1,000 = 57,000 kWh x 0.5 = 28,500 kg; year 39,642.6 kg = 39.6426 t
    assertThat(year.tco2()).isCloseTo(39.6426, within(EPS));
    assertThat(year.electricityKwh()).isCloseTo(78_000, within(EPS));
    // 78,000 kWh x 0.1229 = 9,586.2 kgce = 9.5862 tce
    assertThat(year.totalTce()).isCloseTo(9.5862, within(EPS));
    assertThat(year.tce()).containsOnlyKeys(Carrier.ELECTRICITY);
    assertThat(year.tce().get(Carrier.ELECTRICITY)).isCloseTo(9.5862, within(EPS));
    assertThat(year.co2PerTce()).isCloseTo(39.6426 / 9.5862, within(EPS));
    assertThat(year.meetsCore()).isFalse();
    assertThat(year.factors())
        .containsExactly(
            FactorUse.of(DefaultFactors.national().get(0)),
            FactorUse.of(national),
            FactorUse.of(jiangsu));
    assertThat(year.quality().meterDays()).isEqualTo(12);
    assertThat(year.quality().completeness()).isCloseTo(1, within(EPS));
  }

  @Test
  void aReconciliationGapOver5PercentIsFlaggedAndOneOf5PercentIsNot() {
    MeterDay over = meter("a", MARCH_5, 96, 1000.0, 940);
    MeterDay at = meter("b", MARCH_5, 96, 1000.0, 950);
    // (1,000 - 940) / 1,000 = 6%; (1,000 - 950) / 1,000 = 5%
    assertThat(over.reconciliationGap()).isCloseTo(0.06, within(EPS));
    assertThat(over.gapFlagged()).isTrue();
    assertThat(at.reconciliationGap()).isCloseTo(0.05, within(EPS));
    assertThat(at.gapFlagged()).isFalse();
    assertThat(meter("c", MARCH_5, 0, null, 0).reconciliationGap()).isZero();

    Figures f = figures(List.of(over, at), List.of(), null, NATIONAL);

    assertThat(f.quality().flags())
        .containsExactly(
            new Flag(
                "a",
                KWH,
                MARCH_5,
                "interval values add up to 940 kWh, the register to 1000 kWh: gap 6.0% (> 5%)"));
    assertThat(f.quality().monitoredMeterDays()).isEqualTo(2);
  }

  @Test
  void aMeterWithoutReadingsIsListedAndItsDaysFlaggedNotShownAsZero() {
    LocalDate d1 = MARCH.atDay(1);
    LocalDate d2 = MARCH.atDay(2);
    List<MeterDay> days =
        List.of(
            meter("m1", d1, 96, 100.0, 100),
            meter("m2", d1, 0, null, 0),
            meter("m3", d1, 0, null, 0),
            meter("m1", d2, 96, 100.0, 100),
            // m2 is back: the register spans both days, the 15-minute values only today's 10 kWh
            meter("m2", d2, 96, 260.0, 10),
            meter("m3", d2, 0, null, 0));

    Figures f = figures(days, List.of(), null, NATIONAL);

    // 100 + 100 + 260 = 460 kWh; m3 has none and says so.
    assertThat(f.electricityKwh()).isCloseTo(460, within(EPS));
    Quality q = f.quality();
    assertThat(q.metersWithoutData()).containsExactly("m3/" + KWH);
    assertThat(q.meters()).isEqualTo(3);
    assertThat(q.meterDays()).isEqualTo(6);
    assertThat(q.monitoredMeterDays()).isEqualTo(3);
    // (96 + 0 + 0 + 96 + 96 + 0) / (6 x 96) = 288 / 576 = 0.5
    assertThat(q.completeness()).isCloseTo(0.5, within(EPS));
    // the days without readings hold no kWh, so nothing is counted unmonitored
    assertThat(q.unmonitoredKwh()).isZero();
    String none = "no reading on this day: its consumption counts on the day readings return";
    // (260 - 10) / 260 = 96.2%
    assertThat(q.flags())
        .containsExactly(
            new Flag("m2", KWH, d1, none),
            new Flag("m3", KWH, d1, none),
            new Flag(
                "m2",
                KWH,
                d2,
                "interval values add up to 10 kWh, the register to 260 kWh: gap 96.2% (> 5%)"),
            new Flag("m3", KWH, d2, none));
  }

  @Test
  void greenPowerDeclaredBeyondGridElectricityIsCappedAndFlagged() {
    List<MeterDay> days =
        List.of(meter("main", MARCH_5, 96, 1000.0, 1000), pv("roof", MARCH_5, 200));

    Figures f = figures(days, List.of(declared(Carrier.GREEN_POWER, 1500)), null, NATIONAL);

    // grid = 1,000 - 200 = 800 kWh; green = min(1,500, 800) = 800 kWh; nothing left to emit
    assertThat(f.gridKwh()).isCloseTo(800, within(EPS));
    assertThat(f.greenKwh()).isCloseTo(800, within(EPS));
    assertThat(f.quantity().get(Carrier.GREEN_POWER)).isCloseTo(800, within(EPS));
    assertThat(f.tco2()).isZero();
    // (200 + 800) x 0.1229 / 1000 = 0.1229 tce of 0.1229: all clean
    assertThat(f.cleanShare()).isCloseTo(1, within(EPS));
    assertThat(f.co2PerTce()).isZero();
    assertThat(f.meetsCore()).isTrue();
    assertThat(f.quality().flags())
        .containsExactly(
            new Flag(
                null,
                null,
                MARCH.atDay(1),
                "declared green power 1500 kWh exceeds grid electricity 800 kWh: 800 kWh counted"));
    // no grid electricity is left to emit, so no CO2 factor was needed
    assertThat(f.factors()).containsExactly(use(1));
  }

  @Test
  void pvAboveConsumptionIsTakenAsExportedAndFlagged() {
    List<MeterDay> days = List.of(meter("main", MARCH_5, 96, 100.0, 100), pv("roof", MARCH_5, 150));

    Figures f = figures(days, List.of(), null, NATIONAL);

    // grid = max(0, 100 - 150) = 0; clean = min(150, 100) = 100 kWh of the 100 consumed
    assertThat(f.gridKwh()).isZero();
    assertThat(f.pvKwh()).isCloseTo(150, within(EPS));
    assertThat(f.cleanShare()).isCloseTo(1, within(EPS));
    assertThat(f.quality().flags())
        .extracting(Flag::reason)
        .containsExactly(
            "PV generated 150 kWh, more than the 100 kWh consumed: the surplus is taken as exported");
  }

  @Test
  void aMissingFactorIsFlaggedNotInventedAndTheCoreIndicatorLeftOpen() {
    FactorTable electricityOnly =
        new FactorTable(
            DefaultFactors.national().stream()
                .filter(x -> x.carrier() == Carrier.ELECTRICITY)
                .toList());
    List<MeterDay> days = List.of(meter("m1", MARCH_5, 96, 1000.0, 1000));

    Figures f = figures(days, List.of(declared(Carrier.NATURAL_GAS, 1000)), null, electricityOnly);

    assertThat(f.quantity().get(Carrier.NATURAL_GAS)).isCloseTo(1000, within(EPS));
    assertThat(f.tce()).containsOnlyKeys(Carrier.ELECTRICITY);
    // the rest still counts: 1,000 kWh = 0.1229 tce and 0.5306 tCO2
    assertThat(f.totalTce()).isCloseTo(0.1229, within(EPS));
    assertThat(f.tco2()).isCloseTo(0.5306, within(EPS));
    assertThat(f.meetsCore()).isNull();
    assertThat(f.factorsMissing()).isTrue();
    assertThat(f.quality().flags())
        .containsExactly(
            new Flag(null, null, MARCH.atDay(1), "no conversion factor for natural-gas in Jiangsu"),
            new Flag(null, null, MARCH.atDay(1), "no emission factor for natural-gas in Jiangsu"));
    assertThat(f.quality().flags()).allMatch(Flag::missingFactor);
  }

  @Test
  void theParkIsTheSumOfItsEnterprises() {
    Figures e1 =
        figures(
            List.of(meter("m1", MARCH_5, 96, 1000.0, 1000), meter("m2", MARCH_5, 48, 500.0, 500)),
            List.of(),
            3000.0,
            NATIONAL);
    Figures e2 =
        EnergyAccounts.figures(
            "e2",
            "2026-03",
            "p1",
            "Jiangsu",
            List.of(
                new MeterDay("e2", "m9", KWH, Carrier.ELECTRICITY, MARCH_5, 96, 96, 500.0, 500),
                new MeterDay("e2", "m8", KWH, Carrier.ELECTRICITY, MARCH_5, 0, 96, null, 0)),
            List.of(new Declared("e2", MARCH, Carrier.NATURAL_GAS, 1000, "invoice")),
            null,
            NATIONAL,
            MARCH.atDay(1),
            0.20);

    Figures park = EnergyAccounts.sum("p1", "2026-03", List.of(e1, e2), 0.20);

    // e1: 1,500 kWh (m2's 500 kWh at 50% unmonitored); e2: 500 kWh and 1,000 m3 of gas
    assertThat(park.electricityKwh()).isCloseTo(2000, within(EPS));
    assertThat(park.unmonitoredKwh()).isCloseTo(500, within(EPS));
    assertThat(park.quantity().get(Carrier.ELECTRICITY)).isCloseTo(2000, within(EPS));
    assertThat(park.quantity().get(Carrier.NATURAL_GAS)).isCloseTo(1000, within(EPS));
    // 2,000 kWh x 0.1229 = 0.2458 tce; 1,000 m3 x 1.2143 = 1.2143 tce; 1.4601 tce
    assertThat(park.tce().get(Carrier.ELECTRICITY)).isCloseTo(0.2458, within(EPS));
    assertThat(park.totalTce()).isCloseTo(1.4601, within(EPS));
    // 2,000 x 0.5306 = 1,061.2 kg; 1,000 x 2.1622 = 2,162.2 kg; 3.2234 t
    assertThat(park.tco2()).isCloseTo(3.2234, within(EPS));
    assertThat(park.co2PerTce()).isCloseTo(3.2234 / 1.4601, within(EPS));
    assertThat(park.meetsCore()).isFalse();
    // only e1 counts good units: 1,500 kWh / 3,000 = 0.5; 0.18435 tce / 3,000 x 10,000 = 0.6145
    assertThat(park.goodUnits()).isEqualTo(3000.0);
    assertThat(park.kwhPerGood()).isCloseTo(0.5, within(EPS));
    assertThat(park.tcePer10kGood()).isCloseTo(0.6145, within(EPS));
    Quality q = park.quality();
    assertThat(q.meters()).isEqualTo(4);
    assertThat(q.meterDays()).isEqualTo(4);
    assertThat(q.monitoredMeterDays()).isEqualTo(2);
    // e1 (96 + 48) / 192 = 0.75 over 2 meter-days, e2 96 / 192 = 0.5 over 2: (1.5 + 1) / 4
    assertThat(q.completeness()).isCloseTo(0.625, within(EPS));
    assertThat(q.metersWithoutData()).containsExactly("m8/" + KWH);
    assertThat(q.flags()).extracting(Flag::device).containsExactly("m2", "m8");
    assertThat(park.factors()).containsExactly(use(1), use(2), use(3), use(4));
  }

  @Test
  void aDayOnWhichTheRegisterFellIsFlaggedForSomeoneToCheck() {
    MeterDay fell =
        new MeterDay(
            "e",
            "m1",
            "kwh",
            Carrier.ELECTRICITY,
            LocalDate.of(2026, 11, 3),
            96,
            96,
            1250.0,
            1250.0,
            1);
    MeterDay steady =
        new MeterDay(
            "e", "m2", "kwh", Carrier.ELECTRICITY, LocalDate.of(2026, 11, 3), 96, 96, 100.0, 100.0);

    Figures f =
        EnergyAccounts.figures(
            "e",
            "2026-11-03",
            "p",
            null,
            List.of(fell, steady),
            List.of(),
            null,
            new FactorTable(DefaultFactors.national()),
            LocalDate.of(2026, 11, 3),
            0.2);

    // The fall is still counted as a reset: 1250 + 100 kWh.
    assertThat(f.electricityKwh()).isEqualTo(1350.0);
    assertThat(f.quality().flags())
        .singleElement()
        .satisfies(
            flag -> {
              assertThat(flag.device()).isEqualTo("m1");
              assertThat(flag.reason()).startsWith("the register fell 1 time,");
            });
  }
}
