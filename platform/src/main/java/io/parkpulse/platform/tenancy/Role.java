package io.parkpulse.platform.tenancy;

import java.util.Arrays;
import java.util.Optional;

/** What a user or API token may do, within its scope. */
public enum Role {
  /** Everything, in every park. */
  PLATFORM_ADMIN("platform-admin"),
  /** Everything within one park, except creating or deleting parks. */
  PARK_OPERATOR("park-operator"),
  /** Manage one enterprise: its devices, profiles, users and tokens. */
  ENTERPRISE_ADMIN("enterprise-admin"),
  /** Read one enterprise's data. */
  ENTERPRISE_VIEWER("enterprise-viewer");

  private final String id;

  Role(String id) {
    this.id = id;
  }

  /** The role as the API and the database spell it, e.g. {@code park-operator}. */
  public String id() {
    return id;
  }

  public static Optional<Role> of(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }

  /** Whether the role is bound to one enterprise. */
  public boolean isEnterpriseRole() {
    return this == ENTERPRISE_ADMIN || this == ENTERPRISE_VIEWER;
  }
}
