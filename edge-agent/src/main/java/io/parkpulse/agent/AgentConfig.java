package io.parkpulse.agent;

import io.parkpulse.agent.store.ReadingStore;
import io.parkpulse.model.DeviceRef;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * One device's agent settings, read from a properties file.
 *
 * @param gatewayUri the gateway's MQTT address, e.g. {@code tcp://gateway.park.example:1883}
 * @param device the device identity; its username is {@code {device}@{enterprise}}
 * @param secret the device secret issued at provisioning
 * @param interval time between readings
 * @param seed seed of the simulated machine, so that a run can be repeated
 * @param stateDir where the agent keeps what must survive a restart: the store and the status
 * @param maxReadings stop taking readings once the device's sequence number reaches this, then send
 *     what is stored and exit; 0 runs until stopped
 * @param storeMaxBytes most bytes the reading store takes on disk
 * @param overflow what happens when the store is full
 * @param maxInflight messages sent and not yet acknowledged, at most
 * @param readingsPerMessage readings in one MQTT message, at most
 */
public record AgentConfig(
    String gatewayUri,
    DeviceRef device,
    String secret,
    Duration interval,
    long seed,
    Path stateDir,
    long maxReadings,
    long storeMaxBytes,
    ReadingStore.Overflow overflow,
    int maxInflight,
    int readingsPerMessage) {

  /**
   * Reads a properties file; the keys are listed in {@code docs/configuration.md}.
   *
   * @throws IllegalArgumentException naming the file and key that is missing or wrong
   */
  public static AgentConfig load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      p.load(reader);
    }
    try {
      return new AgentConfig(
          p.getProperty("gateway.uri", "tcp://localhost:1883").trim(),
          new DeviceRef(required(p, "device.enterprise"), required(p, "device.id")),
          required(p, "device.secret"),
          duration("publish.interval", p.getProperty("publish.interval", "1s")),
          number("simulator.seed", p.getProperty("simulator.seed", "1")),
          file.toAbsolutePath().getParent().resolve(p.getProperty("state.dir", "state").trim()),
          number("publish.max-readings", p.getProperty("publish.max-readings", "0")),
          bytes("store.max-bytes", p.getProperty("store.max-bytes", "256m")),
          overflow(p.getProperty("store.overflow", "drop-oldest")),
          (int) number("publish.max-inflight", p.getProperty("publish.max-inflight", "16")),
          (int)
              number(
                  "publish.readings-per-message",
                  p.getProperty("publish.readings-per-message", "100")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Where this device's store and status live. */
  public Path deviceDir() {
    return stateDir.resolve(device.enterprise() + "-" + device.device());
  }

  /** Parses {@code 250ms}, {@code 5s}, {@code 2m} or an ISO-8601 duration such as {@code PT1S}. */
  static Duration duration(String key, String text) {
    String t = text.trim();
    try {
      if (t.startsWith("P") || t.startsWith("p")) {
        return Duration.parse(t);
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + key + "' is '" + text + "'; write a duration like 500ms, 1s or 5m");
    }
  }

  /** Parses {@code 512k}, {@code 256m}, {@code 1g} or a number of bytes. */
  static long bytes(String key, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      long unit =
          switch (t.charAt(t.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
          };
      long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
      if (n * unit < 64 * 1024) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + key + "' is '" + text + "'; write a size of at least 64k, like 256m or 1g");
    }
  }

  private static long number(String key, String text) {
    try {
      long n = Long.parseLong(text.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + key + "' is '" + text + "'; write a whole number, 0 or more");
    }
  }

  private static ReadingStore.Overflow overflow(String text) {
    return switch (text.trim()) {
      case "drop-oldest" -> ReadingStore.Overflow.DROP_OLDEST;
      case "drop-newest" -> ReadingStore.Overflow.DROP_NEWEST;
      default ->
          throw new IllegalArgumentException(
              "'store.overflow' is '" + text + "'; write drop-oldest or drop-newest");
    };
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + key + "' is required");
    }
    return value.trim();
  }
}
