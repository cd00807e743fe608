package io.parkpulse.platform.parks;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.Ids;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.devices.DeviceRepository;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.EnterpriseRepository;
import io.parkpulse.platform.tenancy.RetiredIdRepository;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Enterprises of a park: created and deleted by its operator, described by their own admins. A
 * deleted enterprise's id is retired for ever, in every park: what it stored (telemetry,
 * assessments, alarms, audit entries) stays, and no later enterprise can inherit it.
 */
@ApplicationScoped
public class EnterpriseService {

  static final Set<String> SIZES = Set.of("micro", "small", "medium", "large");

  private final TenancyGate gate;
  private final EnterpriseRepository enterprises;
  private final DeviceRepository devices;
  private final RetiredIdRepository retired;
  private final AuditLog audit;

  EnterpriseService(
      TenancyGate gate,
      EnterpriseRepository enterprises,
      DeviceRepository devices,
      RetiredIdRepository retired,
      AuditLog audit) {
    this.gate = gate;
    this.enterprises = enterprises;
    this.devices = devices;
    this.retired = retired;
    this.audit = audit;
  }

  /** Enterprises in the caller's scope, optionally of one park. */
  @WithSession
  public Uni<List<EnterpriseView>> list(Caller caller, String park) {
    return enterprises
        .inScope(gate.scope(caller), park)
        .map(l -> l.stream().map(EnterpriseView::of).toList());
  }

  /** One enterprise, 404 outside the caller's scope. */
  @WithSession
  public Uni<EnterpriseView> get(Caller caller, String id) {
    return gate.enterprise(caller, id).map(EnterpriseView::of);
  }

  /** Adds an enterprise to a park: its operator or a platform admin. */
  @WithTransaction
  public Uni<EnterpriseView> create(Caller caller, EnterpriseRequest request) {
    require(request != null, "body", "is required");
    require(Ids.isValid(request.id()), "id", "must match " + Ids.SLUG.pattern());
    require(request.park() != null, "park", "is required");
    return gate.managedPark(caller, request.park(), "only the park's operator adds enterprises")
        .flatMap(park -> retired.isRetired("enterprise", request.id()))
        .flatMap(
            gone -> {
              if (gone) {
                throw ApiErrors.conflict(
                    "enterprise id '"
                        + request.id()
                        + "' belonged to a deleted enterprise and is not used again");
              }
              return enterprises.findById(request.id());
            })
        .flatMap(
            existing -> {
              if (existing != null) {
                throw ApiErrors.conflict("enterprise '" + request.id() + "' exists");
              }
              Enterprise e = new Enterprise();
              e.id = request.id();
              e.parkId = request.park();
              apply(e, request, true);
              return enterprises
                  .persist(e)
                  .call(
                      () ->
                          audit.record(
                              caller,
                              "enterprise.create",
                              "enterprise",
                              e.id,
                              e.parkId,
                              e.id,
                              Map.of("name", e.name)));
            })
        .map(EnterpriseView::of);
  }

  /** Describes an enterprise: its admins, its park's operator, a platform admin. */
  @WithTransaction
  public Uni<EnterpriseView> update(Caller caller, String id, EnterpriseRequest request) {
    require(request != null, "body", "is required");
    return gate.managedEnterprise(caller, id, "viewers cannot change the enterprise")
        .flatMap(
            e -> {
              require(
                  request.park() == null || request.park().equals(e.parkId),
                  "park",
                  "an enterprise cannot move to another park");
              apply(e, request, false);
              return audit
                  .record(
                      caller,
                      "enterprise.update",
                      "enterprise",
                      id,
                      e.parkId,
                      id,
                      Map.of("enterprise", EnterpriseView.of(e)))
                  .replaceWith(e);
            })
        .map(EnterpriseView::of);
  }

  /** Deletes an enterprise without devices and retires its id. */
  @WithTransaction
  public Uni<Void> delete(Caller caller, String id) {
    return gate.operatedEnterprise(caller, id, "only the park's operator removes enterprises")
        .flatMap(
            e ->
                devices
                    .countOfEnterprise(id)
                    .flatMap(
                        n -> {
                          if (n > 0) {
                            throw ApiErrors.conflict(
                                "enterprise '" + id + "' still has " + n + " devices");
                          }
                          return enterprises
                              .delete(e)
                              .call(() -> retired.retire("enterprise", id, e.parkId))
                              .call(
                                  () ->
                                      audit.record(
                                          caller,
                                          "enterprise.delete",
                                          "enterprise",
                                          id,
                                          e.parkId,
                                          id,
                                          Map.of()));
                        }))
        .replaceWithVoid();
  }

  private static void apply(Enterprise e, EnterpriseRequest r, boolean creating) {
    if (creating || r.name() != null) {
      require(
          r.name() != null && !r.name().isBlank() && r.name().length() <= 200,
          "name",
          "is required, at most 200 characters");
      e.name = r.name();
    }
    if (creating || r.industry() != null) {
      require(
          r.industry() != null && !r.industry().isBlank() && r.industry().length() <= 100,
          "industry",
          "is required, at most 100 characters, e.g. textiles");
      e.industry = r.industry();
    }
    if (creating || r.size() != null) {
      require(r.size() != null && SIZES.contains(r.size()), "size", "must be one of " + SIZES);
      e.size = r.size();
    }
    if (creating || r.sites() != null) {
      List<Site> sites = r.sites() == null ? List.of() : r.sites();
      for (Site site : sites) {
        require(Ids.isValid(site.id()), "sites.id", "must match " + Ids.SLUG.pattern());
      }
      e.sites = Json.write(sites);
    }
  }
}
