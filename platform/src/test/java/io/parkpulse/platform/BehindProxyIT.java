package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The platform behind a reverse proxy it trusts (127.0.0.1 here, an Ingress controller in the Helm
 * chart): sign-in throttling counts each client's address from {@code X-Forwarded-For}, and the
 * session cookie is {@code Secure} when the proxy says the browser came over HTTPS. Every answer
 * carries the security headers; the portal's also its content security policy.
 */
@QuarkusTest
@TestProfile(BehindProxyIT.Proxied.class)
@WithTestResource(PlatformTestResource.class)
class BehindProxyIT {

  /** The proxy settings the Helm chart sets with its Ingress. */
  public static class Proxied implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.http.proxy.proxy-address-forwarding", "true",
          "quarkus.http.proxy.allow-x-forwarded", "true",
          "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
    }
  }

  @Test
  void throttlingCountsTheClientsTheProxyNamesNotTheProxy() {
    Api admin = Api.admin();
    admin.park("proxied-park");
    admin.user("proxied-user", "park-operator", "proxied-park", null);

    for (int i = 0; i < 5; i++) {
      login("203.0.113.7", null, "proxied-user", "wrong-" + i).then().statusCode(401);
    }
    login("203.0.113.7", null, "proxied-user", "wrong-5").then().statusCode(429);
    // Another client behind the same proxy signs in.
    login("203.0.113.8", null, "proxied-user", "password-of-proxied-user").then().statusCode(200);
  }

  @Test
  void theSessionCookieIsSecureWhenTheBrowserCameOverHttps() {
    Response https =
        login(
            "203.0.113.9",
            "https",
            PlatformTestResource.ADMIN,
            PlatformTestResource.ADMIN_PASSWORD);
    Response http =
        login(
            "203.0.113.9", "http", PlatformTestResource.ADMIN, PlatformTestResource.ADMIN_PASSWORD);

    assertThat(https.getDetailedCookie("parkpulse_session").isSecured()).isTrue();
    assertThat(https.getDetailedCookie("parkpulse_session").isHttpOnly()).isTrue();
    assertThat(http.getDetailedCookie("parkpulse_session").isSecured()).isFalse();
    given()
        .header("X-Forwarded-Proto", "https")
        .post("/api/v1/logout")
        .then()
        .statusCode(204)
        .header("Set-Cookie", containsString("Secure"));
  }

  @Test
  void everyAnswerCarriesTheSecurityHeadersAndThePortalItsPolicy() {
    given()
        .get("/portal/login")
        .then()
        .statusCode(200)
        .header("X-Content-Type-Options", equalTo("nosniff"))
        .header("X-Frame-Options", equalTo("DENY"))
        .header("Referrer-Policy", equalTo("same-origin"))
        .header("Strict-Transport-Security", equalTo("max-age=31536000; includeSubDomains"))
        .header("Content-Security-Policy", containsString("script-src 'self';"))
        .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    given()
        .get("/api/v1/me")
        .then()
        .statusCode(401)
        .header("X-Content-Type-Options", equalTo("nosniff"))
        .header("X-Frame-Options", equalTo("DENY"))
        .header("Content-Security-Policy", nullValue());
  }

  private static Response login(String client, String proto, String user, String password) {
    var request = given().header("X-Forwarded-For", client);
    if (proto != null) {
      request = request.header("X-Forwarded-Proto", proto);
    }
    return request
        .contentType(ContentType.JSON)
        .body(Map.of("user", user, "password", password))
        .post("/api/v1/login");
  }
}
