package io.parkpulse.platform.devices;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import io.parkpulse.model.SecretHash;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.Audit;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.Park;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Devices of an enterprise and their gateway credentials. Every change is queued in the registry
 * outbox in the same transaction, so the gateways learn it within seconds.
 */
@Path("/api/v1/enterprises/{enterprise}/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

  static final TypeReference<List<String>> IDS = new TypeReference<>() {};
  static final Set<String> TYPES = Set.of("machine", "meter", "controller", "gateway");
  static final Set<String> CRITICALITIES = Set.of("low", "medium", "high");

  private final SecurityIdentity identity;
  private final Workers workers;
  private final RegistryOutbox outbox;

  DeviceResource(SecurityIdentity identity, Workers workers, RegistryOutbox outbox) {
    this.identity = identity;
    this.workers = workers;
    this.outbox = outbox;
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
  public record Credentials(DeviceView device, String username, String secret) {}

  @GET
  public Uni<List<DeviceView>> list(@PathParam("enterprise") String enterprise) {
    Caller caller = caller();
    return Panache.withSession(
            () ->
                io.quarkus.arc.Arc.container()
                    .instance(io.parkpulse.platform.tenancy.TenancyGate.class)
                    .get()
                    .enterprise(caller, enterprise)
                    .flatMap(
                        e ->
                            Device.<Device>list(
                                "enterpriseId = :e", Sort.by("id"), Parameters.with("e", e.id))))
        .map(l -> l.stream().map(DeviceView::of).toList());
  }

  @GET
  @Path("/{device}")
  public Uni<DeviceView> get(
      @PathParam("enterprise") String enterprise, @PathParam("device") String id) {
    Caller caller = caller();
    return Panache.withSession(() -> visible(caller, enterprise, id)).map(DeviceView::of);
  }

  @POST
  public Uni<Response> create(@PathParam("enterprise") String enterprise, DeviceRequest request) {
    Caller caller = caller();
    require(request != null, "body", "is required");
    require(Ids.isValid(request.id()), "id", "must match " + Ids.SLUG.pattern());
    String secret = SecretHash.newSecret();
    return workers
        .run(() -> SecretHash.hash(secret))
        .flatMap(
            hash ->
                Panache.withTransaction(
                    () ->
                        managed(caller, enterprise)
                            .flatMap(e -> checkNew(e, request.id()).replaceWith(e))
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
                                      .flatMap(v -> d.<Device>persist())
                                      .call(() -> publish(d))
                                      .call(() -> audit(caller, "device.create", d, details(d)));
                                })))
        .map(
            d ->
                Response.status(Response.Status.CREATED)
                    .entity(
                        new Credentials(
                            DeviceView.of(d),
                            new DeviceRef(d.enterpriseId, d.id).username(),
                            secret))
                    .build());
  }

  @PUT
  @Path("/{device}")
  public Uni<DeviceView> update(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String id,
      DeviceRequest request) {
    Caller caller = caller();
    require(request != null, "body", "is required");
    return Panache.withTransaction(
            () ->
                managedDevice(caller, enterprise, id)
                    .flatMap(
                        d -> {
                          apply(d, request, false);
                          return profileCheck(d)
                              .call(() -> publish(d))
                              .call(() -> audit(caller, "device.update", d, details(d)))
                              .replaceWith(d);
                        }))
        .map(DeviceView::of);
  }

  /** Issues a new secret; the old one stops working at the gateways within seconds. */
  @POST
  @Path("/{device}/secret")
  public Uni<Credentials> rotate(
      @PathParam("enterprise") String enterprise, @PathParam("device") String id) {
    Caller caller = caller();
    String secret = SecretHash.newSecret();
    return workers
        .run(() -> SecretHash.hash(secret))
        .flatMap(
            hash ->
                Panache.withTransaction(
                    () ->
                        managedDevice(caller, enterprise, id)
                            .flatMap(
                                d -> {
                                  d.secretHash = hash;
                                  d.secretRotatedAt = Instant.now();
                                  return publish(d)
                                      .call(
                                          () -> audit(caller, "device.rotate-secret", d, Map.of()))
                                      .replaceWith(d);
                                })))
        .map(
            d ->
                new Credentials(
                    DeviceView.of(d), new DeviceRef(d.enterpriseId, d.id).username(), secret));
  }

  @DELETE
  @Path("/{device}")
  public Uni<Response> delete(
      @PathParam("enterprise") String enterprise, @PathParam("device") String id) {
    Caller caller = caller();
    return Panache.withTransaction(
            () ->
                managedDevice(caller, enterprise, id)
                    .flatMap(
                        d -> {
                          RegistryOutboxRecord tombstone = new RegistryOutboxRecord();
                          tombstone.key = new DeviceRef(d.enterpriseId, d.id).kafkaKey();
                          return d.delete()
                              .call(tombstone::persist)
                              .call(() -> audit(caller, "device.delete", d, Map.of()));
                        }))
        .replaceWith(Response.noContent().build());
  }

  /** The device if the caller may see it, else a 404 as if it did not exist. */
  public static Uni<Device> visible(Caller caller, String enterprise, String id) {
    return io.quarkus.arc.Arc.container()
        .instance(io.parkpulse.platform.tenancy.TenancyGate.class)
        .get()
        .enterprise(caller, enterprise)
        .flatMap(e -> Device.<Device>findById(id))
        .map(
            d -> {
              if (d == null || !d.enterpriseId.equals(enterprise)) {
                throw ApiErrors.notFound("device", id);
              }
              return d;
            });
  }

  private Uni<Enterprise> managed(Caller caller, String enterprise) {
    return io.quarkus.arc.Arc.container()
        .instance(io.parkpulse.platform.tenancy.TenancyGate.class)
        .get()
        .enterprise(caller, enterprise)
        .map(
            e -> {
              if (!caller.managesEnterprise(e.parkId, e.id)) {
                throw ApiErrors.forbidden("viewers cannot change devices");
              }
              return e;
            });
  }

  private Uni<Device> managedDevice(Caller caller, String enterprise, String id) {
    return managed(caller, enterprise).flatMap(e -> visible(caller, enterprise, id));
  }

  /** Refuses an id in use (ids are unique across the platform) and a park at its device limit. */
  private static Uni<Void> checkNew(Enterprise e, String id) {
    return Device.<Device>findById(id)
        .flatMap(
            existing -> {
              if (existing != null) {
                throw ApiErrors.conflict("device id '" + id + "' is taken");
              }
              return Park.<Park>findById(e.parkId);
            })
        .flatMap(
            park ->
                Device.count("parkId", park.id)
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
  private static Uni<Void> profileCheck(Device d) {
    if (d.profileId == null) {
      return Uni.createFrom().voidItem();
    }
    return DeviceProfile.<DeviceProfile>findById(d.profileId)
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

  private Uni<Void> publish(Device d) {
    return outbox.publish(d);
  }

  private static Uni<Void> audit(Caller caller, String action, Device d, Map<String, ?> details) {
    return Audit.record(caller, action, "device", d.id, d.parkId, d.enterpriseId, details);
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

  private Caller caller() {
    return Caller.of(identity);
  }
}
