package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import org.junit.jupiter.api.Test;

class CallerTest {

  private final Caller admin = new Caller("root", Role.PLATFORM_ADMIN, null, null);
  private final Caller operator = new Caller("op", Role.PARK_OPERATOR, "north", null);
  private final Caller entAdmin = new Caller("ea", Role.ENTERPRISE_ADMIN, "north", "acme");
  private final Caller viewer = new Caller("v", Role.ENTERPRISE_VIEWER, "north", "acme");

  @Test
  void aPlatformAdminSeesAndManagesEverything() {
    assertThat(admin.sees("south", "other")).isTrue();
    assertThat(admin.managesPark("south")).isTrue();
    assertThat(admin.mayGrant(Role.PLATFORM_ADMIN, null, null)).isTrue();
  }

  @Test
  void aParkOperatorReachesOnlyItsPark() {
    assertThat(operator.sees("north", "acme")).isTrue();
    assertThat(operator.sees("south", "acme")).isFalse();
    assertThat(operator.managesEnterprise("north", "beta")).isTrue();
    assertThat(operator.managesPark("south")).isFalse();
    assertThat(operator.mayGrant(Role.PARK_OPERATOR, "north", null)).isTrue();
    assertThat(operator.mayGrant(Role.PLATFORM_ADMIN, null, null)).isFalse();
    assertThat(operator.mayGrant(Role.ENTERPRISE_ADMIN, "south", "zeta")).isFalse();
  }

  @Test
  void enterpriseRolesReachOnlyTheirEnterprise() {
    assertThat(entAdmin.sees("north", "acme")).isTrue();
    assertThat(entAdmin.sees("north", "beta")).isFalse();
    assertThat(entAdmin.seesPark("north")).isTrue();
    assertThat(entAdmin.managesPark("north")).isFalse();
    assertThat(entAdmin.managesEnterprise("north", "acme")).isTrue();
    assertThat(entAdmin.mayGrant(Role.ENTERPRISE_VIEWER, "north", "acme")).isTrue();
    assertThat(entAdmin.mayGrant(Role.PARK_OPERATOR, "north", null)).isFalse();
    assertThat(viewer.sees("north", "acme")).isTrue();
    assertThat(viewer.managesEnterprise("north", "acme")).isFalse();
    assertThat(viewer.mayGrant(Role.ENTERPRISE_VIEWER, "north", "acme")).isFalse();
  }

  @Test
  void rolesBoundToATenantNeedTheirScope() {
    assertThatThrownBy(() -> new Caller("x", Role.PARK_OPERATOR, null, null))
        .hasMessageContaining("needs a park");
    assertThatThrownBy(() -> new Caller("x", Role.ENTERPRISE_VIEWER, "north", null))
        .hasMessageContaining("needs an enterprise");
  }
}
