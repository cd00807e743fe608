package io.parkpulse.platform.devices;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import io.parkpulse.model.SecretHash;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.ParkRepository;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Devices of an enterprise and their gateway credentials. Every change is queued in the registry
 * outbox in the same transaction, so the gateways learn it within seconds; every change is audited
 * in that transaction too.
 */
@ApplicationScoped
public class DeviceService {

  static final TypeReference<List<String>> IDS = new TypeReference<>() {};
  static final Set<String> TYPES = Set.of("machine", "meter", "controller", "gateway", "vehicle");
  static final Set<String> CRITICALITIES = Set.of("low", "medium", "high");
  private static final String VIEWERS = "viewers cannot change devices";

  private final TenancyGate gate;
  private final DeviceRepository devices;
  private final ProfileRepository profiles;
  private final ParkRepository parks;
  private final RegistryOutbox outbox;
  private final AuditLog audit;
  private final Workers workers;

  DeviceService(
      TenancyGate gate,
      DeviceRepository devices,
      ProfileRepository profiles,
      ParkRepository parks,
      RegistryOutbox outbox,
      AuditLog audit,
      Workers workers) {
    this.gate = gate;
    this.devices = devices;
    this.profiles = profiles;
    this.parks = parks;
    this.outbox = outbox;
    this.audit = audit;
    this.workers = workers;
  }

  /** What a device is created or updated with; absent fields keep their default or value. */
  public record DeviceRequest(
      String id,
      String name,
      String type,
      String profile,
      String site,
      String line,
      Double ratedPowerKw,
      String criticality,
      Double idealCycleSeconds,
      List<String> gatewayFor,
      Integer maxMessagesPerSecond,
      Boolean enabled) {}

  /** A device as the API shows it; never its secret or hash. */
  public record DeviceView(
      String id,
      String enterprise,
      String park,
      String name,
      String type,
      String profile,
      String site,
      String line,
      Double ratedPowerKw,
      String criticality,
      Double idealCycleSeconds,
      List<String> gatewayFor,
      Integer maxMessagesPerSecond,
      boolean enabled,
      String username,
      Instant secretRotatedAt,
      Instant createdAt) {
    static DeviceView of(Device d) {
      return new DeviceView(
          d.id,
          d.enterpriseId,
          d.parkId,
          d.name,
          d.type,
          d.profileId,
          d.site,
          d.line,
          d.ratedPowerKw,
          d.criticality,
          d.idealCycleSeconds,
          Json.read(d.gatewayFor, IDS),
          d.maxMessagesPerSecond,
          d.enabled,
          new DeviceRef(d.enterpriseId, d.id).username(),
          d.secretRotatedAt,
          d.createdAt);
    }
  }

  /**
   * A device with its new secret: the only time the secret is shown. The agent connects with {@code
   * username} and {@code secret}.
   */
  public record Credentials(DeviceView device, String username, String secret) {
    static Credentials of(Device d, String secret) {
      return new Credentials(
          DeviceView.of(d), new DeviceRef(d.enterpriseId, d.id).username(), secret);
    }
  }

  /** The devices of {@code enterprise}, by id; a 404 if the caller does not see it. */
  @WithSession
  public Uni<List<DeviceView>> list(Caller caller, String enterprise) {
    return gate.enterprise(caller, enterprise)
        .flatMap(e -> devices.ofEnterprise(e.id))
        .map(l -> l.stream().map(DeviceView::of).toList());
  }

  @WithSession
  public Uni<DeviceView> get(Caller caller, String enterprise, String id) {
    return visible(caller, enterprise, id).map(DeviceView::of);
  }

  /** Creates a device with a new secret, shown in the answer and never again. */
  public Uni<Credentials> create(Caller caller, String enterprise, DeviceRequest request) {
    require(request != null, "body", "is required");
    require(Ids.isValid(request.id()), "id", "must match " + Ids.SLUG.pattern());
    String secret = SecretHash.newSecret();
    // The slow hash runs before the transaction, so that it holds no connection meanwhile.
    return workers
        .run(() -> SecretHash.hash(secret))
        .flatMap(hash -> Panache.withTransaction(() -> insert(caller, enterprise, request, hash)))
        .map(d -> Credentials.of(d, secret));
  }

  private Uni<Device> insert(Caller caller, String enterprise, DeviceRequest request, String hash) {
    return gate.managedEnterprise(caller, enterprise, VIEWERS)
        .call(e -> checkNew(e, request.id()))
        .flatMap(
            e -> {
              Device d = new Device();
              d.id = request.id();
              d.enterpriseId = e.id;
              d.parkId = e.parkId;
              d.type = "machine";
              d.criticality = "medium";
              d.gatewayFor = "[]";
              d.enabled = true;
              d.secretHash = hash;
              d.secretRotatedAt = Instant.now();
              apply(d, request, true);
              return profileCheck(d)
                  .flatMap(v -> devices.persist(d))
                  .call(() -> outbox.publish(d))
                  .call(() -> audit(caller, "device.create", d, details(d)));
            });
  }

  @WithTransaction
  public Uni<DeviceView> update(
      Caller caller, String enterprise, String id, DeviceRequest request) {
    require(request != null, "body", "is required");
    return managed(caller, enterprise, id)
        .flatMap(
            d -> {
              apply(d, request, false);
              return profileCheck(d)
                  .call(() -> outbox.publish(d))
                  .call(() -> audit(caller, "device.update", d, details(d)))
                  .replaceWith(d);
            })
        .map(DeviceView::of);
  }

