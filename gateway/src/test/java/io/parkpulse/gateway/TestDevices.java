package io.parkpulse.gateway;

import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.registry.Registrar;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import java.time.Duration;

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
