package io.parkpulse.agent.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class BufferedSocketsTest {

  @Test
  void readsThroughOneBufferAndLosesNothingAcrossAReadTimeout() throws Exception {
    try (ServerSocket server = new ServerSocket(0);
        Socket client = BufferedSockets.INSTANCE.createSocket()) {
      // As Paho does: an unconnected socket, then connect and a read timeout.
      client.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), 2_000);
      client.setSoTimeout(200);
      try (Socket accepted = server.accept()) {
        OutputStream out = accepted.getOutputStream();
        InputStream in = client.getInputStream();
        assertThat(in).isInstanceOf(BufferedInputStream.class).isSameAs(client.getInputStream());

        // A PUBACK (0x40, length 2, packet id 7) and the first byte of the next one.
        out.write(new byte[] {0x40, 2, 0, 7, 0x40});
        out.flush();
        byte[] first = new byte[4];
        assertThat(in.readNBytes(first, 0, 4)).isEqualTo(4);
        assertThat(first).containsExactly(0x40, 2, 0, 7);
        assertThat(in.read()).isEqualTo(0x40);
        assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);

        out.write(new byte[] {2, 0, 8});
        out.flush();
        assertThat(in.read()).isEqualTo(2);
        assertThat(in.read()).isZero();
        assertThat(in.read()).isEqualTo(8);
      }
    }
  }

  @Test
  void theConnectingFactoryMethodsConnect() throws Exception {
    try (ServerSocket server = new ServerSocket(0);
        Socket client = BufferedSockets.INSTANCE.createSocket("127.0.0.1", server.getLocalPort());
        Socket accepted = server.accept()) {
      accepted.getOutputStream().write(42);
      assertThat(client.isConnected()).isTrue();
      assertThat(client.getInputStream().read()).isEqualTo(42);
    }
  }
}
