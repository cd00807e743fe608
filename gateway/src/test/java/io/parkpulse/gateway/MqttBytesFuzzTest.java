package io.parkpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parkpulse.gateway.auth.DeviceAuthenticator;
import io.parkpulse.gateway.commands.CommandResponses;
import io.parkpulse.gateway.events.DeviceEvents;
import io.parkpulse.gateway.kafka.DeadLetters;
import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.gateway.limits.Limiter;
import io.parkpulse.gateway.mqtt.MqttGateway;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.gateway.sparkplug.SparkplugHandler;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import io.parkpulse.model.TelemetryCodec;
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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    DeviceRegistry registry = new DeviceRegistry();
    DeviceRef press = new DeviceRef("acme", "press-01");
    registry.apply(
        press,
        new RegistryEntry(press, "north", true, SecretHash.hash("s3cret", 1_000), List.of()));
    registry.markCaughtUp();
    RecordSink sink = (topic, key, value, headers) -> CompletableFuture.completedFuture(null);
    DeadLetters deadLetters = new DeadLetters("parkpulse", sink);
    Clock clock = Clock.systemUTC();
    TelemetryPipeline telemetry =
        new TelemetryPipeline("parkpulse", sink, deadLetters, new TelemetryCodec(), clock, meters);
    DeviceEvents events = new DeviceEvents("parkpulse", sink, deadLetters, clock, meters);
    gateway =
        new MqttGateway(
            VERTX,
            List.of(
                new MqttServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(0)
                    .setMaxMessageSize(64 * 1024)
                    .setTimeoutOnConnect(2)),
            new MqttGateway.Flow(100, 1 << 20),
            registry,
            new DeviceAuthenticator(
                registry,
                new DeviceAuthenticator.Limits(1_000_000, 1_000_000, Duration.ofMinutes(1)),
                meters),
            new MqttGateway.Logins(1, 100),
            telemetry,
            events,
            new CommandResponses("parkpulse", sink, deadLetters, clock, meters),
            new Limiter(
                registry::find,
                new Limiter.Settings(Duration.ofSeconds(10), 1),
                clock,
                System::nanoTime,
                meters),
            new SparkplugHandler(
                telemetry,
                events,
                deadLetters,
                Duration.ofSeconds(5),
                clock,
                System::nanoTime,
                meters),
            meters);
    port = gateway.start().toCompletionStage().toCompletableFuture().get().get(0);
  }

  @AfterAll
  static void stopGateway() {
    VERTX.close().toCompletionStage().toCompletableFuture().join();
  }

  @FuzzTest(maxDuration = "10m")
  void anyBytesLeaveTheGatewayServing(FuzzedDataProvider data) throws Exception {
    boolean login = data.consumeBoolean();
    byte[] rest = data.consumeRemainingAsBytes();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(200);
      OutputStream out = socket.getOutputStream();
      if (login) {
        out.write(connect("press-01@acme", "s3cret"));
      }
      out.write(rest);
      out.flush();
      drain(socket.getInputStream());
    } catch (IOException closedByTheGateway) {
      // The gateway may close a connection that sent nonsense: that is an answer too.
    }
    // Every so often, a real client proves the gateway still serves.
    if (++inputs % 200 == 0) {
      try (MqttAsyncClient client = TestDevices.connect(port, "press-01@acme", "s3cret")) {
        assertThat(client.isConnected()).isTrue();
        client.disconnectForcibly(1000);
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
