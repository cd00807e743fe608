package io.parkpulse.agent.collect.serial;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach a serial line: a local port (RS-485 or RS-232 adapter, e.g. {@code /dev/ttyUSB0}) or
 * a serial device server on the network that passes the line's bytes through a TCP port.
 *
 * @param device the local port's path, or null for a serial server
 * @param host the serial server's address, or null for a local port
 * @param tcpPort the serial server's TCP port (often 4001 or 502); unused for a local port
 * @param baud bits per second, e.g. 9600; on a serial server it is set on the server
 * @param dataBits 7 or 8
 * @param parity none, even or odd
 * @param stopBits 1 or 2
 * @param timeout how long an answer may take to start arriving
 * @param gap the silence that ends a frame and that separates two requests on the bus
 */
public record SerialSettings(
    String device,
    String host,
    int tcpPort,
    int baud,
    int dataBits,
    Parity parity,
    int stopBits,
    Duration timeout,
    Duration gap) {

  /** Parity as port settings write it. */
  public enum Parity {
    NONE('N'),
    EVEN('E'),
    ODD('O');

    private final char letter;

    Parity(char letter) {
      this.letter = letter;
    }

    /** N, E or O, as in {@code 8E1}. */
    public char letter() {
      return letter;
    }
  }

  public SerialSettings {
    if ((device == null) == (host == null)) {
      throw new IllegalArgumentException("a serial line is a local port or a serial server");
    }
    Objects.requireNonNull(parity, "parity");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(gap, "gap");
  }

  /** Whether the line is reached through a serial server. */
  public boolean overTcp() {
    return host != null;
  }

  /**
   * The line as a technician names it: {@code /dev/ttyUSB0 9600 8E1} or {@code tcp 10.0.0.5:4001}.
   */
  public String describe() {
    return overTcp()
        ? "tcp " + host + ":" + tcpPort
        : String.format(
            Locale.ROOT, "%s %d %d%c%d", device, baud, dataBits, parity.letter(), stopBits);
  }
}
