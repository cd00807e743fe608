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
 * @param trustAnchors the CA certificates of the device's enterprise, one PEM certificate each: a
 *     client certificate that chains to one of them and names the device may stand in for the
 *     secret (empty: the device authenticates with its secret only). The same for every device of
 *     an enterprise; optional on the topic, added after v1's first fields.
 */
public record RegistryEntry(
    DeviceRef device,
    String park,
    boolean enabled,
    String secretHash,
    List<String> gatewayFor,
    Limits limits,
    List<String> trustAnchors) {

  public RegistryEntry {
    Objects.requireNonNull(device, "device");
    Ids.require(park, "park");
    Objects.requireNonNull(secretHash, "secretHash");
    gatewayFor = List.copyOf(gatewayFor);
    gatewayFor.forEach(id -> Ids.require(id, "gatewayFor device"));
    limits = limits == null ? Limits.NONE : limits;
    trustAnchors = trustAnchors == null ? List.of() : List.copyOf(trustAnchors);
  }

  /** An entry without limits whose enterprise has no CA: it authenticates with its secret only. */
  public RegistryEntry(
      DeviceRef device, String park, boolean enabled, String secretHash, List<String> gatewayFor) {
    this(device, park, enabled, secretHash, gatewayFor, Limits.NONE, List.of());
  }

  /** An entry without limits, of a device whose enterprise trusts {@code trustAnchors}. */
  public RegistryEntry(
      DeviceRef device,
      String park,
      boolean enabled,
      String secretHash,
      List<String> gatewayFor,
      List<String> trustAnchors) {
    this(device, park, enabled, secretHash, gatewayFor, Limits.NONE, trustAnchors);
  }

  /** An entry with {@code limits}, of a device whose enterprise has no CA. */
  public RegistryEntry(
      DeviceRef device,
      String park,
      boolean enabled,
      String secretHash,
      List<String> gatewayFor,
      Limits limits) {
    this(device, park, enabled, secretHash, gatewayFor, limits, List.of());
  }

  /** The same entry with {@code limits}. */
  public RegistryEntry withLimits(Limits limits) {
    return new RegistryEntry(device, park, enabled, secretHash, gatewayFor, limits, trustAnchors);
  }

  /** The same entry with {@code trustAnchors}. */
  public RegistryEntry withTrustAnchors(List<String> trustAnchors) {
    return new RegistryEntry(device, park, enabled, secretHash, gatewayFor, limits, trustAnchors);
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
