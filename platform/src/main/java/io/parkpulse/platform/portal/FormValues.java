package io.parkpulse.platform.portal;

/** Reading the text fields of portal forms. */
final class FormValues {

  private FormValues() {}

  /** Whether a field was left empty. */
  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** A whole number typed into a field, or null if it is empty or not one. */
  static Long wholeNumber(String s) {
    if (blank(s)) {
      return null;
    }
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A decimal number typed into a field, a comma taken as the decimal point (as a Chinese or German
   * keyboard may type it), or null if it is empty or not a finite number.
   */
  static java.math.BigDecimal decimal(String s) {
    if (blank(s)) {
      return null;
    }
    try {
      return new java.math.BigDecimal(s.strip().replace(',', '.'));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
