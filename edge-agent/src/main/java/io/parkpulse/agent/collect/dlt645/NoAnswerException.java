package io.parkpulse.agent.collect.dlt645;

import java.io.InterruptedIOException;

/**
 * Nothing arrived within the line's timeout: the meter is off, not on the bus, has another address,
 * or the line's wiring, baud rate or parity is wrong.
 */
public final class NoAnswerException extends InterruptedIOException {

  private static final long serialVersionUID = 1L;

  public NoAnswerException(String message) {
    super(message);
  }
}
