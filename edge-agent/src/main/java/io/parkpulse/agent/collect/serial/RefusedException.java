package io.parkpulse.agent.collect.serial;

import java.io.IOException;

/**
 * A device on a serial line answered, refusing the request: a Modbus exception code, a DL/T 645
 * error answer. The device is on the line, so the bus counts a failure but does not isolate it.
 */
public class RefusedException extends IOException {

  private static final long serialVersionUID = 1L;

  /** {@code message} says what the device answered and what to check. */
  public RefusedException(String message) {
    super(message);
  }
}
