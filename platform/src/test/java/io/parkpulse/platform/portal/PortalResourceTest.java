package io.parkpulse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortalResourceTest {

  @Test
  void afterSigningInTheBrowserOnlyEverGoesBackIntoThePortal() {
    assertThat(PortalResource.safeNext("/portal/enterprises/acme"))
        .isEqualTo("/portal/enterprises/acme");
    assertThat(PortalResource.safeNext(null)).isEqualTo("/portal");
    assertThat(PortalResource.safeNext("https://evil.example/")).isEqualTo("/portal");
    assertThat(PortalResource.safeNext("//evil.example/portal")).isEqualTo("/portal");
    assertThat(PortalResource.safeNext("/portal\\@evil.example")).isEqualTo("/portal");
    assertThat(PortalResource.safeNext("/api/v1/users")).isEqualTo("/portal");
    assertThat(PortalResource.safeNext("/portal/x y")).isEqualTo("/portal");
    assertThat(PortalResource.safeNext("/portal\r\nSet-Cookie: a=b")).isEqualTo("/portal");
    assertThat(PortalResource.safeNext("/portal/enterprises?q=%E7%B2%BE"))
        .isEqualTo("/portal/enterprises?q=%E7%B2%BE");
  }
}
