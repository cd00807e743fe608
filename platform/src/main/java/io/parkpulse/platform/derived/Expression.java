package io.parkpulse.platform.derived;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed expression of a derived point, as a tree. It computes a number from the values of the
 * device's points in one reading; a condition is 1 when true and 0 when false. Where a value is
 * missing or not a number, where it divides by zero, or where a step gives no finite number (the
 * square root of a negative number, an overflow), the result is {@code NaN}: the reading gets no
 * value for the point, and nothing fails.
 */
public sealed interface Expression {

  /** The values an expression reads: a point's number, or {@code NaN} if the reading has none. */
  @FunctionalInterface
  interface Values {
    double of(String point);
  }

  /** The result for {@code values}: a finite number, or {@code NaN} for no value. */
  double evaluate(Values values);

  /** The point names it uses, in the order they are written, each once. */
  default Set<String> points() {
    Set<String> names = new LinkedHashSet<>();
    collect(this, names);
    return names;
  }

  private static void collect(Expression e, Set<String> names) {
    if (e instanceof Point p) {
      names.add(p.name());
    } else if (e instanceof Unary u) {
      collect(u.operand(), names);
    } else if (e instanceof Binary b) {
      collect(b.left(), names);
      collect(b.right(), names);
    } else if (e instanceof Call c) {
      c.arguments().forEach(a -> collect(a, names));
    }
  }

  /** A number written in the expression, or the constant {@code sqrt3}. */
  record Number(double value) implements Expression {
    @Override
    public double evaluate(Values values) {
      return value;
    }
  }

  /** A point of the device, measured or derived before. */
  record Point(String name) implements Expression {
    @Override
    public double evaluate(Values values) {
      return finite(values.of(name));
    }
  }

  /** {@code -x} or {@code not x}. */
  record Unary(char operator, Expression operand) implements Expression {
    @Override
    public double evaluate(Values values) {
      double x = operand.evaluate(values);
      if (Double.isNaN(x)) {
        return Double.NaN;
      }
      return operator == '-' ? -x : truth(x == 0);
    }
  }

  /**
   * Two operands: arithmetic ({@code + - * / ^}), a comparison ({@code < <= > >= == !=}) or a
   * logical operator ({@code and}, {@code or}).
   */
  record Binary(String operator, Expression left, Expression right) implements Expression {
    @Override
    public double evaluate(Values values) {
      double a = left.evaluate(values);
      if (Double.isNaN(a)) {
        return Double.NaN;
      }
      double b = right.evaluate(values);
      if (Double.isNaN(b)) {
        return Double.NaN;
      }
      return finite(
          switch (operator) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> b == 0 ? Double.NaN : a / b;
            case "^" -> Math.pow(a, b);
            case "<" -> truth(a < b);
            case "<=" -> truth(a <= b);
            case ">" -> truth(a > b);
            case ">=" -> truth(a >= b);
            case "==" -> truth(a == b);
            case "!=" -> truth(a != b);
            case "and" -> truth(a != 0 && b != 0);
            case "or" -> truth(a != 0 || b != 0);
            default -> throw new IllegalStateException("no operator " + operator);
          });
    }
  }

  /**
   * A function: {@code min} and {@code max} of one or more values, {@code abs(x)}, {@code sqrt(x)},
   * and {@code if(condition, then, else)}, which computes only the branch it takes.
   */
  record Call(String function, List<Expression> arguments) implements Expression {
    public Call {
      arguments = List.copyOf(arguments);
    }

    @Override
    public double evaluate(Values values) {
      if (function.equals("if")) {
        double condition = arguments.get(0).evaluate(values);
        if (Double.isNaN(condition)) {
          return Double.NaN;
        }
        return arguments.get(condition != 0 ? 1 : 2).evaluate(values);
      }
      double result = arguments.get(0).evaluate(values);
      for (int i = 1; i < arguments.size() && !Double.isNaN(result); i++) {
        double next = arguments.get(i).evaluate(values);
        result =
            Double.isNaN(next)
                ? Double.NaN
                : function.equals("min") ? Math.min(result, next) : Math.max(result, next);
      }
      if (Double.isNaN(result)) {
        return Double.NaN;
      }
      return finite(
          switch (function) {
            case "abs" -> Math.abs(result);
            case "sqrt" -> Math.sqrt(result);
            case "min", "max" -> result;
            default -> throw new IllegalStateException("no function " + function);
          });
    }
  }

  private static double truth(boolean b) {
    return b ? 1 : 0;
  }

  /** {@code x}, or {@code NaN} if it is not a finite number. */
  private static double finite(double x) {
    return Double.isFinite(x) ? x : Double.NaN;
  }
}
