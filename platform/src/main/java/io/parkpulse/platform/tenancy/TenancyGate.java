package io.parkpulse.platform.tenancy;

import io.parkpulse.platform.api.ApiErrors;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one answer to "may this caller see or change this park, enterprise or thing of theirs?", used
 * by every service and, through {@link #scope}, by every query.
 *
 * <ul>
 *   <li>Outside the caller's scope a thing does not exist: {@link ApiErrors#notFound} (404).
 *   <li>Inside it, an action the role may not take is {@link ApiErrors#forbidden} (403).
 * </ul>
 *
 * The lookups run in the caller's reactive session: call them from a service method that has one
 * ({@code @WithSession} or {@code @WithTransaction}). Rules about roles live in {@link Caller};
 * only this package applies them.
 */
@ApplicationScoped
public class TenancyGate {

  private final ParkRepository parks;
  private final EnterpriseRepository enterprises;

  TenancyGate(ParkRepository parks, EnterpriseRepository enterprises) {
    this.parks = parks;
    this.enterprises = enterprises;
  }

  /** What {@code caller} may see, for queries. */
  public Scope scope(Caller caller) {
    if (caller.isPlatformAdmin()) {
      return new Scope(null, null);
    }
    return new Scope(caller.park(), caller.role().isEnterpriseRole() ? caller.enterprise() : null);
  }

  /** The park, or a 404 if it does not exist or {@code caller} may not see it. */
  public Uni<Park> park(Caller caller, String id) {
    if (id == null || !caller.seesPark(id)) {
      return Uni.createFrom().failure(ApiErrors.notFound("park", id));
    }
    return parks
        .findById(id)
        .map(
            park -> {
              if (park == null) {
                throw ApiErrors.notFound("park", id);
              }
              return park;
            });
  }

  /** The park, a 404 outside the caller's scope, a 403 ({@code why}) unless it manages the park. */
  public Uni<Park> managedPark(Caller caller, String id, String why) {
    return park(caller, id).invoke(p -> requireManagesPark(caller, p.id, why));
  }

  /** The enterprise, or a 404 if it does not exist or {@code caller} may not see it. */
  public Uni<Enterprise> enterprise(Caller caller, String id) {
    if (id == null) {
      return Uni.createFrom().failure(ApiErrors.notFound("enterprise", null));
    }
    return enterprises
        .findById(id)
        .map(
            e -> {
              if (e == null || !caller.sees(e.parkId, e.id)) {
                throw ApiErrors.notFound("enterprise", id);
              }
              return e;
            });
  }

  /**
   * The enterprise, a 404 outside the caller's scope, a 403 ({@code why}) unless the caller manages
   * it (its admin, its park's operator, a platform admin).
   */
  public Uni<Enterprise> managedEnterprise(Caller caller, String id, String why) {
    return enterprise(caller, id).invoke(e -> requireManagesEnterprise(caller, e, why));
  }

  /**
   * The enterprise, a 404 outside the caller's scope, a 403 ({@code why}) unless the caller runs
   * its park (its operator or a platform admin).
   */
  public Uni<Enterprise> operatedEnterprise(Caller caller, String id, String why) {
    return enterprise(caller, id).invoke(e -> requireManagesPark(caller, e.parkId, why));
  }

  /** The enterprise and its park, with a 404 as {@link #enterprise}. */
  public Uni<Tenant> tenant(Caller caller, String enterpriseId) {
    return enterprise(caller, enterpriseId)
        .flatMap(e -> parks.findById(e.parkId).map(p -> new Tenant(p, e)));
  }

  /** A 404 unless {@code caller} may see a thing of {@code park} and {@code enterprise}. */
  public void requireVisible(
      Caller caller, String park, String enterprise, String kind, String id) {
    if (!sees(caller, park, enterprise)) {
      throw ApiErrors.notFound(kind, id);
    }
  }

  /** Whether {@code caller} may see a thing of {@code park} and {@code enterprise}. */
  private static boolean sees(Caller caller, String park, String enterprise) {
    return enterprise == null ? caller.seesPark(park) : caller.sees(park, enterprise);
  }

  /** A 403 ({@code why}) unless {@code caller} runs {@code park}. */
  public void requireManagesPark(Caller caller, String park, String why) {
    if (!caller.managesPark(park)) {
      throw ApiErrors.forbidden(why);
    }
  }

  /** A 403 ({@code why}) unless {@code caller} manages {@code enterprise}. */
  public void requireManagesEnterprise(Caller caller, Enterprise enterprise, String why) {
    requireManagesEnterprise(caller, enterprise.parkId, enterprise.id, why);
  }

  /** A 403 ({@code why}) unless {@code caller} manages the enterprise of that park. */
  public void requireManagesEnterprise(Caller caller, String park, String enterprise, String why) {
    if (!caller.managesEnterprise(park, enterprise)) {
      throw ApiErrors.forbidden(why);
    }
  }

  /** A 403 ({@code why}) unless {@code caller} is a platform admin. */
  public void requirePlatformAdmin(Caller caller, String why) {
    if (!caller.isPlatformAdmin()) {
      throw ApiErrors.forbidden(why);
    }
  }

  /** An enterprise with its park. */
  public record Tenant(Park park, Enterprise enterprise) {}
}
