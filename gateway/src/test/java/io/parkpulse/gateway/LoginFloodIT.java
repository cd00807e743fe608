package io.parkpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stranger floods the gateway with wrong secrets for a real device's username, from an address of
 * their own (127.0.0.3; Linux routes all of 127/8 to the loopback interface). The device, with its
 * secret, still gets in: from a clean address, and, once verified, even from the flooded one.
 */
@QuarkusTest
@WithTestResource(GatewayTestResource.class)
class LoginFloodIT {

  private static final int BAD_CREDENTIALS = 4;
  private static final int SERVER_UNAVAILABLE = 3;

  @Inject GatewayLifecycle gateway;
  @Inject MeterRegistry meters;

  @BeforeEach
  void awaitRegistry() {
    TestDevices.awaitRegistry(gateway.registry());
  }

  @Test
  void aFloodOfWrongSecretsForCnc01DoesNotStopTheRealCnc01() throws Exception {
    TestDevices.register(gateway.registry(), "cnc-01@flood-acme", GatewayTestResource.PARK);
    double rateLimitedBefore = failures("rate-limited");
    double badSecretsBefore = failures("bad-secret");

    int flood = 50;
    int refusedUnchecked = 0;
    for (int i = 0; i < flood; i++) {
      int code = refusal("127.0.0.3", "cnc-01@flood-acme", "guess-" + i);
      assertThat(code).isIn(BAD_CREDENTIALS, SERVER_UNAVAILABLE);
      if (code == SERVER_UNAVAILABLE) {
        refusedUnchecked++;
      }
    }
    // The username allows 5 failures a minute, and regains one every 12 s while the flood lasts:
    // the rest of the flood was refused unchecked.
    double checked = failures("bad-secret") - badSecretsBefore;
    assertThat(checked).isBetween(5.0, 8.0);
    assertThat(refusedUnchecked).isEqualTo(flood - (int) checked);
    assertThat(failures("rate-limited") - rateLimitedBefore).isEqualTo(refusedUnchecked);

    try (MqttAsyncClient device = connect("127.0.0.2", "cnc-01@flood-acme", TestDevices.SECRET)) {
      assertThat(device.isConnected()).isTrue();
      device.disconnect().waitForCompletion(5_000);
    }
    // Its secret, verified once, now gets it in even from the address that flooded.
    try (MqttAsyncClient device = connect("127.0.0.3", "cnc-01@flood-acme", TestDevices.SECRET)) {
      assertThat(device.isConnected()).isTrue();
      device.disconnect().waitForCompletion(5_000);
    }
    // ... while a wrong secret from there is still refused unchecked.
    assertThat(refusal("127.0.0.3", "cnc-01@flood-acme", "guess-again"))
        .isEqualTo(SERVER_UNAVAILABLE);
  }

  /** The CONNACK code the gateway refused a login with; fails if it accepted it. */
  private int refusal(String from, String username, String secret) {
    try (MqttAsyncClient accepted = connect(from, username, secret)) {
      throw new AssertionError(username + " was let in with " + secret);
    } catch (MqttException refused) {
      return refused.getReasonCode();
    }
  }

  /** Connects as {@code username} over MQTT 3.1.1 from the local address {@code from}. */
  private MqttAsyncClient connect(String from, String username, String secret)
      throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(
            "tcp://127.0.0.1:" + gateway.mqttPort(),
            MqttAsyncClient.generateClientId(),
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(username);
    options.setPassword(secret.toCharArray());
    options.setAutomaticReconnect(false);
    options.setSocketFactory(new BoundSocketFactory(from));
    try {
      client.connect(options).waitForCompletion(10_000);
    } catch (MqttException e) {
      client.close();
      throw e;
    }
    return client;
  }

  private double failures(String reason) {
    return meters.counter("parkpulse.gateway.auth.failures", "reason", reason).count();
  }

  /** Sockets that leave from one local address of the loopback network. */
  private static final class BoundSocketFactory extends SocketFactory {
    private final String local;

    BoundSocketFactory(String local) {
      this.local = local;
    }

    @Override
    public Socket createSocket() throws IOException {
      Socket socket = new Socket();
      socket.bind(new InetSocketAddress(local, 0));
      return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      Socket socket = createSocket();
      socket.connect(new InetSocketAddress(host, port));
      return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      Socket socket = createSocket();
      socket.connect(new InetSocketAddress(host, port));
      return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return createSocket(host, port);
    }
  }
}
