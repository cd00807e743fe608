package io.parkpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.devstack.pki.TestPki;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * The gateway with its plain listener turned off, as the Helm chart's production values run it: the
 * MQTT port takes no connection at all, and devices log in over TLS.
 */
@QuarkusTest
@TestProfile(TlsOnlyIT.PlainOff.class)
@WithTestResource(GatewayTestResource.class)
class TlsOnlyIT {

  /** The plain listener off. */
  public static class PlainOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("parkpulse.gateway.mqtt.enabled", "false");
    }
  }

  @Inject GatewayLifecycle gateway;

  @ConfigProperty(name = "parkpulse.gateway.mqtt.port")
  int plainPort;

  @Test
  void thePlainPortIsClosedAndDevicesLogInOverTls() throws Exception {
    assertThat(gateway.mqttPort()).isEqualTo(-1);
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", plainPort), 2000);
              }
            })
        .isInstanceOf(ConnectException.class);

    TestDevices.register(gateway.registry(), "tls-only-01@tls-only", GatewayTestResource.PARK);
    MqttAsyncClient client =
        new MqttAsyncClient(
            "ssl://127.0.0.1:" + gateway.mqttTlsPort(), "tls-only-01", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName("tls-only-01@tls-only");
    options.setPassword(TestDevices.SECRET.toCharArray());
    options.setSocketFactory(TestPki.socketFactory(GatewayTestResource.serverCa(), null));
    client.connect(options).waitForCompletion(10_000);
    assertThat(client.isConnected()).isTrue();
    client.disconnect().waitForCompletion(5_000);
    client.close();
  }
}
