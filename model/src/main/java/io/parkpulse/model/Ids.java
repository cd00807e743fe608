package io.parkpulse.model;

import java.util.regex.Pattern;

/** Validates the lowercase slug ids that parks, enterprises and devices use. */
public final class Ids {

  /** {@code [a-z0-9][a-z0-9-]{1,62}}: safe in topic names, URLs, MQTT usernames and Kafka keys. */
  public static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  private Ids() {}

  /** Whether {@code id} is a valid slug. */
  public static boolean isValid(String id) {
    return id != null && SLUG.matcher(id).matches();
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
