package io.parkpulse.platform.tenancy;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.Objects;

/**
 * Who is calling and what they may reach: a user's session or an API token, with its role and
 * scope. Every resource check goes through here, so that the rules live in one place:
 *
 * <ul>
 *   <li>outside one's scope a resource does not exist (the API answers 404);
 *   <li>inside it, an action the role may not take is forbidden (403).
 * </ul>
 *
 * @param subject the user id, or {@code token:{id}} for an API token
 * @param role the role
 * @param park the park of a park operator or of an enterprise role; null for a platform admin
 * @param enterprise the enterprise of an enterprise role; null otherwise
 */
public record Caller(String subject, Role role, String park, String enterprise) {

  /** The identity attribute holding the caller of an authenticated request. */
  public static final String ATTRIBUTE = "parkpulse.caller";

  /** The caller of an authenticated request. */
  public static Caller of(SecurityIdentity identity) {
    Caller caller = identity.getAttribute(ATTRIBUTE);
    if (caller == null) {
      throw new AuthenticationFailedException("not signed in");
    }
    return caller;
  }

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(role, "role");
    if (role != Role.PLATFORM_ADMIN && park == null) {
      throw new IllegalArgumentException(role.id() + " needs a park");
    }
    if (role.isEnterpriseRole() && enterprise == null) {
      throw new IllegalArgumentException(role.id() + " needs an enterprise");
    }
  }

  public boolean isPlatformAdmin() {
    return role == Role.PLATFORM_ADMIN;
  }

  /** Whether the park itself is visible: its settings, shared profiles. */
  public boolean seesPark(String parkId) {
    return isPlatformAdmin() || park.equals(parkId);
  }

  /** Whether data of {@code enterpriseId} in {@code parkId} is visible. */
  public boolean sees(String parkId, String enterpriseId) {
    if (isPlatformAdmin()) {
      return true;
    }
    if (role == Role.PARK_OPERATOR) {
      return park.equals(parkId);
    }
    return enterprise.equals(enterpriseId);
  }

  /** Whether the caller may change park settings and park-wide things (shared profiles). */
  public boolean managesPark(String parkId) {
    return isPlatformAdmin() || (role == Role.PARK_OPERATOR && park.equals(parkId));
  }

  /** Whether the caller may change an enterprise's devices, profiles, users and tokens. */
  public boolean managesEnterprise(String parkId, String enterpriseId) {
    return managesPark(parkId)
        || (role == Role.ENTERPRISE_ADMIN && enterprise.equals(enterpriseId));
  }

  /**
   * Whether the caller may hand out {@code granted} (to a new user or token) without exceeding its
   * own reach.
   */
  public boolean mayGrant(Role granted, String grantedPark, String grantedEnterprise) {
    return switch (granted) {
      case PLATFORM_ADMIN -> isPlatformAdmin();
      case PARK_OPERATOR -> managesPark(grantedPark);
      case ENTERPRISE_ADMIN, ENTERPRISE_VIEWER -> managesEnterprise(grantedPark, grantedEnterprise);
    };
  }
}
