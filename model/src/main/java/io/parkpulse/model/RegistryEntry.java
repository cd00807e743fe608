package io.parkpulse.model;

import java.util.List;
import java.util.Objects;

/**
 * A device as the gateways know it, on the compacted topic {@code parkpulse.registry.v1} keyed
 * {@code {enterprise}/{device}}; a record with a null value (tombstone) deletes the device. The
 * platform writes it whenever the device is created or changed.
 *
 * @param device the device
 * @param park the park its enterprise belongs to: where its telemetry goes
 * @param enabled whether it may connect
 * @param secretHash {@link SecretHash} of its secret
 * @param gatewayFor ids of devices of the same enterprise this device may publish for, as their
 *     gateway (empty for an ordinary device)
 * @param limits the limits in force for the device and its enterprise ({@link Limits#NONE} when the
 *     record carries none: written before limits existed, or by a tool)
 */
public record RegistryEntry(
    DeviceRef device,
    String park,
    boolean enabled,
    String secretHash,
    List<String> gatewayFor,
    Limits limits) {

  public RegistryEntry {
    Objects.requireNonNull(device, "device");
    Ids.require(park, "park");
    Objects.requireNonNull(secretHash, "secretHash");
    gatewayFor = List.copyOf(gatewayFor);
    gatewayFor.forEach(id -> Ids.require(id, "gatewayFor device"));
    limits = limits == null ? Limits.NONE : limits;
  }

  /** An entry without limits. */
  public RegistryEntry(
      DeviceRef device, String park, boolean enabled, String secretHash, List<String> gatewayFor) {
    this(device, park, enabled, secretHash, gatewayFor, Limits.NONE);
  }

  /** The same entry with {@code limits}. */
  public RegistryEntry withLimits(Limits limits) {
    return new RegistryEntry(device, park, enabled, secretHash, gatewayFor, limits);
  }

  /**
   * The effective limits of a device and of its enterprise, as the platform resolved them (device,
   * enterprise, park, then global defaults). Every entry of an enterprise carries the same
   * enterprise-wide values. {@code 0} means no limit.
   *
   * @param maxConnections connections the enterprise's devices may hold at once
   * @param deviceMessagesPerSecond MQTT PUBLISH packets per second of the device
   * @param enterpriseMessagesPerSecond MQTT PUBLISH packets per second of all the enterprise's
   *     devices together
   * @param deviceBytesPerDay payload bytes per UTC day of the device
   * @param enterpriseBytesPerDay payload bytes per UTC day of all the enterprise's devices together
   */
  public record Limits(
      int maxConnections,
      int deviceMessagesPerSecond,
      int enterpriseMessagesPerSecond,
      long deviceBytesPerDay,
      long enterpriseBytesPerDay) {

    /** No limit at all. */
    public static final Limits NONE = new Limits(0, 0, 0, 0, 0);

    public Limits {
      if (maxConnections < 0
          || deviceMessagesPerSecond < 0
          || enterpriseMessagesPerSecond < 0
          || deviceBytesPerDay < 0
          || enterpriseBytesPerDay < 0) {
        throw new IllegalArgumentException("limits must not be negative (0: no limit)");
      }
    }
  }
}
