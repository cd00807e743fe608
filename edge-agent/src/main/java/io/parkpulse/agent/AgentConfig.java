package io.parkpulse.agent;

import io.parkpulse.model.DeviceRef;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * One device's agent settings, read from a properties file.
 *
 * @param gatewayUri the gateway's MQTT address, e.g. {@code tcp://gateway.park.example:1883}
 * @param device the device identity; its username is {@code {device}@{enterprise}}
 * @param secret the device secret issued at provisioning
 * @param interval time between readings
 * @param seed seed of the simulated machine, so that a run can be repeated
 * @param stateDir where the agent keeps what must survive a restart (the sequence counter)
 * @param maxReadings stop after this many readings; 0 runs until stopped
 */
public record AgentConfig(
    String gatewayUri,
    DeviceRef device,
    String secret,
    Duration interval,
    long seed,
    Path stateDir,
    long maxReadings) {

  /**
   * Reads a properties file with the keys {@code gateway.uri}, {@code device.enterprise}, {@code
   * device.id}, {@code device.secret}, {@code publish.interval} (e.g. {@code 1s}, {@code 500ms}),
   * {@code simulator.seed}, {@code state.dir} and {@code publish.max-readings}.
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
          p.getProperty("gateway.uri", "tcp://localhost:1883"),
          new DeviceRef(required(p, "device.enterprise"), required(p, "device.id")),
          required(p, "device.secret"),
          duration(p.getProperty("publish.interval", "1s")),
          Long.parseLong(p.getProperty("simulator.seed", "1")),
          file.toAbsolutePath().getParent().resolve(p.getProperty("state.dir", "state")),
          Long.parseLong(p.getProperty("publish.max-readings", "0")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses {@code 250ms}, {@code 5s}, {@code 2m} or an ISO-8601 duration such as {@code PT1S}. */
  static Duration duration(String text) {
    String t = text.trim();
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
      default -> throw new IllegalArgumentException("'" + text + "' is not a duration like 1s");
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
