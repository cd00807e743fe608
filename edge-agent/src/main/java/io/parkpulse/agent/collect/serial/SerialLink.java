package io.parkpulse.agent.collect.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open serial line, local or through a serial server: bytes out, bytes in. Reads block for at
 * most the line's timeout and then return -1 or throw {@link java.net.SocketTimeoutException}; the
 * caller treats both as no answer. One thread uses a link at a time.
 */
public interface SerialLink extends AutoCloseable {

  /** What is read from the line; a read waits at most the settings' timeout. */
  InputStream input();

  /** What is written to the line. */
  OutputStream output();

  /** Drops whatever was received and not read, such as a late answer to an earlier request. */
  void discardInput() throws IOException;

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
