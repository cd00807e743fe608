package io.parkpulse.platform.tenancy;

import io.parkpulse.model.RegistryEntry;
import io.parkpulse.platform.PlatformConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which limits are in force: the enterprise's own, else its park's defaults, else the platform's
 * ({@code parkpulse.platform.limits.*}). A device's own {@code maxMessagesPerSecond}, when set,
 * replaces the device message rate.
 */
@ApplicationScoped
public class LimitPolicy {

  private final Limits platform;

  LimitPolicy(PlatformConfig config) {
    PlatformConfig.Limits l = config.limits();
    this.platform =
        new Limits(
            l.maxConnections(),
            l.deviceMessagesPerSecond(),
            l.enterpriseMessagesPerSecond(),
            l.deviceBytesPerDay(),
            l.enterpriseBytesPerDay());
    if (l.maxConnections() < 0
        || l.deviceMessagesPerSecond() < 0
        || l.enterpriseMessagesPerSecond() < 0
        || l.deviceBytesPerDay() < 0
        || l.enterpriseBytesPerDay() < 0) {
      throw new IllegalArgumentException(
          "parkpulse.platform.limits.* must be 0 (no limit) or more: " + platform);
    }
  }

  /** The platform's defaults. */
  public Limits platform() {
    return platform;
  }

  /** What the devices of {@code park}'s enterprises get unless their enterprise sets its own. */
  public Limits park(Park park) {
    return LimitSettings.of(park.limits).or(platform);
  }

  /** What {@code enterprise} of {@code park} has in force. */
  public Limits enterprise(Park park, Enterprise enterprise) {
    return LimitSettings.of(enterprise.limits).or(park(park));
  }

  /**
   * What the registry entry of a device carries.
   *
   * @param deviceMessagesPerSecond the device's own message rate, or null for its enterprise's;
   *     never more than its enterprise's
   */
  public RegistryEntry.Limits device(
      Park park, Enterprise enterprise, Integer deviceMessagesPerSecond) {
    Limits limits = enterprise(park, enterprise);
    int ceiling = limits.deviceMessagesPerSecond();
    // A device's own rate only ever lowers its enterprise's per-device limit (0: none), so that
    // whoever edits devices cannot lift one above what the park allows.
    if (deviceMessagesPerSecond != null && (ceiling == 0 || deviceMessagesPerSecond < ceiling)) {
      limits =
          new Limits(
              limits.maxConnections(),
              deviceMessagesPerSecond,
              limits.enterpriseMessagesPerSecond(),
              limits.deviceBytesPerDay(),
              limits.enterpriseBytesPerDay());
    }
    return limits.toRegistry();
  }
}
