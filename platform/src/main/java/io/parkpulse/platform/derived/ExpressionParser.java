package io.parkpulse.platform.derived;

import io.parkpulse.model.TelemetryCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the expression of a derived point into an {@link Expression}, by recursive descent over
 * this grammar (loosest first):
 *
 * <pre>
 * expression = and { "or" and }
 * and        = not { "and" not }
 * not        = "not" not | comparison
 * comparison = sum [ ("&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "==" | "!=") sum ]
 * sum        = product { ("+" | "-") product }
 * product    = unary { ("*" | "/") unary }
 * unary      = "-" unary | power
 * power      = primary [ "^" unary ]
 * primary    = number | "sqrt3" | function "(" expression { "," expression } ")"
 *            | name | "'" name "'" | "(" expression ")"
 * </pre>
 *
 * A name is a point of the device: letters, digits, {@code _ . :}, not starting with a digit; a
 * point name with other characters (a {@code -}, a leading digit) or one of the words {@code and},
 * {@code or}, {@code not}, {@code sqrt3} is written in single quotes. Functions are {@code min},
 * {@code max} (two or more values), {@code abs}, {@code sqrt} (one) and {@code if} (condition,
 * then, else). Whatever the text, it gives an expression or an {@link ExpressionException} saying
 * at which character and what was expected.
 */
public final class ExpressionParser {

  /** Longest expression read, in characters. */
  public static final int MAX_LENGTH = 1000;

  /** Deepest nesting of parentheses, calls and prefix operators. */
  public static final int MAX_DEPTH = 50;

  private static final Set<String> COMPARISONS = Set.of("<", "<=", ">", ">=", "==", "!=");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "sqrt3");

  private enum Kind {
    NUMBER,
    NAME,
    QUOTED,
    SYMBOL,
    END
  }

  private record Token(Kind kind, String text, int position) {
    boolean is(String symbol) {
      return (kind == Kind.SYMBOL || kind == Kind.NAME) && text.equals(symbol);
    }

    String describe() {
      return switch (kind) {
        case NUMBER -> "the number " + text;
        case NAME -> "'" + text + "'";
        case QUOTED -> "the point '" + text + "'";
        case SYMBOL -> "'" + text + "'";
        case END -> "the end";
      };
    }
  }

  private final List<Token> tokens;
  private int next;
  private int depth;

  private ExpressionParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /**
   * Parses {@code text}.
   *
   * @throws ExpressionException if it is not an expression of the grammar above
   */
  public static Expression parse(String text) throws ExpressionException {
    if (text == null || text.isBlank()) {
      throw new ExpressionException(1, "the expression is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new ExpressionException(
          MAX_LENGTH + 1, "the expression is longer than " + MAX_LENGTH + " characters");
    }
    ExpressionParser parser = new ExpressionParser(tokenize(text));
    Expression e = parser.expression();
    Token end = parser.peek();
    if (end.kind() != Kind.END) {
      if (end.is(")")) {
        throw new ExpressionException(end.position(), "')' has no '(' before it");
      }
      throw new ExpressionException(
          end.position(), "expected an operator or the end but found " + end.describe());
    }
    return e;
  }

  private Expression expression() throws ExpressionException {
    enter();
    Expression left = and();
    while (peek().is("or")) {
      take();
      left = new Expression.Binary("or", left, and());
    }
    depth--;
    return left;
  }

  private Expression and() throws ExpressionException {
    Expression left = not();
    while (peek().is("and")) {
      take();
      left = new Expression.Binary("and", left, not());
    }
    return left;
  }

  private Expression not() throws ExpressionException {
    if (peek().is("not")) {
      take();
      enter();
      Expression operand = not();
      depth--;
      return new Expression.Unary('!', operand);
    }
    return comparison();
  }

  private Expression comparison() throws ExpressionException {
    Expression left = sum();
    Token op = peek();
    if (op.kind() == Kind.SYMBOL && COMPARISONS.contains(op.text())) {
      take();
      Expression right = sum();
      Token again = peek();
      if (again.kind() == Kind.SYMBOL && COMPARISONS.contains(again.text())) {
        throw new ExpressionException(
            again.position(),
            "comparisons do not chain: write 'a < b and b < c' instead of 'a < b < c'");
      }
      return new Expression.Binary(op.text(), left, right);
    }
    return left;
  }

  private Expression sum() throws ExpressionException {
    Expression left = product();
    while (peek().is("+") || peek().is("-")) {
      String op = take().text();
      left = new Expression.Binary(op, left, product());
    }
    return left;
  }

  private Expression product() throws ExpressionException {
    Expression left = unary();
    while (peek().is("*") || peek().is("/")) {
      String op = take().text();
      left = new Expression.Binary(op, left, unary());
    }
    return left;
  }

  private Expression unary() throws ExpressionException {
    if (peek().is("-")) {
      take();
      enter();
      Expression operand = unary();
      depth--;
      return new Expression.Unary('-', operand);
    }
    return power();
  }

  private Expression power() throws ExpressionException {
    Expression base = primary();
    if (peek().is("^")) {
      take();
      // Right-associative, and the exponent may be negative: 2 ^ -1, 2 ^ 3 ^ 2 = 2 ^ 9.
      enter();
      Expression exponent = unary();
      depth--;
      return new Expression.Binary("^", base, exponent);
    }
    return base;
  }

  private Expression primary() throws ExpressionException {
    Token t = take();
    switch (t.kind()) {
      case NUMBER:
        return new Expression.Number(number(t));
      case QUOTED:
        return new Expression.Point(t.text());
      case NAME:
        if (t.text().equals("sqrt3")) {
          return new Expression.Number(Math.sqrt(3));
        }
        if (KEYWORDS.contains(t.text())) {
          throw new ExpressionException(
              t.position(),
              "expected a value but found '"
                  + t.text()
                  + "' (a point of that name is written '"
                  + t.text()
                  + "')");
        }
        if (peek().is("(")) {
          return call(t);
        }
        return new Expression.Point(t.text());
      case SYMBOL:
        if (t.is("(")) {
          Expression inner = expression();
          expect(")", "')' to close the '(' at character " + t.position());
          return inner;
        }
        break;
      default:
        break;
    }
    throw new ExpressionException(
        t.position(), "expected a number, a point, a function or '(' but found " + t.describe());
  }

  private Expression call(Token name) throws ExpressionException {
    String function = name.text();
    int min;
    int max;
    switch (function) {
      case "min", "max" -> {
        min = 2;
        max = Integer.MAX_VALUE;
      }
      case "abs", "sqrt" -> {
        min = 1;
        max = 1;
      }
      case "if" -> {
        min = 3;
        max = 3;
      }
      default ->
          throw new ExpressionException(
              name.position(),
              "unknown function '" + function + "': use min, max, abs, sqrt or if");
    }
    take(); // (
    enter();
    List<Expression> arguments = new ArrayList<>();
    arguments.add(expression());
    while (peek().is(",")) {
      take();
      arguments.add(expression());
    }
    expect(")", "',' or ')' to close " + function + "( at character " + name.position());
    depth--;
    if (arguments.size() < min || arguments.size() > max) {
      String wanted =
          switch (function) {
            case "if" -> "3 values: if(condition, then, else)";
            case "abs", "sqrt" -> "1 value";
            default -> "2 or more values";
          };
      throw new ExpressionException(
          name.position(), function + " takes " + wanted + " but is given " + arguments.size());
    }
    return new Expression.Call(function, arguments);
  }

  private static double number(Token t) throws ExpressionException {
    double value = Double.parseDouble(t.text());
    if (!Double.isFinite(value)) {
      throw new ExpressionException(t.position(), "the number " + t.text() + " is too large");
    }
    return value;
  }

  private void expect(String symbol, String what) throws ExpressionException {
    Token t = take();
    if (!t.is(symbol)) {
      throw new ExpressionException(
          t.position(), "expected " + what + " but found " + t.describe());
    }
  }

  private void enter() throws ExpressionException {
    if (++depth > MAX_DEPTH) {
      throw new ExpressionException(
          peek().position(), "the expression is nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind() != Kind.END) {
      next++;
    }
    return t;
  }

  private static List<Token> tokenize(String text) throws ExpressionException {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char ch = text.charAt(i);
      int at = i + 1;
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (isDigit(ch) || (ch == '.' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
        int start = i;
        while (i < n && isDigit(text.charAt(i))) {
          i++;
        }
        if (i < n && text.charAt(i) == '.') {
          i++;
          while (i < n && isDigit(text.charAt(i))) {
            i++;
          }
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
          int mark = i++;
          if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
          }
          if (i < n && isDigit(text.charAt(i))) {
            while (i < n && isDigit(text.charAt(i))) {
              i++;
            }
          } else {
            throw new ExpressionException(
                mark + 1, "expected the digits of the exponent of " + text.substring(start, i));
          }
        }
        tokens.add(new Token(Kind.NUMBER, text.substring(start, i), at));
      } else if (isNameStart(ch)) {
        int start = i;
        while (i < n && isNamePart(text.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Kind.NAME, text.substring(start, i), at));
      } else if (ch == '\'') {
        int close = text.indexOf('\'', i + 1);
        if (close < 0) {
          throw new ExpressionException(at, "the quote ' is not closed");
        }
        String name = text.substring(i + 1, close);
        if (!TelemetryCodec.isMetricName(name)) {
          throw new ExpressionException(
              at + 1,
              "'"
                  + name
                  + "' is not a point name: it must match "
                  + TelemetryCodec.METRIC_NAME.pattern());
        }
        tokens.add(new Token(Kind.QUOTED, name, at));
        i = close + 1;
      } else {
        String two = i + 1 < n ? text.substring(i, i + 2) : "";
        switch (two) {
          case "<=", ">=", "==", "!=" -> {
            tokens.add(new Token(Kind.SYMBOL, two, at));
            i += 2;
            continue;
          }
          case "&&" -> throw new ExpressionException(at, "write 'and' instead of '&&'");
          case "||" -> throw new ExpressionException(at, "write 'or' instead of '||'");
          default -> {}
        }
        switch (ch) {
          case '+', '-', '*', '/', '^', '(', ')', ',', '<', '>' -> {
            tokens.add(new Token(Kind.SYMBOL, String.valueOf(ch), at));
            i++;
          }
          case '=' -> throw new ExpressionException(at, "write '==' to compare, not '='");
          case '!' -> throw new ExpressionException(at, "write 'not' or '!=' instead of '!'");
          default ->
              throw new ExpressionException(
                  at,
                  "'"
                      + new String(Character.toChars(text.codePointAt(i)))
                      + "' has no meaning here: expected a number, a point name, an operator"
                      + " (+ - * / ^ < <= > >= == != and or not), a function, ',' or a"
                      + " parenthesis");
        }
      }
    }
    tokens.add(new Token(Kind.END, "", n + 1));
    return tokens;
  }

  private static boolean isDigit(char ch) {
    return ch >= '0' && ch <= '9';
  }

  private static boolean isNameStart(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
  }

  private static boolean isNamePart(char ch) {
    return isNameStart(ch) || isDigit(ch) || ch == '.' || ch == ':';
  }
}
