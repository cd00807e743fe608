package io.parkpulse.platform.limits;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.audit.Audit;
import io.parkpulse.platform.devices.RegistryOutbox;
import io.parkpulse.platform.tenancy.Caller;
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
 * The default limits of a park's enterprises, set by its operator. A change is republished to the
 * registry for every device of the park, in the same transaction, so the gateways apply it within
 * seconds.
 */
@Path("/api/v1/parks/{park}/limits")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkLimitsResource {

  private final SecurityIdentity identity;
  private final LimitPolicy policy;
  private final RegistryOutbox outbox;

  ParkLimitsResource(SecurityIdentity identity, LimitPolicy policy, RegistryOutbox outbox) {
    this.identity = identity;
    this.policy = policy;
    this.outbox = outbox;
  }

  /**
   * A park's limits.
   *
   * @param defaults what the park sets (null: the platform's default)
   * @param effective what its enterprises get unless they set their own
   */
  public record ParkLimitsView(String park, Limits defaults, Limits effective) {}

  @GET
  public Uni<ParkLimitsView> get(@PathParam("park") String id) {
    Caller caller = caller();
    return Panache.withSession(
            () ->
                io.quarkus.arc.Arc.container()
                    .instance(io.parkpulse.platform.tenancy.TenancyGate.class)
                    .get()
                    .park(caller, id))
        .map(this::view);
  }

  /** Replaces the park's defaults: a field absent or null falls back to the platform's. */
  @PUT
  public Uni<ParkLimitsView> set(@PathParam("park") String id, Limits request) {
    Caller caller = caller();
    require(request != null, "body", "is required");
    request.validated();
    return Panache.withTransaction(
            () ->
                io.quarkus.arc.Arc.container()
                    .instance(io.parkpulse.platform.tenancy.TenancyGate.class)
                    .get()
                    .park(caller, id)
                    .flatMap(
                        park -> {
                          if (!caller.managesPark(id)) {
                            throw ApiErrors.forbidden("only the park's operator sets its limits");
                          }
                          park.limits = LimitSettings.from(request);
                          return outbox
                              .publishPark(park)
                              .call(
                                  () ->
                                      Audit.record(
                                          caller,
                                          "park.limits",
                                          "park",
                                          id,
                                          id,
                                          null,
                                          Map.of("defaults", request)))
                              .replaceWith(park);
                        }))
        .map(this::view);
  }

  private ParkLimitsView view(Park park) {
    return new ParkLimitsView(park.id, LimitSettings.of(park.limits), policy.park(park));
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
