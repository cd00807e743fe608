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
}
