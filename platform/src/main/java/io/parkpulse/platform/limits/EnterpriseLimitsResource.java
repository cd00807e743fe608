package io.parkpulse.platform.limits;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.audit.Audit;
import io.parkpulse.platform.devices.RegistryOutbox;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.LimitPolicy;
import io.parkpulse.platform.tenancy.LimitSettings;
import io.parkpulse.platform.tenancy.Limits;
import io.parkpulse.platform.tenancy.Park;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * An enterprise's limits: seen by whoever sees the enterprise, set by its park's operator (not by
 * the enterprise's own admin). A change is republished to the registry for every device of the
 * enterprise, in the same transaction, so the gateways apply it within seconds.
 */
@Path("/api/v1/enterprises/{enterprise}/limits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnterpriseLimitsResource {

  private final SecurityIdentity identity;
  private final LimitPolicy policy;
  private final RegistryOutbox outbox;

  EnterpriseLimitsResource(SecurityIdentity identity, LimitPolicy policy, RegistryOutbox outbox) {
    this.identity = identity;
    this.policy = policy;
    this.outbox = outbox;
  }

  /**
   * An enterprise's limits.
   *
   * @param configured what the enterprise sets (null: its park's default)
   * @param effective what the gateways enforce
   */
  public record EnterpriseLimitsView(
      String enterprise, String park, Limits configured, Limits effective) {}

  @GET
  public Uni<EnterpriseLimitsView> get(@PathParam("enterprise") String id) {
    Caller caller = caller();
    return Panache.withSession(
        () ->
            io.quarkus.arc.Arc.container()
                .instance(io.parkpulse.platform.tenancy.TenancyGate.class)
                .get()
                .enterprise(caller, id)
                .flatMap(e -> Park.<Park>findById(e.parkId).map(p -> view(p, e))));
  }

  /** Replaces the enterprise's limits: a field absent or null falls back to its park's default. */
  @PUT
  public Uni<EnterpriseLimitsView> set(@PathParam("enterprise") String id, Limits request) {
    Caller caller = caller();
    require(request != null, "body", "is required");
    request.validated();
    return Panache.withTransaction(
        () ->
            io.quarkus.arc.Arc.container()
                .instance(io.parkpulse.platform.tenancy.TenancyGate.class)
                .get()
                .enterprise(caller, id)
                .flatMap(
                    e -> {
                      if (!caller.managesPark(e.parkId)) {
                        throw ApiErrors.forbidden(
                            "only the park's operator sets an enterprise's limits");
                      }
                      e.limits = LimitSettings.from(request);
                      return Park.<Park>findById(e.parkId)
                          .call(park -> outbox.publishEnterprise(park, e))
                          .call(
                              () ->
                                  Audit.record(
                                      caller,
                                      "enterprise.limits",
                                      "enterprise",
                                      id,
                                      e.parkId,
                                      id,
                                      Map.of("limits", request)))
                          .map(park -> view(park, e));
                    }));
  }

  private EnterpriseLimitsView view(Park park, Enterprise e) {
    return new EnterpriseLimitsView(
        e.id, park.id, LimitSettings.of(e.limits), policy.enterprise(park, e));
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
