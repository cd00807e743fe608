package io.parkpulse.agent.collect.dlt645;

import java.io.IOException;

/**
 * Bytes that are not a valid DL/T 645 frame or value: a bad checksum, no end byte, a length that
 * does not fit, a truncated frame, an answer from another meter, or a digit that is not BCD. On a
 * working line these come from noise, a wrong baud rate or parity, or two meters answering at once.
 */
public final class BadFrameException extends IOException {

  private static final long serialVersionUID = 1L;

  public BadFrameException(String message) {
    super(message);
  }
}
