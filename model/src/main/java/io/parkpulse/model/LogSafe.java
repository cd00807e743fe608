package io.parkpulse.model;

/**
 * Makes what a client chose (a username, a certificate's subject) safe to write into a log line: a
 * stranger must not be able to forge log lines with line breaks or terminal escapes, or fill the
 * log with one enormous name.
 */
public final class LogSafe {

  /** Longest identity written; longer ones are cut and marked. */
  public static final int MAX_LENGTH = 128;

  private LogSafe() {}

  /**
   * {@code identity} with each control character (line breaks, tabs, escapes, C1 controls) shown as
   * {@code \\uXXXX} and cut to {@link #MAX_LENGTH} characters; {@code null} as {@code (none)}.
   */
  public static String identity(String identity) {
    if (identity == null) {
      return "(none)";
    }
    StringBuilder safe = new StringBuilder(Math.min(identity.length(), MAX_LENGTH) + 8);
    for (int i = 0; i < identity.length(); i++) {
      if (safe.length() >= MAX_LENGTH) {
        return safe.append("…(").append(identity.length()).append(" chars)").toString();
      }
      char c = identity.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        safe.append(String.format("\\u%04x", (int) c));
      } else {
        safe.append(c);
      }
    }
    return safe.toString();
  }
}
