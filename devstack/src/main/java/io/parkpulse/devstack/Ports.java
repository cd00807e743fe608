package io.parkpulse.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port helpers for local infrastructure. */
public final class Ports {

  private Ports() {}

  /** A TCP port on the loopback interface that was free a moment ago. */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on the loopback interface", e);
    }
  }

  /** Whether something accepts or holds {@code port} on any local interface. */
  public static boolean isTaken(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** A port that the stack needs is taken; the message says which setting moves it. */
  public static final class PortTakenException extends RuntimeException {
    public PortTakenException(String message) {
      super(message);
    }
  }
}
