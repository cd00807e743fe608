package io.parkpulse.platform.devices;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryCodec;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.TrustAnchorPem;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.LimitPolicy;
import io.parkpulse.platform.tenancy.Park;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Queues registry records in the outbox, in the transaction of the change, for the {@link
 * RegistryPublisher}: a device's entry with the limits in force for it and its enterprise, and the
 * CA certificates of its enterprise (trust anchors for mutual TLS).
 */
@ApplicationScoped
public class RegistryOutbox {

  private final RegistryCodec codec = new RegistryCodec();
  private final LimitPolicy limits;

  RegistryOutbox(LimitPolicy limits) {
    this.limits = limits;
  }

  /** Queues the entry of {@code device}. */
  public Uni<Void> publish(Device device) {
    return Enterprise.<Enterprise>findById(device.enterpriseId)
        .flatMap(
            e ->
                Park.<Park>findById(device.parkId)
                    .flatMap(p -> persistAll(List.of(record(p, e, device)))));
  }

  /**
   * Queues the entries of every device of {@code enterprise}: its limits or its trust anchor
   * changed.
   */
  public Uni<Void> publishEnterprise(Park park, Enterprise enterprise) {
    return Device.<Device>list("enterpriseId", enterprise.id)
        .flatMap(
            devices -> persistAll(devices.stream().map(d -> record(park, enterprise, d)).toList()));
  }

  /** Queues the entries of every device of {@code park}: its default limits changed. */
  public Uni<Void> publishPark(Park park) {
    return Enterprise.<Enterprise>list("parkId", park.id)
        .flatMap(
            enterprises -> {
              Map<String, Enterprise> byId =
                  enterprises.stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
              return Device.<Device>list("parkId", park.id)
                  .flatMap(
                      devices ->
                          persistAll(
                              devices.stream()
                                  .map(d -> record(park, byId.get(d.enterpriseId), d))
                                  .toList()));
            });
  }

  private static Uni<Void> persistAll(List<RegistryOutboxRecord> records) {
    return records.isEmpty() ? Uni.createFrom().voidItem() : RegistryOutboxRecord.persist(records);
  }

  private RegistryOutboxRecord record(Park park, Enterprise enterprise, Device d) {
    DeviceRef ref = new DeviceRef(d.enterpriseId, d.id);
    RegistryOutboxRecord record = new RegistryOutboxRecord();
    record.key = ref.kafkaKey();
    record.value =
        codec.encode(
            new RegistryEntry(
                ref,
                d.parkId,
                d.enabled,
                d.secretHash,
                Json.read(d.gatewayFor, DeviceResource.IDS),
                limits.device(park, enterprise, d.maxMessagesPerSecond),
                trustAnchors(enterprise)));
    return record;
  }

  /** The enterprise's CA certificates as the registry carries them: one PEM certificate each. */
  public static List<String> trustAnchors(Enterprise e) {
    if (e == null || e.trustAnchor == null) {
      return List.of();
    }
    return TrustAnchorPem.read(e.trustAnchor).stream().map(TrustAnchorPem::write).toList();
  }
}
