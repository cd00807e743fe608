package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The portal's sign-in and sign-out, and its users and API tokens, as a browser uses them. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class PortalAccessIT {

  private static final Pattern TOKEN = Pattern.compile("ppt_[A-Za-z0-9_-]+");

  @Test
  void signingInSetsTheSessionCookieAndSigningOutEndsTheSession() {
    Response signedIn = signIn(PlatformTestResource.ADMIN, PlatformTestResource.ADMIN_PASSWORD);
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.header("Location")).endsWith("/portal/overview");
    String session = signedIn.getCookie("parkpulse_session");
    assertThat(session).startsWith("ppt_");
    given().cookie("parkpulse_session", session).get("/api/v1/me").then().statusCode(200);

    // Without the page's token (a form posted by another site, riding on the cookie): refused.
    given()
        .cookie("parkpulse_session", session)
        .redirects()
        .follow(false)
        .post("/portal/logout")
        .then()
        .statusCode(403);
    given()
        .cookie("parkpulse_session", session)
        .formParam("_csrf", csrfOf(Api.admin().token()))
        .redirects()
        .follow(false)
        .post("/portal/logout")
        .then()
        .statusCode(403);
    given().cookie("parkpulse_session", session).get("/api/v1/me").then().statusCode(200);

    Response out = portal(session).post("/portal/logout");
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.header("Location")).endsWith("/portal/login");
    assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
    given().auth().oauth2(session).get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void aWrongPasswordShowsTheSignInPageAgainWithoutASession() {
    Api admin = Api.admin();
    admin.park("portal-login-park");
    admin.user("portal-login-op", "park-operator", "portal-login-park", null);

    Response refused = signIn("portal-login-op", "wrong-password");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.getCookie("parkpulse_session")).isNull();
    assertThat(refused.asString()).contains("Unknown user or wrong password.");

    Response missing = signIn("portal-login-op", "");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.asString()).contains("Enter your user name and password.");
  }

  @Test
  void anOperatorManagesTheUsersAndTokensOfItsParkInThePortal() {
    Api admin = Api.admin();
    admin.park("portal-admin-park");
    admin.enterprise("portal-admin-park", "portal-admin-co");
    admin.park("portal-other-park");
    admin.user("portal-other-op", "park-operator", "portal-other-park", null);
    admin.user("portal-admin-op", "park-operator", "portal-admin-park", null);
    String session =
        signIn("portal-admin-op", "password-of-portal-admin-op").getCookie("parkpulse_session");

    portal(session)
        .contentType(ContentType.URLENC)
        .formParam("id", "portal-new-viewer")
        .formParam("displayName", "New viewer")
        .formParam("password", "password-of-portal-new-viewer")
        .formParam("role", "enterprise-viewer")
        .formParam("enterprise", "portal-admin-co")
        .post("/portal/admin/users")
        .then()
        .statusCode(303)
        .header("Location", containsString("/portal/admin#users"));
    Api.login("portal-new-viewer", "password-of-portal-new-viewer")
        .request()
        .get("/api/v1/me")
        .then()
        .body("enterprise", equalTo("portal-admin-co"));

    // A taken id shows the page again with the API's reason.
    portal(session)
        .contentType(ContentType.URLENC)
        .formParam("id", "portal-new-viewer")
        .formParam("displayName", "Again")
        .formParam("password", "password-of-portal-new-viewer")
        .formParam("role", "enterprise-viewer")
        .formParam("enterprise", "portal-admin-co")
        .post("/portal/admin/users")
        .then()
        .statusCode(409)
        .body(containsString("id=\"admin-error\""))
        .body(containsString("portal-new-viewer&#39; exists"));

    Response created =
        portal(session)
            .contentType(ContentType.URLENC)
            .formParam("name", "portal-integrator")
            .formParam("role", "enterprise-viewer")
            .formParam("enterprise", "portal-admin-co")
            .post("/portal/admin/tokens");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.header("Cache-Control")).isEqualTo("no-store");
    Matcher shown = TOKEN.matcher(created.asString());
    assertThat(shown.find()).as("the new token is shown once").isTrue();
    Api token = Api.withToken(shown.group());
    token.request().get("/api/v1/enterprises/portal-admin-co").then().statusCode(200);

    // The page lists the park's users and tokens, not another park's.
    portal(session)
        .get("/portal/admin")
        .then()
        .statusCode(200)
        .body(containsString("portal-new-viewer"))
        .body(containsString("portal-integrator"))
        .body(not(containsString("portal-other-op")));

    String id = tokenId(Api.admin(), "portal-integrator");
    portal(session)
        .post("/portal/admin/tokens/{id}/revocation", id)
        .then()
        .statusCode(303)
        .header("Location", containsString("/portal/admin#tokens"));
    token.request().get("/api/v1/enterprises/portal-admin-co").then().statusCode(401);
  }

  @Test
  void anotherParksTokenCannotBeRevokedFromThePortal() {
    Api admin = Api.admin();
    admin.park("portal-rev-a");
    admin.park("portal-rev-b");
    admin.user("portal-rev-op", "park-operator", "portal-rev-a", null);
    Api other = admin.apiToken("portal-rev-other", "park-operator", "portal-rev-b", null);
    String id = tokenId(admin, "portal-rev-other");
    String session =
        signIn("portal-rev-op", "password-of-portal-rev-op").getCookie("parkpulse_session");

    portal(session).post("/portal/admin/tokens/{id}/revocation", id).then().statusCode(404);
    other.request().get("/api/v1/parks/portal-rev-b").then().statusCode(200);
  }

  private static Response signIn(String user, String password) {
    return given()
        .cookie("parkpulse_lang", "en")
        .redirects()
        .follow(false)
        .contentType(ContentType.URLENC)
        .formParam("user", user)
        .formParam("password", password)
        .formParam("next", "/portal/overview")
        .post("/portal/login");
  }

  private static String tokenId(Api admin, String name) {
    return admin
        .request()
        .get("/api/v1/tokens")
        .then()
        .extract()
        .jsonPath()
        .getString("find { it.name == '" + name + "' }.id");
  }

  /** A form as the browser sends it: the session cookie and the token its page carries. */
  private static RequestSpecification portal(String session) {
    return given()
        .cookie("parkpulse_session", session)
        .formParam("_csrf", csrfOf(session))
        .redirects()
        .follow(false);
  }

  /** The CSRF token the portal's pages give the forms of {@code session}. */
  private static String csrfOf(String session) {
    Matcher token =
        Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
            .matcher(given().cookie("parkpulse_session", session).get("/portal/login").asString());
    assertThat(token.find()).as("the sign-in page's form carries the token").isTrue();
    return token.group(1);
  }
}
