package io.parkpulse.platform.devices;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryCodec;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.TrustAnchorPem;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.EnterpriseRepository;
import io.parkpulse.platform.tenancy.LimitPolicy;
import io.parkpulse.platform.tenancy.Park;
import io.parkpulse.platform.tenancy.ParkRepository;
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
  private final ParkRepository parks;
  private final EnterpriseRepository enterprises;
  private final DeviceRepository devices;
  private final RegistryOutboxRepository records;

  RegistryOutbox(
      LimitPolicy limits,
      ParkRepository parks,
      EnterpriseRepository enterprises,
      DeviceRepository devices,
      RegistryOutboxRepository records) {
    this.limits = limits;
    this.parks = parks;
    this.enterprises = enterprises;
    this.devices = devices;
    this.records = records;
  }

  /** Queues the entry of {@code device}. */
  public Uni<Void> publish(Device device) {
    return enterprises
        .findById(device.enterpriseId)
        .flatMap(
            e ->
                parks
                    .findById(device.parkId)
                    .flatMap(p -> persistAll(List.of(record(p, e, device)))));
  }

  /** Queues the tombstone of {@code device}: the gateways forget it. */
  public Uni<Void> remove(Device device) {
    RegistryOutboxRecord tombstone = new RegistryOutboxRecord();
    tombstone.key = new DeviceRef(device.enterpriseId, device.id).kafkaKey();
    return records.persist(tombstone).replaceWithVoid();
  }

  /**
   * Queues the entries of every device of {@code enterprise}: its limits or its trust anchor
   * changed.
   */
  public Uni<Void> publishEnterprise(Park park, Enterprise enterprise) {
    return devices
        .ofEnterprise(enterprise.id)
        .flatMap(
            devices -> persistAll(devices.stream().map(d -> record(park, enterprise, d)).toList()));
  }

  /** Queues the entries of every device of {@code park}: its default limits changed. */
  public Uni<Void> publishPark(Park park) {
    return enterprises
        .ofPark(park.id)
        .flatMap(
            enterprises -> {
              Map<String, Enterprise> byId =
                  enterprises.stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
              return devices
                  .ofPark(park.id)
                  .flatMap(
                      devices ->
                          persistAll(
                              devices.stream()
                                  .map(d -> record(park, byId.get(d.enterpriseId), d))
                                  .toList()));
            });
  }

  private Uni<Void> persistAll(List<RegistryOutboxRecord> queued) {
    return queued.isEmpty() ? Uni.createFrom().voidItem() : records.persist(queued);
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
                Json.read(d.gatewayFor, DeviceService.IDS),
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
