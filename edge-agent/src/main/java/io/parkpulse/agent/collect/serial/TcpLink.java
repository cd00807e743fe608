package io.parkpulse.agent.collect.serial;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A serial line through a serial device server: the server passes bytes both ways over TCP. */
final class TcpLink implements SerialLink {

  private final SerialSettings settings;
  private final Socket socket;

  private TcpLink(SerialSettings settings, Socket socket) {
    this.settings = settings;
    this.socket = socket;
  }

  static TcpLink open(SerialSettings settings) throws IOException {
    Socket socket = new Socket();
    try {
      int timeout = (int) Math.max(1, settings.timeout().toMillis());
      socket.connect(new InetSocketAddress(settings.host(), settings.tcpPort()), timeout);
      socket.setSoTimeout(timeout);
      socket.setTcpNoDelay(true);
      return new TcpLink(settings, socket);
    } catch (IOException e) {
      socket.close();
      throw new IOException(
          "cannot reach the serial server "
              + settings.host()
              + ":"
              + settings.tcpPort()
              + " ("
              + e.getMessage()
              + "); check its address, its TCP port and that it is in TCP server mode",
          e);
    }
  }

  @Override
  public InputStream input() {
    try {
      return socket.getInputStream();
    } catch (IOException e) {
      throw new IllegalStateException("the serial server connection is closed", e);
    }
  }

  @Override
  public OutputStream output() {
    try {
      return socket.getOutputStream();
    } catch (IOException e) {
      throw new IllegalStateException("the serial server connection is closed", e);
    }
  }

  @Override
  public String name() {
    return settings.describe();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a socket that failed: nothing left to release.
    }
  }
}
