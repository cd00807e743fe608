package io.parkpulse.model;

/**
 * A payload that breaks the contract. A client error: it is counted and dead-lettered, never
 * retried. The message says what is wrong in terms a device developer can act on.
 */
public class InvalidPayloadException extends Exception {

  public InvalidPayloadException(String message) {
    super(message);
  }

  public InvalidPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
