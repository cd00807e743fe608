package io.parkpulse.agent.collect.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open serial line, local or through a serial server: bytes out, bytes in. A read blocks for at
 * most the line's timeout and then throws an {@link java.io.InterruptedIOException} (jSerialComm's
 * {@code SerialPortTimeoutException}, or a {@link java.net.SocketTimeoutException}): no answer. The
 * end of the stream (-1) means the line itself went away: the serial server closed the connection,
 * or the port's device is gone. One thread uses a link at a time.
 */
public interface SerialLink extends AutoCloseable {

  /** What is read from the line; a read waits at most the settings' timeout. */
  InputStream input();

  /** What is written to the line. */
  OutputStream output();

  /**
   * Drops whatever was received and not read, such as a late answer to an earlier request: by
   * default, what {@link #input()} has waiting.
   */
  default void discardInput() throws IOException {
    InputStream in = input();
    int waiting;
    while ((waiting = in.available()) > 0) {
      in.skipNBytes(waiting);
    }
  }

  /** The line as {@link SerialSettings#describe()} names it. */
  String name();

  @Override
  void close();

  /**
   * Opens the line {@code settings} describes.
   *
   * @throws IOException saying what could not be opened and what to check
   */
  static SerialLink open(SerialSettings settings) throws IOException {
    return settings.overTcp() ? TcpLink.open(settings) : PortLink.open(settings);
  }
}
