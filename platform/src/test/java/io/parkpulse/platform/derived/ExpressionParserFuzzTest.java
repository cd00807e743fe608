package io.parkpulse.platform.derived;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The expression parser on any text: it gives an expression or an {@link ExpressionException} with
 * a position inside the text (or just after it); any other exception or error is a finding (a
 * profile save would answer 500). An expression it gives computes a finite number or {@code NaN}
 * for any input values, never an exception. The fuzz target replays its corpus in every build; the
 * seeded test below runs ten thousand generated expressions, half of them well formed.
 */
class ExpressionParserFuzzTest {

  private static final List<String> PIECES =
      List.of(
          "voltage_v",
          "current_a",
          "pf",
          "'ai-3'",
          "L1.v",
          "x",
          "0",
          "1",
          "2.5",
          "1e3",
          ".5",
          "1e308",
          "sqrt3",
          "+",
          "-",
          "*",
          "/",
          "^",
          "<",
          "<=",
          ">",
          ">=",
          "==",
          "!=",
          "=",
          "!",
          "and",
          "or",
          "not",
          "(",
          ")",
          ",",
          "min(",
          "max(",
          "abs(",
          "sqrt(",
          "if(",
          "foo(",
          "'",
          " ",
          "&&",
          "@",
          "e",
          "é",
          "\u0000",
          "\uD83D\uDE00");

  private static final double[] VALUES = {
    0, -0.0, 1, -1, 0.5, 230, 1e308, -1e308, Double.MIN_VALUE, Double.NaN
  };

  @FuzzTest(maxDuration = "10m")
  void anyTextGivesAnExpressionOrItsError(byte[] input) {
    check(new String(input, StandardCharsets.UTF_8), new Random(input.length));
  }

  @Test
  void generatedExpressionsGiveAnExpressionOrItsError() {
    Random random = new Random(20261206);
    int parsed = 0;
    for (int i = 0; i < 10_000; i++) {
      String text = i % 2 == 0 ? soup(random) : wellFormed(random, 0);
      if (check(text, random)) {
        parsed++;
      }
    }
    // Both paths are taken: the generator is not all errors, nor all valid.
    assertThat(parsed).isBetween(2_000, 9_000);
  }

  /** Whether {@code text} parsed; fails the test on anything but the parser's own error. */
  private static boolean check(String text, Random random) {
    Expression e;
    try {
      e = ExpressionParser.parse(text);
    } catch (ExpressionException refused) {
      assertThat(refused.position()).isBetween(1, Math.min(text.length(), 1000) + 1);
      return false;
    }
    for (int i = 0; i < 5; i++) {
      int shift = i;
      double v = e.evaluate(name -> VALUES[Math.floorMod(name.hashCode() + shift, VALUES.length)]);
      assertThat(Double.isNaN(v) || Double.isFinite(v)).as(text).isTrue();
    }
    double v = e.evaluate(name -> VALUES[random.nextInt(VALUES.length)]);
    assertThat(Double.isNaN(v) || Double.isFinite(v)).as(text).isTrue();
    return true;
  }

  private static String soup(Random random) {
    StringBuilder text = new StringBuilder();
    int n = random.nextInt(20);
    for (int i = 0; i < n; i++) {
      text.append(PIECES.get(random.nextInt(PIECES.size())));
    }
    return text.toString();
  }

  private static String wellFormed(Random random, int depth) {
    int choice = depth > 4 ? random.nextInt(2) : random.nextInt(8);
    return switch (choice) {
      case 0 -> List.of("voltage_v", "current_a", "pf", "'ai-3'", "sqrt3").get(random.nextInt(5));
      case 1 -> String.valueOf(random.nextInt(2000) / 10.0);
      case 2 -> "-" + wellFormed(random, depth + 1);
      case 3 -> "not " + wellFormed(random, depth + 1);
      case 4 ->
          "("
              + wellFormed(random, depth + 1)
              + " "
              + List.of("+", "-", "*", "/", "^", "<", ">=", "==", "and", "or")
                  .get(random.nextInt(10))
              + " "
              + wellFormed(random, depth + 1)
              + ")";
      case 5 ->
          "if("
              + wellFormed(random, depth + 1)
              + ", "
              + wellFormed(random, depth + 1)
              + ", "
              + wellFormed(random, depth + 1)
              + ")";
      case 6 ->
          List.of("min", "max").get(random.nextInt(2))
              + "("
              + wellFormed(random, depth + 1)
              + ", "
              + wellFormed(random, depth + 1)
              + ")";
      default ->
          List.of("abs", "sqrt").get(random.nextInt(2)) + "(" + wellFormed(random, depth + 1) + ")";
    };
  }
}
