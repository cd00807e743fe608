package io.parkpulse.platform.tenancy;

import io.parkpulse.platform.api.ApiErrors;
import io.smallrye.mutiny.Uni;

/**
 * A role with its scope, as handed to a new user or token: checked for consistency (a park operator
 * names a park, an enterprise role an enterprise, whose park is taken from it) and against what the
 * granting caller may hand out.
 *
 * @param role the role
 * @param park its park, null for a platform admin
 * @param enterprise its enterprise, null unless an enterprise role
 */
public record Grant(Role role, String park, String enterprise) {

  /**
   * Validates a requested grant; a scope the caller cannot see answers 404, one it cannot grant
   * 403.
   */
  public static Uni<Grant> resolve(
      TenancyGate gate, Caller caller, String role, String park, String enterprise) {
    Role r =
        Role.of(role)
            .orElseThrow(
                () ->
                    ApiErrors.badRequest(
                        "role",
                        "must be one of platform-admin, park-operator, enterprise-admin,"
                            + " enterprise-viewer"));
    Uni<Grant> grant =
        switch (r) {
          case PLATFORM_ADMIN -> {
            ApiErrors.require(
                park == null && enterprise == null, "park", "a platform admin has no park");
            yield Uni.createFrom().item(new Grant(r, null, null));
          }
          case PARK_OPERATOR -> {
            ApiErrors.require(park != null, "park", "is required for a park operator");
            ApiErrors.require(
                enterprise == null, "enterprise", "a park operator has no enterprise");
            yield gate.park(caller, park).map(p -> new Grant(r, p.id, null));
          }
          case ENTERPRISE_ADMIN, ENTERPRISE_VIEWER -> {
            ApiErrors.require(enterprise != null, "enterprise", "is required for " + r.id());
            yield gate.enterprise(caller, enterprise)
                .map(
                    e -> {
                      ApiErrors.require(
                          park == null || park.equals(e.parkId),
                          "park",
                          "enterprise '" + e.id + "' is in park '" + e.parkId + "'");
                      return new Grant(r, e.parkId, e.id);
                    });
          }
        };
    return grant.map(
        g -> {
          if (!caller.mayGrant(g.role(), g.park(), g.enterprise())) {
            throw ApiErrors.forbidden("you cannot grant " + g.role().id() + " in this scope");
          }
          return g;
        });
  }

  /** Whether {@code caller} manages things (users, tokens) held with this grant. */
  public boolean managedBy(Caller caller) {
    return caller.mayGrant(role, park, enterprise);
  }
}
