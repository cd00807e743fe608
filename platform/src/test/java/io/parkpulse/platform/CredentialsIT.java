package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Credentials end with the user behind them: API tokens belong to their creator and expire, a token
 * never makes a wider or longer-lived one, disabling or deleting a user ends its sessions and
 * tokens, and a password change asks for the current password and ends the other sessions.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class CredentialsIT {

  @Test
  void aTokenExpiresByDefaultAndDiesWithItsDisabledCreator() {
    Api admin = Api.admin();
    admin.park("cred-park");
    Api owner = admin.user("cred-owner", "park-operator", "cred-park", null);
    Created created = token(owner, body("cred-integration", null, "park-operator", "cred-park"));
    assertThat(Duration.between(Instant.now(), created.expiresAt()).toDays()).isBetween(89L, 90L);
    Api integration = Api.withToken(created.token());
    integration.request().get("/api/v1/parks/cred-park").then().statusCode(200);

    disable(admin, "cred-owner", false);

    integration.request().get("/api/v1/parks/cred-park").then().statusCode(401);
    owner.request().get("/api/v1/me").then().statusCode(401);
    // Enabled again, the user signs in anew; what it had before stays revoked.
    disable(admin, "cred-owner", true);
    integration.request().get("/api/v1/parks/cred-park").then().statusCode(401);
    owner.request().get("/api/v1/me").then().statusCode(401);
    Api.login("cred-owner", "password-of-cred-owner")
        .request()
        .get("/api/v1/me")
        .then()
        .statusCode(200);
  }

  @Test
  void aDeletedUsersTokensStopWorking() {
    Api admin = Api.admin();
    admin.park("cred-del-park");
    Api owner = admin.user("cred-deleted", "park-operator", "cred-del-park", null);
    Api integration =
        Api.withToken(
            token(owner, body("cred-del-token", null, "park-operator", "cred-del-park")).token());
    integration.request().get("/api/v1/parks/cred-del-park").then().statusCode(200);

    admin.request().delete("/api/v1/users/cred-deleted").then().statusCode(204);

    integration.request().get("/api/v1/parks/cred-del-park").then().statusCode(401);
  }

  @Test
  void aTokenCannotMakeALongerLivedOrWiderOne() {
    Api admin = Api.admin();
    admin.park("cred-mint-park");
    admin.enterprise("cred-mint-park", "cred-mint-ent");
    Api owner = admin.user("cred-minter", "enterprise-admin", "cred-mint-park", "cred-mint-ent");
    Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
    Api parent =
        Api.withToken(
            token(owner, body("cred-parent", tomorrow.toString(), "enterprise-admin")).token());

    parent
        .request()
        .body(body("cred-longer", Instant.now().plus(Duration.ofDays(2)).toString()))
        .post("/api/v1/tokens")
        .then()
        .statusCode(400)
        .body("field", equalTo("expiresAt"))
        .body("message", containsString("cannot create one that outlives it"));
    assertThat(token(parent, body("cred-child", null)).expiresAt()).isBeforeOrEqualTo(tomorrow);

    parent
        .request()
        .body(body("cred-wider", null, "park-operator", "cred-mint-park"))
        .post("/api/v1/tokens")
        .then()
        .statusCode(403);

    // Nobody gets a token beyond the platform's maximum lifetime.
    owner
        .request()
        .body(body("cred-forever", Instant.now().plus(Duration.ofDays(400)).toString()))
        .post("/api/v1/tokens")
        .then()
        .statusCode(400)
        .body("field", equalTo("expiresAt"));
  }

  @Test
  void changingYourOwnPasswordNeedsTheCurrentOneAndEndsYourOtherSessions() {
    Api admin = Api.admin();
    admin.park("cred-pw-park");
    Api here = admin.user("cred-pw", "park-operator", "cred-pw-park", null);
    Api elsewhere = Api.login("cred-pw", "password-of-cred-pw");

    here.request()
        .body(Map.of("password", "a-new-password-1"))
        .put("/api/v1/users/cred-pw")
        .then()
        .statusCode(400)
        .body("field", equalTo("currentPassword"));
    here.request()
        .body(Map.of("password", "a-new-password-1", "currentPassword", "not-the-password"))
        .put("/api/v1/users/cred-pw")
        .then()
        .statusCode(400)
        .body("message", containsString("is not your current password"));
    elsewhere.request().get("/api/v1/me").then().statusCode(200);

    here.request()
        .body(Map.of("password", "a-new-password-1", "currentPassword", "password-of-cred-pw"))
        .put("/api/v1/users/cred-pw")
        .then()
        .statusCode(200);

    here.request().get("/api/v1/me").then().statusCode(200);
    elsewhere.request().get("/api/v1/me").then().statusCode(401);
    Api.login("cred-pw", "a-new-password-1");

    // An admin who sets the password ends every session of the user.
    admin
        .request()
        .body(Map.of("password", "a-new-password-2"))
        .put("/api/v1/users/cred-pw")
        .then()
        .statusCode(200);
    here.request().get("/api/v1/me").then().statusCode(401);
  }

  /** A token as created: the token itself and when it expires. */
  private record Created(String token, Instant expiresAt) {}

  private static Created token(Api creator, Map<String, Object> body) {
    JsonPath created =
        creator
            .request()
            .body(body)
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract()
            .jsonPath();
    return new Created(
        created.getString("token"), Instant.parse(created.getString("details.expiresAt")));
  }

  /** A token's body: an enterprise viewer of {@code cred-mint-ent}, or what {@code grant} says. */
  private static Map<String, Object> body(String name, String expiresAt, String... grant) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("role", grant.length > 0 ? grant[0] : "enterprise-viewer");
    if (grant.length > 1) {
      body.put("park", grant[1]);
    } else {
      body.put("enterprise", "cred-mint-ent");
    }
    if (expiresAt != null) {
      body.put("expiresAt", expiresAt);
    }
    return body;
  }

  private static void disable(Api admin, String user, boolean enabled) {
    admin
        .request()
        .body(Map.of("enabled", enabled))
        .put("/api/v1/users/" + user)
        .then()
        .statusCode(200);
  }
}
