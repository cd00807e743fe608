package io.parkpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.gateway.mqtt.MqttGateway;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Raw MQTT bytes against a running gateway (a real Vert.x MQTT server, Kafka held in memory): a
 * valid CONNECT of a registered device followed by mutated bytes, or mutated bytes alone, on a
 * socket of their own. Whatever arrives, the gateway must go on serving: after each input a real
 * Paho client still connects. The gateway's own checks (authentication, topics, payloads) are
 * reached because most inputs start with a CONNECT that logs in.
 */
class MqttBytesFuzzTest {

  private static final Vertx VERTX = Vertx.vertx();
  private static MqttGateway gateway;
  private static int port;
  private static long inputs;

  @BeforeAll
  static void startGateway() throws Exception {
    RecordSink sink = (topic, key, value, headers) -> CompletableFuture.completedFuture(null);
    gateway =
        InMemoryGateway.create(
            VERTX,
            sink,
            new MqttServerOptions().setMaxMessageSize(64 * 1024).setTimeoutOnConnect(2),
            1_000_000);
    port = gateway.start().toCompletionStage().toCompletableFuture().get().get(0);
  }

  @AfterAll
  static void stopGateway() {
    VERTX.close().toCompletionStage().toCompletableFuture().join();
  }

  @FuzzTest(maxDuration = "10m")
  void anyBytesLeaveTheGatewayServing(FuzzedDataProvider data) throws Exception {
    // Jazzer's request-forgery detector flags every connection: these go to the gateway only.
    int allowed = port;
    try (SilentCloseable network =
        BugDetectors.allowNetworkConnections(
            (host, to) ->
                to == allowed && (host.equals("127.0.0.1") || host.equals("localhost")))) {
      boolean login = data.consumeBoolean();
      byte[] rest = data.consumeRemainingAsBytes();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(20);
        OutputStream out = socket.getOutputStream();
        if (login) {
          out.write(connect(InMemoryGateway.USERNAME, InMemoryGateway.SECRET));
        }
        out.write(rest);
        out.flush();
        drain(socket.getInputStream());
      } catch (IOException closedByTheGateway) {
        // The gateway may close a connection that sent nonsense: that is an answer too.
      }
      // Every so often, a real client proves the gateway still serves.
      if (++inputs % 200 == 0) {
        try (MqttAsyncClient client =
            TestDevices.connect(port, InMemoryGateway.USERNAME, InMemoryGateway.SECRET)) {
          assertThat(client.isConnected()).isTrue();
          client.disconnectForcibly(1000);
        }
      }
    }
  }

  /** Reads what the gateway answers until it pauses or closes. */
  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[4096];
    try {
      while (in.read(buffer) >= 0) {
        // keep reading
      }
    } catch (SocketTimeoutException pause) {
      // The gateway waits for more: enough for this input.
    }
  }

  /** An MQTT 3.1.1 CONNECT with clean session, keep-alive 60 s, a username and a password. */
  static byte[] connect(String username, String password) {
    ByteArrayOutputStream variable = new ByteArrayOutputStream();
    writeString(variable, "MQTT");
    variable.write(4); // protocol level 3.1.1
    variable.write(0b1100_0010); // username, password, clean session
    variable.write(0);
    variable.write(60);
    writeString(variable, "fuzz-" + System.nanoTime());
    writeString(variable, username);
    writeString(variable, password);
    byte[] body = variable.toByteArray();
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0x10);
    packet.write(body.length); // < 128
    packet.writeBytes(body);
    return packet.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >> 8);
    out.write(bytes.length & 0xFF);
    out.writeBytes(bytes);
  }
}
