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
    List<String> trustAnchors) {

  public RegistryEntry {
    Objects.requireNonNull(device, "device");
    Ids.require(park, "park");
    Objects.requireNonNull(secretHash, "secretHash");
    gatewayFor = List.copyOf(gatewayFor);
    gatewayFor.forEach(id -> Ids.require(id, "gatewayFor device"));
    trustAnchors = trustAnchors == null ? List.of() : List.copyOf(trustAnchors);
  }

  /** An entry of a device whose enterprise has no CA: it authenticates with its secret only. */
  public RegistryEntry(
      DeviceRef device, String park, boolean enabled, String secretHash, List<String> gatewayFor) {
    this(device, park, enabled, secretHash, gatewayFor, List.of());
  }
}
