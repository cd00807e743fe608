package io.parkpulse.agent.collect.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A local serial port (an RS-485 or RS-232 adapter) through jSerialComm. */
final class PortLink implements SerialLink {

  /** The error jSerialComm reports for a port another process has locked (EAGAIN on Linux). */
  private static final int BUSY = 11;

  private final SerialSettings settings;
  private final SerialPort port;

  private PortLink(SerialSettings settings, SerialPort port) {
    this.settings = settings;
    this.port = port;
  }

  static PortLink open(SerialSettings settings) throws IOException {
    SerialPort port;
    try {
      port = SerialPort.getCommPort(settings.device());
    } catch (RuntimeException e) {
      throw new IOException(
          "no serial port "
              + settings.device()
              + "; check the adapter is plugged in (ls /dev/tty*)",
          e);
    }
    int parity =
        switch (settings.parity()) {
          case NONE -> SerialPort.NO_PARITY;
          case EVEN -> SerialPort.EVEN_PARITY;
          case ODD -> SerialPort.ODD_PARITY;
        };
    int stopBits = settings.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
    port.setComPortParameters(settings.baud(), settings.dataBits(), stopBits, parity);
    port.setComPortTimeouts(
        SerialPort.TIMEOUT_READ_SEMI_BLOCKING, (int) Math.max(1, settings.timeout().toMillis()), 0);
    if (!port.openPort()) {
      int error = port.getLastErrorCode();
      throw new IOException(
          "cannot open serial port "
              + settings.device()
              + " (error "
              + error
              + "); "
              + (error == BUSY
                  ? "another program holds it: the running agent opens it exclusively, so stop the"
                      + " agent before running check, or close the other program"
                  : "check it exists and that the agent's user may use it (group dialout)"));
    }
    return new PortLink(settings, port);
  }

  @Override
  public InputStream input() {
    return port.getInputStream();
  }

  @Override
  public OutputStream output() {
    return port.getOutputStream();
  }

  /** Also what the operating system holds for the port, not yet in jSerialComm's stream. */
  @Override
  public void discardInput() throws IOException {
    port.flushIOBuffers();
    SerialLink.super.discardInput();
  }

  @Override
  public String name() {
    return settings.describe();
  }

  @Override
  public void close() {
    // A pseudo-terminal (socat's virtual ports) closed with parity set cannot be opened again by
    // jSerialComm 2.10 (EINVAL) until it is recreated; left without parity, it can.
    if (settings.parity() != SerialSettings.Parity.NONE) {
      port.setParity(SerialPort.NO_PARITY);
    }
    port.closePort();
  }
}
