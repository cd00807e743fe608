package io.parkpulse.platform.energy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.platform.energy.accounting.Factor.Kind;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which factor applies, and the shipped defaults against the derivations their sources state. */
class FactorTableTest {

  private static Factor co2(long id, String park, String province, String from, double value) {
    return new Factor(
        id,
        Kind.CO2,
        Carrier.ELECTRICITY,
        park,
        province,
        LocalDate.parse(from),
        value,
        "kgCO2/kWh",
        "test");
  }

  private final FactorTable table =
      new FactorTable(
          List.of(
              co2(1, null, null, "2020-01-01", 0.58),
              co2(3, null, "Jiangsu", "2021-01-01", 0.57),
              co2(4, "p1", null, "2022-01-01", 0.40),
              co2(5, null, null, "2025-01-01", 0.54),
              co2(6, null, null, "2025-01-01", 0.5306),
              co2(7, "p2", null, "2022-01-01", 0.30),
              co2(8, null, "Zhejiang", "2021-01-01", 0.52),
              co2(9, null, null, "2027-01-01", 0.50)));

  private long pick(String park, String province, String day) {
    return table
        .pick(Kind.CO2, Carrier.ELECTRICITY, park, province, LocalDate.parse(day))
        .orElseThrow()
        .id();
  }

  @Test
  void theParksOwnFactorBeatsItsProvincesWhichBeatsTheNationalOne() {
    assertThat(pick("p1", "Jiangsu", "2026-05-01")).isEqualTo(4);
    // Specificity comes before recency: Jiangsu's 2021 row beats the 2025 national rows.
    assertThat(pick("p3", "Jiangsu", "2026-05-01")).isEqualTo(3);
    assertThat(pick("p2", "Zhejiang", "2026-05-01")).isEqualTo(7);
  }

  @Test
  void amongEquallySpecificRowsTheLatestValidOneThenTheHighestIdApplies() {
    // 2025-01-01 holds ids 5 and 6: 6 was added later. Id 9 is not valid until 2027.
    assertThat(pick("p3", "Anhui", "2026-05-01")).isEqualTo(6);
    assertThat(pick("p3", "Anhui", "2024-06-01")).isEqualTo(1);
    assertThat(pick("p3", "Anhui", "2027-01-01")).isEqualTo(9);
    assertThat(pick("p3", null, "2026-05-01")).isEqualTo(6);
  }

  @Test
  void noFactorBeforeTheFirstIsValidNorForAnotherKindOrCarrier() {
    assertThat(
            table.pick(Kind.CO2, Carrier.ELECTRICITY, "p1", "Jiangsu", LocalDate.of(2019, 12, 31)))
        .isEqualTo(Optional.empty());
    assertThat(table.pick(Kind.TCE, Carrier.ELECTRICITY, "p1", "Jiangsu", LocalDate.of(2026, 1, 1)))
        .isEmpty();
    assertThat(table.pick(Kind.CO2, Carrier.NATURAL_GAS, "p1", "Jiangsu", LocalDate.of(2026, 1, 1)))
        .isEmpty();
  }

  @Test
  void shippedDefaultsAreNationalAndMatchTheirStatedDerivations() {
    List<Factor> defaults = DefaultFactors.national();
    assertThat(defaults).extracting(Factor::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(defaults).allMatch(f -> f.park() == null && f.province() == null);
    FactorTable national = new FactorTable(defaults);
    LocalDate day = LocalDate.of(2026, 3, 1);
    // 860 kcal/kWh / 7,000 kcal/kgce = 0.122857 -> 0.1229
    assertThat(value(national, Kind.TCE, Carrier.ELECTRICITY, day)).isEqualTo(0.1229);
    assertThat(round(860.0 / 7000, 4)).isEqualTo(0.1229);
    assertThat(value(national, Kind.CO2, Carrier.ELECTRICITY, day)).isEqualTo(0.5306);
    // 8,500 kcal/m3 / 7,000 = 1.2143
    assertThat(round(8500.0 / 7000, 4))
        .isEqualTo(value(national, Kind.TCE, Carrier.NATURAL_GAS, day));
    // 0.038931 GJ/m3 x 15.3 kgC/GJ x 0.99 x 44/12 = 2.16219 kgCO2/m3
    assertThat(round(0.038931 * 15.3 * 0.99 * 44 / 12, 4))
        .isEqualTo(value(national, Kind.CO2, Carrier.NATURAL_GAS, day));
    // (2,777 - 83.74) MJ/t x 0.03412 kgce/MJ = 91.894 kgce/t; x 0.11 kgCO2/MJ = 296.2586 kgCO2/t
    assertThat(round((2777 - 83.74) * 0.03412, 3))
        .isEqualTo(value(national, Kind.TCE, Carrier.STEAM, day));
    assertThat(round((2777 - 83.74) * 0.11, 4))
        .isEqualTo(value(national, Kind.CO2, Carrier.STEAM, day));
    // 0.7143 kgce/kg = 714.3 kgce/t; 20.908 GJ/t x 26.18 kgC/GJ x 0.93 x 44/12 = 1,866.5366
    assertThat(value(national, Kind.TCE, Carrier.COAL, day)).isCloseTo(714.3, within(1e-9));
    assertThat(round(20.908 * 26.18 * 0.93 * 44 / 12, 4))
        .isEqualTo(value(national, Kind.CO2, Carrier.COAL, day));
    assertThat(defaults.stream().filter(f -> f.source().startsWith("derived")))
        .extracting(f -> f.carrier() + "/" + f.kind())
        .containsExactly("NATURAL_GAS/CO2", "STEAM/TCE", "STEAM/CO2", "COAL/CO2");
  }

  @Test
  void theZeroCarbonParkThresholdDependsOnTheParksAnnualConsumption() {
    CoreThreshold core = CoreThreshold.ZERO_CARBON_PARK;
    assertThat(core.applies(150_000)).isEqualTo(0.20);
    assertThat(core.applies(999_999)).isEqualTo(0.20);
    assertThat(core.applies(1_000_000)).isEqualTo(0.30);
    assertThat(core.source()).contains("发改环资〔2025〕910号");
  }

  @Test
  void carriersAndKindsReadBackFromTheirStoredNames() {
    assertThat(Carrier.of("natural-gas")).contains(Carrier.NATURAL_GAS);
    assertThat(Carrier.of("gas")).isEmpty();
    assertThat(Carrier.ELECTRICITY.declared()).isFalse();
    assertThat(Carrier.PV.declared()).isFalse();
    assertThat(Carrier.GREEN_POWER.declared()).isTrue();
    assertThat(Carrier.STEAM.unit()).isEqualTo("t");
    assertThat(Kind.of("co2")).contains(Kind.CO2);
    assertThat(Kind.TCE.id()).isEqualTo("tce");
  }

  private static double value(FactorTable t, Kind kind, Carrier carrier, LocalDate day) {
    return t.pick(kind, carrier, "any-park", "any-province", day).orElseThrow().value();
  }

  private static double round(double value, int decimals) {
    return java.math.BigDecimal.valueOf(value)
        .setScale(decimals, java.math.RoundingMode.HALF_UP)
        .doubleValue();
  }
}
