package io.parkpulse.platform.notifications.send;

/**
 * How one attempt went.
 *
 * @param httpStatus the receiver's HTTP status, null when there was no answer (or for e-mail)
 * @param error what went wrong, in words an operator can act on; null when delivered
 * @param permanent whether trying again cannot help (the receiver refused the request itself)
 */
public record Delivery(boolean ok, Integer httpStatus, String error, boolean permanent) {

  static Delivery delivered(Integer httpStatus) {
    return new Delivery(true, httpStatus, null, false);
  }

  static Delivery failed(Integer httpStatus, String error) {
    return new Delivery(false, httpStatus, error, false);
  }

  static Delivery refused(Integer httpStatus, String error) {
    return new Delivery(false, httpStatus, error, true);
  }
}
