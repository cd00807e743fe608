package io.parkpulse.platform.api;

import java.util.regex.Pattern;

/**
 * Cells of the CSV files the platform writes (RFC 4180). Text that a spreadsheet would read as a
 * formula ({@code = + - @}, a tab or a carriage return first) gets a leading apostrophe, so that a
 * device name, a metric's string value or a point name chosen by someone else cannot run in the
 * spreadsheet of whoever opens the export. Numbers, negative ones included, stay numbers.
 */
public final class Csv {

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final String FORMULA_STARTS = "=+-@\t\r";

  private Csv() {}

  /** {@code value} kept from being read as a formula, then quoted as RFC 4180 asks. */
  public static String cell(String value) {
    return quote(text(value));
  }

  /** Text kept from being read as a formula; a number is left as it is. */
  public static String text(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    if (FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 && !NUMBER.matcher(value).matches()) {
      return "'" + value;
    }
    return value;
  }

  /** RFC 4180: quoted if it holds a comma, a quote or a line break; quotes doubled. */
  public static String quote(String cell) {
    if (cell.indexOf(',') < 0
        && cell.indexOf('"') < 0
        && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
