package io.parkpulse.platform.limits;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.devices.RegistryOutbox;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.LimitPolicy;
import io.parkpulse.platform.tenancy.LimitSettings;
import io.parkpulse.platform.tenancy.Limits;
import io.parkpulse.platform.tenancy.Park;
import io.parkpulse.platform.tenancy.ParkRepository;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The limits of parks (defaults for their enterprises) and of enterprises, as the gateways enforce
 * them: seen by whoever sees the park or enterprise, set by the park's operator (not by an
 * enterprise's own admin). A change is republished to the registry for every device it applies to,
 * in the same transaction, so the gateways apply it within seconds.
 */
@ApplicationScoped
public class LimitsService {

  private final TenancyGate gate;
  private final ParkRepository parks;
  private final LimitPolicy policy;
  private final RegistryOutbox outbox;
  private final AuditLog audit;

  LimitsService(
      TenancyGate gate,
      ParkRepository parks,
      LimitPolicy policy,
      RegistryOutbox outbox,
      AuditLog audit) {
    this.gate = gate;
    this.parks = parks;
    this.policy = policy;
    this.outbox = outbox;
    this.audit = audit;
  }

  /**
   * A park's limits.
   *
   * @param defaults what the park sets (null: the platform's default)
   * @param effective what its enterprises get unless they set their own
   */
  public record ParkLimitsView(String park, Limits defaults, Limits effective) {}

  /**
   * An enterprise's limits.
   *
   * @param configured what the enterprise sets (null: its park's default)
   * @param effective what the gateways enforce
   */
  public record EnterpriseLimitsView(
      String enterprise, String park, Limits configured, Limits effective) {}

  @WithSession
  public Uni<ParkLimitsView> park(Caller caller, String id) {
    return gate.park(caller, id).map(this::view);
  }

  /** Replaces the park's defaults: a field absent or null falls back to the platform's. */
  @WithTransaction
  public Uni<ParkLimitsView> setPark(Caller caller, String id, Limits request) {
    require(request != null, "body", "is required");
    request.validated();
    return gate.managedPark(caller, id, "only the park's operator sets its limits")
        .call(
            park -> {
              park.limits = LimitSettings.from(request);
              return outbox
                  .publishPark(park)
                  .call(
                      () ->
                          audit.record(
                              caller,
                              "park.limits",
                              "park",
                              id,
                              id,
                              null,
                              Map.of("defaults", request)));
            })
        .map(this::view);
  }

  @WithSession
  public Uni<EnterpriseLimitsView> enterprise(Caller caller, String id) {
    return gate.tenant(caller, id).map(t -> view(t.park(), t.enterprise()));
  }

  /** Replaces the enterprise's limits: a field absent or null falls back to its park's default. */
  @WithTransaction
  public Uni<EnterpriseLimitsView> setEnterprise(Caller caller, String id, Limits request) {
    require(request != null, "body", "is required");
    request.validated();
    return gate.operatedEnterprise(
            caller, id, "only the park's operator sets an enterprise's limits")
        .flatMap(
            e -> {
              e.limits = LimitSettings.from(request);
              return parks
                  .findById(e.parkId)
                  .call(park -> outbox.publishEnterprise(park, e))
                  .call(
                      () ->
                          audit.record(
                              caller,
                              "enterprise.limits",
                              "enterprise",
                              id,
                              e.parkId,
                              id,
                              Map.of("limits", request)))
                  .map(park -> view(park, e));
            });
  }

  private ParkLimitsView view(Park park) {
    return new ParkLimitsView(park.id, LimitSettings.of(park.limits), policy.park(park));
  }

  private EnterpriseLimitsView view(Park park, Enterprise e) {
    return new EnterpriseLimitsView(
        e.id, park.id, LimitSettings.of(e.limits), policy.enterprise(park, e));
  }
}
