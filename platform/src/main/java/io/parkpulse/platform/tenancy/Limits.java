package io.parkpulse.platform.tenancy;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.RegistryEntry;

/**
 * Limits of a park or enterprise in the API: what is set (null: not set, the next level's value
 * applies) or what is in force. {@code 0} means no limit.
 *
 * @param maxConnections connections the enterprise's devices may hold at once
 * @param deviceMessagesPerSecond MQTT messages per second of each device
 * @param enterpriseMessagesPerSecond MQTT messages per second of all the enterprise's devices
 * @param deviceBytesPerDay payload bytes per UTC day of each device
 * @param enterpriseBytesPerDay payload bytes per UTC day of all the enterprise's devices
 */
public record Limits(
    Integer maxConnections,
    Integer deviceMessagesPerSecond,
    Integer enterpriseMessagesPerSecond,
    Long deviceBytesPerDay,
    Long enterpriseBytesPerDay) {

  /** Nothing set. */
  public static final Limits UNSET = new Limits(null, null, null, null, null);

  /**
   * Refuses a negative value with a 400 naming the field.
   *
   * @return these limits
   */
  public Limits validated() {
    nonNegative(maxConnections, "maxConnections");
    nonNegative(deviceMessagesPerSecond, "deviceMessagesPerSecond");
    nonNegative(enterpriseMessagesPerSecond, "enterpriseMessagesPerSecond");
    nonNegative(deviceBytesPerDay, "deviceBytesPerDay");
    nonNegative(enterpriseBytesPerDay, "enterpriseBytesPerDay");
    return this;
  }

  /** Each value set here, else the one of {@code fallback}. */
  public Limits or(Limits fallback) {
    return new Limits(
        maxConnections != null ? maxConnections : fallback.maxConnections,
        deviceMessagesPerSecond != null
            ? deviceMessagesPerSecond
            : fallback.deviceMessagesPerSecond,
        enterpriseMessagesPerSecond != null
            ? enterpriseMessagesPerSecond
            : fallback.enterpriseMessagesPerSecond,
        deviceBytesPerDay != null ? deviceBytesPerDay : fallback.deviceBytesPerDay,
        enterpriseBytesPerDay != null ? enterpriseBytesPerDay : fallback.enterpriseBytesPerDay);
  }

  /** These limits, every one set, as a registry entry carries them. */
  public RegistryEntry.Limits toRegistry() {
    return new RegistryEntry.Limits(
        maxConnections,
        deviceMessagesPerSecond,
        enterpriseMessagesPerSecond,
        deviceBytesPerDay,
        enterpriseBytesPerDay);
  }

  private static void nonNegative(Number value, String field) {
    require(
        value == null || value.longValue() >= 0,
        field,
        "must be 0 (no limit) or more, or null to use the park's or the platform's default; was "
            + value);
  }
}
