package io.parkpulse.platform.parks;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.Ids;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.devices.ProfileRepository;
import io.parkpulse.platform.integrations.KafkaCredentialRepository;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.EnterpriseRepository;
import io.parkpulse.platform.tenancy.Park;
import io.parkpulse.platform.tenancy.ParkRepository;
import io.parkpulse.platform.tenancy.RetiredIdRepository;
import io.parkpulse.platform.tenancy.Scope;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Parks: created and deleted by platform admins, configured by their operators. A deleted park's id
 * is retired for ever ({@link RetiredIdRepository}), so no later park inherits its records.
 */
@ApplicationScoped
public class ParkService {

  private static final Logger LOG = Logger.getLogger(ParkService.class);
  private static final List<Shift> DEFAULT_SHIFTS =
      List.of(new Shift("day", "08:00", "20:00"), new Shift("night", "20:00", "08:00"));

  private final TenancyGate gate;
  private final ParkRepository parks;
  private final EnterpriseRepository enterprises;
  private final ProfileRepository profiles;
  private final KafkaCredentialRepository kafkaCredentials;
  private final RetiredIdRepository retired;
  private final AuditLog audit;
  private final ParkProvisioner provisioner;
  private final Workers workers;

  ParkService(
      TenancyGate gate,
      ParkRepository parks,
      EnterpriseRepository enterprises,
      ProfileRepository profiles,
      KafkaCredentialRepository kafkaCredentials,
      RetiredIdRepository retired,
      AuditLog audit,
      ParkProvisioner provisioner,
      Workers workers) {
    this.gate = gate;
    this.parks = parks;
    this.enterprises = enterprises;
    this.profiles = profiles;
    this.kafkaCredentials = kafkaCredentials;
    this.retired = retired;
    this.audit = audit;
    this.provisioner = provisioner;
    this.workers = workers;
  }

  /** The parks {@code caller} sees. */
  @WithSession
  public Uni<List<ParkView>> list(Caller caller) {
    Scope.HqlFilter filter = gate.scope(caller).hql("id", null);
    return parks
        .list("1 = 1" + filter.clause(), Sort.by("id"), filter.params())
        .map(l -> l.stream().map(ParkView::of).toList());
  }

  /** One park, 404 outside the caller's scope. */
  @WithSession
  public Uni<ParkView> get(Caller caller, String id) {
    return gate.park(caller, id).map(ParkView::of);
  }

  /**
   * Creates a park with its topics and partitions. Provisioning that fails is logged and completed
   * by the next maintenance, so the park exists either way.
   */
  public Uni<ParkView> create(Caller caller, ParkRequest request) {
    gate.requirePlatformAdmin(caller, "only a platform admin creates parks");
    require(request != null, "body", "is required");
    require(Ids.isValid(request.id()), "id", "must match " + Ids.SLUG.pattern());
    Park park = new Park();
    park.id = request.id();
    park.retentionDays = 400;
    park.hotDays = 2;
    park.maxDevices = 10_000;
    park.maxMessagesPerSecond = 50_000;
    park.timezone = "Asia/Shanghai";
    park.shiftCalendar = Json.write(DEFAULT_SHIFTS);
    apply(park, request, true);
    return Panache.withTransaction(() -> insert(caller, park))
        .call(p -> workers.run(() -> provision(p.id)))
        .map(ParkView::of);
  }

  private Uni<Park> insert(Caller caller, Park park) {
    return retired
        .isRetired("park", park.id)
        .flatMap(
            gone -> {
              if (gone) {
                throw ApiErrors.conflict(
                    "park id '" + park.id + "' belonged to a deleted park and is not used again");
              }
              return parks.findById(park.id);
            })
        .flatMap(
            existing -> {
              if (existing != null) {
                throw ApiErrors.conflict("park '" + park.id + "' exists");
              }
              return parks
                  .persist(park)
                  .call(
                      () ->
                          audit.record(
                              caller,
                              "park.create",
                              "park",
                              park.id,
                              park.id,
                              null,
                              Map.of("name", park.name)));
            });
  }

