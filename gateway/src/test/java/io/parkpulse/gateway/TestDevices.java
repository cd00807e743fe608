package io.parkpulse.gateway;

import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.registry.Registrar;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Registers the tests' devices as the platform would, and waits until the gateway knows them. */
final class TestDevices {

  static final String SECRET = "test-secret";

  private TestDevices() {}

  /** Waits until the gateway has read the registry, as its readiness check does. */
  static void awaitRegistry(DeviceRegistry registry) {
    await().atMost(Duration.ofSeconds(30)).until(registry::isCaughtUp);
  }

  /**
   * Registers {@code username} ({@code device@enterprise}) in {@code park} with {@link #SECRET}.
   */
  static DeviceRef register(DeviceRegistry registry, String username, String park) {
    awaitRegistry(registry);
    DeviceRef device = DeviceRef.fromUsername(username);
    try (Registrar registrar =
        new Registrar(KafkaBroker.shared().bootstrapServers(), "parkpulse")) {
      registrar.register(device, park, SECRET);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> registry.find(device).map(e -> e.park().equals(park)).orElse(false));
    return device;
  }

  /**
   * Connects a Paho client as {@code username} with {@code secret} over MQTT 3.1.1 (Paho's default
   * would retry a refused CONNECT as MQTT 3.1; the tests look at one version at a time).
   *
   * @throws MqttException with the CONNACK reason if the gateway refused
   */
  static MqttAsyncClient connect(int port, String username, String secret) throws MqttException {
    return connect(port, username, secret, options -> {});
  }

  /** As {@link #connect(int, String, String)}, with options changed by {@code tune} (a Will). */
  static MqttAsyncClient connect(
      int port, String username, String secret, Consumer<MqttConnectOptions> tune)
      throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(
            "tcp://127.0.0.1:" + port, username.replace('@', '-') + "-c", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(username);
    options.setPassword(secret.toCharArray());
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setMaxInflight(1_000);
    tune.accept(options);
    try {
      client.connect(options).waitForCompletion(10_000);
    } catch (MqttException e) {
      client.close();
      throw e;
    }
    return client;
  }

  /** Writes {@code entry} and waits until the gateway holds exactly it. */
  static void write(DeviceRegistry registry, RegistryEntry entry) {
    try (Registrar registrar =
        new Registrar(KafkaBroker.shared().bootstrapServers(), "parkpulse")) {
      registrar.write(entry);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> registry.find(entry.device()).map(e -> e.equals(entry)).orElse(false));
  }

  /** Deletes {@code device} and waits until the gateway forgot it. */
  static void delete(DeviceRegistry registry, DeviceRef device) {
    try (Registrar registrar =
        new Registrar(KafkaBroker.shared().bootstrapServers(), "parkpulse")) {
      registrar.delete(device);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> registry.find(device).isEmpty());
  }
}
