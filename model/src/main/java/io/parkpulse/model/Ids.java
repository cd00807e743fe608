package io.parkpulse.model;

import java.util.regex.Pattern;

/** Validates the lowercase slug ids that parks, enterprises and devices use. */
public final class Ids {

  /** {@code [a-z0-9][a-z0-9-]{1,62}}: safe in topic names, URLs, MQTT usernames and Kafka keys. */
  public static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  private Ids() {}

  /** Whether {@code id} is a valid slug. Checked per record on hot paths, so without a regex. */
  public static boolean isValid(String id) {
    if (id == null || id.length() < 2 || id.length() > 63) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char ch = id.charAt(i);
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (ch == '-' && i > 0);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code id} if it is a valid slug.
   *
   * @throws IllegalArgumentException naming {@code what} and the rule otherwise
   */
  public static String require(String id, String what) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(
          what + " '" + id + "' is not a valid id: expected " + SLUG.pattern());
    }
    return id;
  }
}