  /** Issues a new secret; the old one stops working at the gateways within seconds. */
  public Uni<Credentials> rotate(Caller caller, String enterprise, String id) {
    String secret = SecretHash.newSecret();
    return workers
        .run(() -> SecretHash.hash(secret))
        .flatMap(
            hash ->
                Panache.withTransaction(
                    () ->
                        managed(caller, enterprise, id)
                            .flatMap(
                                d -> {
                                  d.secretHash = hash;
                                  d.secretRotatedAt = Instant.now();
                                  return outbox
                                      .publish(d)
                                      .call(
                                          () -> audit(caller, "device.rotate-secret", d, Map.of()))
                                      .replaceWith(d);
                                })))
        .map(d -> Credentials.of(d, secret));
  }

  /** Deletes the device and queues its tombstone for the gateways. */
  @WithTransaction
  public Uni<Void> delete(Caller caller, String enterprise, String id) {
    return managed(caller, enterprise, id)
        .flatMap(
            d ->
                devices
                    .delete(d)
                    .call(() -> outbox.remove(d))
                    .call(() -> audit(caller, "device.delete", d, Map.of())));
  }

  /**
   * The enterprise with its park, for a page that adds its devices: a 404 if the caller does not
   * see it, a 403 unless the caller may change its devices.
   */
  @WithSession
  public Uni<TenancyGate.Tenant> managedTenant(Caller caller, String enterprise) {
    return gate.tenant(caller, enterprise)
        .invoke(t -> gate.requireManagesEnterprise(caller, t.enterprise(), VIEWERS));
  }

  /**
   * The device if the caller may see it, else a 404 as if it did not exist. Runs in the caller's
   * reactive session.
   */
  public Uni<Device> visible(Caller caller, String enterprise, String id) {
    return gate.enterprise(caller, enterprise).flatMap(e -> find(e, id));
  }

  private Uni<Device> managed(Caller caller, String enterprise, String id) {
    return gate.managedEnterprise(caller, enterprise, VIEWERS).flatMap(e -> find(e, id));
  }

  private Uni<Device> find(Enterprise e, String id) {
    return devices
        .findById(id)
        .map(
            d -> {
              if (d == null || !d.enterpriseId.equals(e.id)) {
                throw ApiErrors.notFound("device", id);
              }
              return d;
            });
  }

  /** Refuses an id in use (ids are unique across the platform) and a park at its device limit. */
  private Uni<Void> checkNew(Enterprise e, String id) {
    return devices
        .findById(id)
        .flatMap(
            existing -> {
              if (existing != null) {
                throw ApiErrors.conflict("device id '" + id + "' is taken");
              }
              return parks.findById(e.parkId);
            })
        .flatMap(
            park ->
                devices
                    .countOfPark(park.id)
                    .map(
                        n -> {
                          if (n >= park.maxDevices) {
                            throw ApiErrors.conflict(
                                "park '"
                                    + park.id
                                    + "' has reached its limit of "
                                    + park.maxDevices
                                    + " devices");
                          }
                          return null;
                        }));
  }

  /** A profile must exist and be usable by the device's enterprise. */
  private Uni<Void> profileCheck(Device d) {
    if (d.profileId == null) {
      return Uni.createFrom().voidItem();
    }
    return profiles
        .findById(d.profileId)
        .map(
            p -> {
              boolean usable =
                  p != null
                      && p.parkId.equals(d.parkId)
                      && (p.enterpriseId == null || p.enterpriseId.equals(d.enterpriseId));
              require(usable, "profile", "no profile '" + d.profileId + "' for this enterprise");
              return null;
            });
  }

  private Uni<Void> audit(Caller caller, String action, Device d, Map<String, ?> details) {
    return audit.record(caller, action, "device", d.id, d.parkId, d.enterpriseId, details);
  }

  private static Map<String, Object> details(Device d) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", d.name);
    details.put("type", d.type);
    details.put("enabled", d.enabled);
    details.put("gatewayFor", Json.read(d.gatewayFor, IDS));
    return details;
  }

  private static void apply(Device d, DeviceRequest r, boolean creating) {
    if (creating || r.name() != null) {
      require(
          r.name() != null && !r.name().isBlank() && r.name().length() <= 200,
          "name",
          "is required, at most 200 characters");
      d.name = r.name();
    }
    if (r.type() != null) {
      require(TYPES.contains(r.type()), "type", "must be one of " + TYPES);
      d.type = r.type();
    }
    if (r.criticality() != null) {
      require(
          CRITICALITIES.contains(r.criticality()),
          "criticality",
          "must be one of " + CRITICALITIES);
      d.criticality = r.criticality();
    }
    if (r.profile() != null) {
      require(Ids.isValid(r.profile()), "profile", "must match " + Ids.SLUG.pattern());
      d.profileId = r.profile();
    }
    if (r.site() != null) {
      d.site = r.site();
    }
    if (r.line() != null) {
      d.line = r.line();
    }
    if (r.ratedPowerKw() != null) {
      require(r.ratedPowerKw() >= 0, "ratedPowerKw", "must not be negative");
      d.ratedPowerKw = r.ratedPowerKw();
    }
    if (r.idealCycleSeconds() != null) {
      require(r.idealCycleSeconds() > 0, "idealCycleSeconds", "must be above 0");
      d.idealCycleSeconds = r.idealCycleSeconds();
    }
    if (r.gatewayFor() != null) {
      for (String id : r.gatewayFor()) {
        require(Ids.isValid(id), "gatewayFor", "'" + id + "' must match " + Ids.SLUG.pattern());
      }
      d.gatewayFor = Json.write(r.gatewayFor());
    }
    if (r.maxMessagesPerSecond() != null) {
      require(r.maxMessagesPerSecond() >= 1, "maxMessagesPerSecond", "must be at least 1");
      d.maxMessagesPerSecond = r.maxMessagesPerSecond();
    }
    if (r.enabled() != null) {
      d.enabled = r.enabled();
    }
  }
}
