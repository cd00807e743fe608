package io.parkpulse.platform.derived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionParserTest {

  @Test
  void computesThreePhasePowerFromVoltageCurrentAndPowerFactor() throws Exception {
    // 230 V × 10 A = 2300; × 0.9 = 2070; × √3 (1.7320508…) = 3585.345…; ÷ 1000 = 3.5853 kW.
    Map<String, Object> reading = Map.of("voltage_v", 230.0, "current_a", 10L, "pf", 0.9);
    assertThat(eval("voltage_v * current_a * pf * sqrt(3) / 1000", reading))
        .isCloseTo(3.5853, within(0.00005));
    assertThat(eval("voltage_v * current_a * pf * sqrt3 / 1000", reading))
        .isCloseTo(3.5853, within(0.00005));
  }

  @Test
  void computesSpecificEnergyPerGoodUnit() throws Exception {
    // 12.5 kWh over 250 good units = 0.05 kWh per unit.
    assertThat(eval("energy_kwh / good_count", Map.of("energy_kwh", 12.5, "good_count", 250L)))
        .isEqualTo(0.05);
  }

  @Test
  void appliesPrecedenceAndAssociativityAsInArithmetic() throws Exception {
    assertThat(eval("2 + 3 * 4 ^ 2", Map.of())).isEqualTo(50); // 2 + 3 × 16
    assertThat(eval("(2 + 3) * 4", Map.of())).isEqualTo(20);
    assertThat(eval("10 - 4 - 3", Map.of())).isEqualTo(3); // (10 − 4) − 3
    assertThat(eval("12 / 3 / 2", Map.of())).isEqualTo(2); // (12 ÷ 3) ÷ 2
    assertThat(eval("-2 ^ 2", Map.of())).isEqualTo(-4); // −(2²)
    assertThat(eval("2 ^ 3 ^ 2", Map.of())).isEqualTo(512); // 2⁹
    assertThat(eval("2 ^ -1", Map.of())).isEqualTo(0.5);
    assertThat(eval("- -3", Map.of())).isEqualTo(3);
    assertThat(eval(".5e1 + 1.25E-2", Map.of())).isEqualTo(5.0125);
  }

  @Test
  void computesFunctions() throws Exception {
    Map<String, Object> r = Map.of("a", -2.5, "b", 16L, "c", 3L);
    assertThat(eval("min(c, b, 7)", r)).isEqualTo(3);
    assertThat(eval("max(a, -5)", r)).isEqualTo(-2.5);
    assertThat(eval("abs(a)", r)).isEqualTo(2.5);
    assertThat(eval("sqrt(b)", r)).isEqualTo(4);
    assertThat(eval("sqrt(3)", r)).isEqualTo(eval("sqrt3", r));
  }

  @Test
  void conditionsAreOneWhenTrueAndZeroWhenFalse() throws Exception {
    Map<String, Object> r = Map.of("power_kw", 12.0, "running", true, "state_code", 2L);
    assertThat(eval("power_kw > 10", r)).isEqualTo(1);
    assertThat(eval("power_kw <= 10", r)).isEqualTo(0);
    assertThat(eval("power_kw >= 12 and state_code == 2", r)).isEqualTo(1);
    assertThat(eval("power_kw < 5 or state_code != 2", r)).isEqualTo(0);
    assertThat(eval("not running", r)).isEqualTo(0);
    // and binds tighter than or: 1 or (0 and 0).
    assertThat(eval("1 or 0 and 0", r)).isEqualTo(1);
    assertThat(eval("if(running and power_kw > 10, power_kw, 0)", r)).isEqualTo(12);
    assertThat(eval("if(not running, 1, 2)", r)).isEqualTo(2);
  }

  @Test
  void givesNoValueForDivisionByZeroMissingOrNonNumberInputsAndNonFiniteResults() throws Exception {
    Map<String, Object> r = new HashMap<>(Map.of("zero", 0L, "one", 1L, "text", "RUNNING"));
    assertThat(eval("one / zero", r)).isNaN();
    assertThat(eval("zero / zero", r)).isNaN();
    assertThat(eval("one + missing", r)).isNaN();
    assertThat(eval("text * 2", r)).isNaN();
    assertThat(eval("sqrt(-one)", r)).isNaN();
    assertThat(eval("1e308 * 10", r)).isNaN();
    assertThat(eval("min(one, missing)", r)).isNaN();
    assertThat(eval("missing > 0", r)).isNaN();
    // Only the branch taken is computed: a guarded division has a value.
    assertThat(eval("if(zero > 0, one / zero, 0)", r)).isEqualTo(0);
    assertThat(eval("if(missing > 0, 1, 2)", r)).isNaN();
  }

  @Test
  void readsQuotedNamesAndNamesWithDotsAndColons() throws Exception {
    Map<String, Object> r = Map.of("ai-3", 2L, "L1.voltage", 3L, "dev:temp", 4L, "and", 5L);
    assertThat(eval("'ai-3' * L1.voltage + dev:temp", r)).isEqualTo(10);
    assertThat(eval("'and' - 1", r)).isEqualTo(4);
    assertThat(ExpressionParser.parse("'ai-3' * L1.voltage + min(x, 'ai-3')").points())
        .containsExactly("ai-3", "L1.voltage", "x");
  }

  @Test
  void saysWhereAndWhatWasExpected() {
    assertRefused("voltage_v * * current_a", 13, "expected a number, a point, a function or '('");
    assertRefused("(a + b", 7, "expected ')' to close the '(' at character 1 but found the end");
    assertRefused("a + ", 5, "found the end");
    assertRefused("a)", 2, "')' has no '(' before it");
    assertRefused("2x", 2, "expected an operator or the end but found 'x'");
    assertRefused("min(a)", 1, "min takes 2 or more values but is given 1");
    assertRefused("if(a, b)", 1, "if takes 3 values");
    assertRefused("foo(a)", 1, "unknown function 'foo'");
    assertRefused("a = b", 3, "write '==' to compare");
    assertRefused("a && b", 3, "write 'and'");
    assertRefused("a < b < c", 7, "comparisons do not chain");
    assertRefused("a @ b", 3, "'@' has no meaning here");
    assertRefused("1e+", 2, "expected the digits of the exponent");
    assertRefused("1e999", 1, "too large");
    assertRefused("a * 'b", 5, "the quote ' is not closed");
    assertRefused("'a b'", 2, "is not a point name");
    assertRefused("a and or b", 7, "expected a value but found 'or'");
    assertRefused("   ", 1, "the expression is empty");
    assertRefused("(".repeat(60) + "1" + ")".repeat(60), 51, "nested deeper than 50");
    assertRefused("-".repeat(60) + "1", 51, "nested deeper than 50");
    assertRefused("1+".repeat(600) + "1", 1001, "longer than 1000 characters");
  }

  private static void assertRefused(String text, int position, String message) {
    assertThatThrownBy(() -> ExpressionParser.parse(text))
        .isInstanceOfSatisfying(
            ExpressionException.class, e -> assertThat(e.position()).isEqualTo(position))
        .hasMessageStartingWith("at character " + position + ": ")
        .hasMessageContaining(message);
  }

  private static double eval(String text, Map<String, Object> reading) throws Exception {
    return ExpressionParser.parse(text)
        .evaluate(
            name ->
                reading.get(name) instanceof Number n
                    ? n.doubleValue()
                    : reading.get(name) instanceof Boolean b ? (b ? 1 : 0) : Double.NaN);
  }
}
