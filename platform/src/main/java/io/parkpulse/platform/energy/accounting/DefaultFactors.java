package io.parkpulse.platform.energy.accounting;

import io.parkpulse.platform.energy.accounting.Factor.Kind;
import java.time.LocalDate;
import java.util.List;

/**
 * The national default factors the platform ships: the reference for the migration that seeds
 * {@code energy_factor}, and the tests' table. Each source says whether the value is quoted or
 * derived, and what it was checked against. A province's or a park's own factor, added as a new
 * row, takes precedence (see {@link FactorTable}).
 */
public final class DefaultFactors {

  /** Early enough for any data the platform holds to find a factor. */
  public static final LocalDate FROM = LocalDate.of(2020, 1, 1);

  private static final List<Factor> NATIONAL =
      List.of(
          new Factor(
              1,
              Kind.TCE,
              Carrier.ELECTRICITY,
              null,
              null,
              FROM,
              0.1229,
              "kgce/kWh",
              "GB/T 2589-2020 综合能耗计算通则, electricity at its 当量值 (calorific equivalent):"
                  + " 860 kcal/kWh / 7,000 kcal/kgce = 0.1229; value as widely cited, not checked"
                  + " against the standard's text"),
          new Factor(
              2,
              Kind.CO2,
              Carrier.ELECTRICITY,
              null,
              null,
              FROM,
              0.5306,
              "kgCO2/kWh",
              "生态环境部、国家统计局《关于发布2023年电力二氧化碳排放因子的公告》: 2023 national"
                  + " average electricity CO2 factor (全国电力平均二氧化碳排放因子); value and title"
                  + " checked in press reports of the announcement (光明日报, January 2026), its"
                  + " number and text not seen"),
          new Factor(
              3,
              Kind.TCE,
              Carrier.NATURAL_GAS,
              null,
              null,
              FROM,
              1.2143,
              "kgce/m3",
              "GB/T 2589 reference value for gas-field natural gas (气田天然气), 8,500 kcal/m3 /"
                  + " 7,000 kcal/kgce = 1.2143 (the energy statistics' 12.143 tce per 10,000 m3);"
                  + " oil-field gas is 1.3300. Not checked against the 2020 text; use the"
                  + " supplier's heating value where known"),
          new Factor(
              4,
              Kind.CO2,
              Carrier.NATURAL_GAS,
              null,
              null,
              FROM,
              2.1622,
              "kgCO2/m3",
              "derived from the defaults of the NDRC/MEE enterprise GHG accounting guidelines"
                  + " (GB/T 32151 series): low heating value 389.31 GJ/10^4 Nm3 x carbon content"
                  + " 15.3 tC/TJ x oxidation 99% x 44/12 = 0.038931 GJ/m3 x 15.3 kgC/GJ x 0.99 x"
                  + " 44/12 = 2.1622 kgCO2/m3. Its heating value (9,310 kcal/m3) is higher than"
                  + " the 8,500 kcal/m3 behind the tce default; defaults seen in third-party code,"
                  + " not in the guidelines' text"),
          new Factor(
              5,
              Kind.TCE,
              Carrier.STEAM,
              null,
              null,
              FROM,
              91.894,
              "kgce/t",
              "derived: low-pressure saturated steam at 1.0 MPa (absolute), enthalpy 2,777 kJ/kg"
                  + " (steam tables), less feed water at 20 C (83.74 kJ/kg, as the NDRC"
                  + " guidelines count purchased steam) = 2,693.26 MJ/t x 0.03412 kgce/MJ (GB/T"
                  + " 2589 heat, 当量值) = 91.894 kgce/t; use the supplier's enthalpy where known"),
          new Factor(
              6,
              Kind.CO2,
              Carrier.STEAM,
              null,
              null,
              FROM,
              296.2586,
              "kgCO2/t",
              "derived: 2.69326 GJ/t (as for the tce factor) x 0.11 tCO2/GJ, the default for"
                  + " purchased heat in the NDRC/MEE enterprise GHG accounting guidelines (GB/T"
                  + " 32150) = 296.2586 kgCO2/t; the 0.11 seen cited in third-party code, not in"
                  + " the guidelines' text"),
          new Factor(
              7,
              Kind.TCE,
              Carrier.COAL,
              null,
              null,
              FROM,
              714.3,
              "kgce/t",
              "GB/T 2589 reference value for raw coal (原煤), 20,908 kJ/kg (5,000 kcal/kg) / 7,000"
                  + " kcal/kgce = 0.7143 kgce/kg = 714.3 kgce/t; value as widely cited, not checked"
                  + " against the 2020 text"),
          new Factor(
              8,
              Kind.CO2,
              Carrier.COAL,
              null,
              null,
              FROM,
              1866.5366,
              "kgCO2/t",
              "derived: 20.908 GJ/t (raw coal, as for the tce factor) x 26.18 tC/TJ x oxidation"
                  + " 93% (bituminous coal defaults of the enterprise GHG accounting guidelines,"
                  + " GB/T 32150 annex) x 44/12 = 1,866.5366 kgCO2/t; defaults seen in"
                  + " third-party code, not in the guidelines' text; use the coal's assay where"
                  + " known"));

  private DefaultFactors() {}

  /** Conversion and emission factors for electricity, natural gas, steam and coal, ids 1 to 8. */
  public static List<Factor> national() {
    return NATIONAL;
  }
}
