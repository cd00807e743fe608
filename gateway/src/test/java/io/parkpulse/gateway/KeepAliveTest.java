package io.parkpulse.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.gateway.mqtt.MqttGateway;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MQTT keep-alive: the gateway closes a connection whose device has sent nothing for one and a half
 * times its keep-alive, and keeps one that pings in time. Raw sockets, so that no client library
 * pings on its own.
 */
class KeepAliveTest {

  private final Vertx vertx = Vertx.vertx();
  private final RecordSink sink =
      (String topic, String key, byte[] value, Map<String, String> headers) ->
          CompletableFuture.completedFuture(null);

  @AfterEach
  void closeVertx() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void disconnectsADeviceSilentForOneAndAHalfTimesItsKeepAlive() throws Exception {
    int port = start();
    try (Socket socket = connect(port, 1)) {
      long connected = System.nanoTime();
      // Blocks until the gateway closes the connection (end of stream) or the timeout fails it.
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      long silentMillis = (System.nanoTime() - connected) / 1_000_000;
      // 1.5 × 1 s, rounded up to whole seconds; then up to a period of the shared check.
      assertThat(silentMillis).isBetween(1_900L, 5_000L);
    }
  }

  @Test
  void keepsADeviceThatPingsWithinItsKeepAlive() throws Exception {
    int port = start();
    try (Socket socket = connect(port, 1)) {
      OutputStream out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      long start = System.nanoTime();
      // Pings every half keep-alive for twice the time after which a silent device is closed.
      while (System.nanoTime() - start < 4_000_000_000L) {
        Thread.sleep(500); // the device's ping interval, not a wait for the gateway
        out.write(new byte[] {(byte) 0xC0, 0x00}); // PINGREQ
        out.flush();
        byte[] pingresp = new byte[2];
        in.readFully(pingresp);
        assertThat(pingresp).containsExactly(0xD0, 0x00);
      }
      // Silent from now on: closed in its turn.
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  private int start() throws Exception {
    MqttGateway gateway = InMemoryGateway.create(vertx, sink, new MqttServerOptions(), 100);
    return gateway.start().toCompletionStage().toCompletableFuture().get().get(0);
  }

  /** An accepted MQTT 3.1.1 connection of the test device with {@code keepAlive} seconds. */
  private static Socket connect(int port, int keepAlive) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(string("MQTT"));
    body.write(4); // protocol level 3.1.1
    body.write(0xC2); // username, password, clean session
    body.write(new byte[] {(byte) (keepAlive >> 8), (byte) keepAlive});
    body.write(string("keep-alive-client"));
    body.write(string(InMemoryGateway.USERNAME));
    body.write(string(InMemoryGateway.SECRET));
    OutputStream out = socket.getOutputStream();
    out.write(0x10);
    out.write(body.size()); // below 128: one length byte
    body.writeTo(out);
    out.flush();
    byte[] connack = new byte[4];
    InputStream in = socket.getInputStream();
    new DataInputStream(in).readFully(connack);
    assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);
    return socket;
  }

  private static byte[] string(String value) {
    byte[] bytes = value.getBytes(UTF_8);
    byte[] encoded = new byte[bytes.length + 2];
    encoded[0] = (byte) (bytes.length >> 8);
    encoded[1] = (byte) bytes.length;
    System.arraycopy(bytes, 0, encoded, 2, bytes.length);
    return encoded;
  }
}
