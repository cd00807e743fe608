package io.parkpulse.platform.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.platform.derived.DerivedPoints.Definition;
import io.parkpulse.platform.derived.DerivedPoints.Measured;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DerivedPointsTest {

  private static final List<Measured> METER =
      List.of(
          new Measured("voltage_v", "number", 10),
          new Measured("current_a", "number", 10),
          new Measured("pf", "number", 30),
          new Measured("energy_kwh", "number", 60),
          new Measured("good_count", "integer", 60),
          new Measured("running", "boolean", 5),
          new Measured("state", "string", 60));

  @Test
  void computesEachPointFromTheReadingAndThePointsBeforeIt() throws Exception {
    DerivedPoints points =
        DerivedPoints.compile(
            METER,
            List.of(
                derived("power_kw", "voltage_v * current_a * pf * sqrt3 / 1000"),
                derived("power_w", "power_kw * 1000"),
                derived("kwh_per_unit", "energy_kwh / good_count"),
                derived("load", "if(running, power_kw, 0)")));

    Map<String, Double> values =
        points.compute(
            Map.of(
                "voltage_v",
                230.0,
                "current_a",
                10L,
                "pf",
                0.9,
                "energy_kwh",
                12.5,
                "good_count",
                250L,
                "running",
                true,
                "state",
                "RUNNING"));

    // 230 × 10 × 0.9 × √3 ÷ 1000 = 3.5853 kW; 12.5 kWh ÷ 250 = 0.05 kWh per unit.
    assertThat(values).containsOnlyKeys("power_kw", "power_w", "kwh_per_unit", "load");
    assertThat(values.get("power_kw")).isCloseTo(3.5853, within(0.00005));
    assertThat(values.get("power_w")).isCloseTo(3585.3452, within(0.00005));
    assertThat(values.get("kwh_per_unit")).isEqualTo(0.05);
    assertThat(values.get("load")).isEqualTo(values.get("power_kw"));
    // A point can be had as often as the slowest point it uses.
    assertThat(points.points())
        .extracting(DerivedPoints.Derived::intervalSeconds)
        .containsExactly(30, 30, 60, 30);
  }

  @Test
  void leavesOutPointsWithoutAValueAndWhatUsesThem() throws Exception {
    DerivedPoints points =
        DerivedPoints.compile(
            METER,
            List.of(
                derived("power_kw", "voltage_v * current_a * pf * sqrt3 / 1000"),
                derived("power_w", "power_kw * 1000"),
                derived("kwh_per_unit", "energy_kwh / good_count"),
                derived("volts_x2", "voltage_v * 2")));

    Map<String, Object> reading = new HashMap<>();
    reading.put("voltage_v", 230.0);
    reading.put("current_a", "n/a"); // not a number
    reading.put("energy_kwh", 3.0);
    reading.put("good_count", 0L); // a division by zero
    // pf is missing.

    assertThat(points.compute(reading)).isEqualTo(Map.of("volts_x2", 460.0));
    // A device that sends a metric with a derived point's name does not feed the points after it.
    reading.put("power_kw", 99.0);
    assertThat(points.compute(reading)).doesNotContainKey("power_w");
  }

  @Test
  void refusesUnknownPointsNamingThem() {
    assertRefused(
        List.of(derived("power_kw", "voltge_v * current_a")),
        "derived.power_kw.expression",
        "'voltge_v' is not a point of this profile");
  }

  @Test
  void refusesAnExpressionItCannotReadWithThePosition() {
    assertRefused(
        List.of(derived("power_kw", "voltage_v * * current_a")),
        "derived.power_kw.expression",
        "at character 13: expected a number, a point, a function or '(' but found '*'");
  }

  @Test
  void refusesCyclesAndPointsUsedBeforeTheyAreListed() {
    assertRefused(
        List.of(derived("a", "b + voltage_v"), derived("b", "a * 2")),
        "derived.a.expression",
        "'a' is part of a cycle: a → b → a");
    assertRefused(
        List.of(derived("a", "c + voltage_v"), derived("b", "c * 2"), derived("c", "b + 1")),
        "derived.a.expression",
        "'c' is listed after 'a'");
    assertRefused(
        List.of(derived("a", "a + voltage_v")), "derived.a.expression", "'a' uses itself");
  }

  @Test
  void refusesNamesOfMeasuredPointsTwiceTheSameNameAndBadNames() {
    assertRefused(
        List.of(derived("pf", "voltage_v * 2")), "derived.name", "'pf' is a measured point");
    assertRefused(
        List.of(derived("x", "voltage_v"), derived("x", "current_a")),
        "derived.name",
        "'x' appears twice");
    assertRefused(List.of(derived("no spaces", "voltage_v")), "derived.name", "must match");
  }

  @Test
  void refusesTextPointsConstantsAndKindsThatAreNotNumbers() {
    assertRefused(
        List.of(derived("s", "state == 1")), "derived.s.expression", "'state' is a string point");
    assertRefused(List.of(derived("k", "2 * 3")), "derived.k.expression", "uses no point");
    assertRefused(
        List.of(new Definition("st", "", "machine.state", "running")),
        "derived.st.kind",
        "cannot be machine.state");
    assertRefused(
        List.of(new Definition("st", "", "power", "running")), "derived.st.kind", "must be one of");
  }

  @Test
  void readsTheProfilesStoredPoints() throws Exception {
    DerivedPoints points =
        DerivedPoints.ofStored(
            List.of(
                Map.of("name", "a", "dataType", "number", "kind", "generic", "intervalSeconds", 5),
                Map.of(
                    "name",
                    "twice_a",
                    "dataType",
                    "number",
                    "kind",
                    "generic",
                    "intervalSeconds",
                    5,
                    "expression",
                    "a * 2")));
    assertThat(points.compute(Map.of("a", 4L))).isEqualTo(Map.of("twice_a", 8.0));
    assertThat(
            DerivedPoints.ofStored(
                List.of(Map.of("name", "a", "dataType", "number", "intervalSeconds", 5))))
        .isSameAs(DerivedPoints.NONE);
  }

  private static Definition derived(String name, String expression) {
    return new Definition(name, "", "generic", expression);
  }

  private static void assertRefused(List<Definition> definitions, String field, String message) {
    assertThatThrownBy(() -> DerivedPoints.compile(METER, definitions))
        .isInstanceOfSatisfying(
            InvalidDerivedPointException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(message);
  }
}