  /** Changes a park's settings: its operator or a platform admin. */
  @WithTransaction
  public Uni<ParkView> update(Caller caller, String id, ParkRequest request) {
    require(request != null, "body", "is required");
    return gate.managedPark(caller, id, "only the park's operator changes it")
        .flatMap(
            park -> {
              apply(park, request, false);
              return audit
                  .record(
                      caller,
                      "park.update",
                      "park",
                      id,
                      id,
                      null,
                      Map.of("settings", ParkView.of(park)))
                  .replaceWith(park);
            })
        .map(ParkView::of);
  }

  /**
   * Deletes a park without enterprises or shared profiles, with all telemetry it stored, and
   * retires its id.
   */
  public Uni<Void> delete(Caller caller, String id) {
    return Panache.withSession(
            () ->
                gate.park(caller, id)
                    .invoke(
                        park ->
                            gate.requirePlatformAdmin(
                                caller, "only a platform admin deletes parks"))
                    .flatMap(park -> enterprises.count("parkId", id))
                    .flatMap(
                        n -> {
                          if (n > 0) {
                            throw ApiErrors.conflict(
                                "park '" + id + "' still has " + n + " enterprises");
                          }
                          return profiles.countOfPark(id);
                        })
                    .flatMap(
                        n -> {
                          if (n > 0) {
                            throw ApiErrors.conflict(
                                "park '" + id + "' still has " + n + " device profiles");
                          }
                          return kafkaCredentials.countOfPark(id);
                        })
                    .invoke(
                        n -> {
                          if (n > 0) {
                            throw ApiErrors.conflict(
                                "park '"
                                    + id
                                    + "' still has "
                                    + n
                                    + " Kafka credentials: revoke them first");
                          }
                        }))
        .call(() -> workers.run(() -> dropStorage(id)))
        .call(
            () ->
                Panache.withTransaction(
                    () ->
                        parks
                            .deleteById(id)
                            .call(() -> retired.retire("park", id, id))
                            .call(
                                () ->
                                    audit.record(
                                        caller, "park.delete", "park", id, id, null, Map.of()))))
        .replaceWithVoid();
  }

  private Void dropStorage(String park) throws Exception {
    provisioner.dropStorage(park);
    return null;
  }

  private Void provision(String park) {
    try {
      provisioner.provision(park);
    } catch (Exception e) {
      LOG.warnf("park %s: provisioning failed, completed by the next maintenance: %s", park, e);
    }
    return null;
  }

  private static void apply(Park park, ParkRequest r, boolean creating) {
    if (creating || r.name() != null) {
      require(
          r.name() != null && !r.name().isBlank() && r.name().length() <= 200,
          "name",
          "is required, at most 200 characters");
      park.name = r.name();
    }
    if (r.timezone() != null) {
      try {
        park.timezone = ZoneId.of(r.timezone()).getId();
      } catch (DateTimeException e) {
        throw ApiErrors.badRequest(
            "timezone", "'" + r.timezone() + "' is not a time zone such as Asia/Shanghai");
      }
    }
    if (r.retentionDays() != null) {
      require(
          r.retentionDays() >= 1 && r.retentionDays() <= 3650,
          "retentionDays",
          "must be between 1 and 3650");
      park.retentionDays = r.retentionDays();
    }
    if (r.hotDays() != null) {
      require(r.hotDays() >= 1 && r.hotDays() <= 3650, "hotDays", "must be between 1 and 3650");
      park.hotDays = r.hotDays();
    }
    if (r.maxDevices() != null) {
      require(r.maxDevices() >= 1, "maxDevices", "must be at least 1");
      park.maxDevices = r.maxDevices();
    }
    if (r.maxMessagesPerSecond() != null) {
      require(r.maxMessagesPerSecond() >= 1, "maxMessagesPerSecond", "must be at least 1");
      park.maxMessagesPerSecond = r.maxMessagesPerSecond();
    }
    if (r.shiftCalendar() != null) {
      require(!r.shiftCalendar().isEmpty(), "shiftCalendar", "needs at least one shift");
      for (Shift s : r.shiftCalendar()) {
        require(s.name() != null && !s.name().isBlank(), "shiftCalendar.name", "is required");
        for (String t : new String[] {s.start(), s.end()}) {
          try {
            LocalTime.parse(t == null ? "" : t);
          } catch (DateTimeParseException e) {
            throw ApiErrors.badRequest(
                "shiftCalendar." + s.name(), "start and end are times such as 08:00");
          }
        }
      }
      park.shiftCalendar = Json.write(r.shiftCalendar());
    }
  }
}
