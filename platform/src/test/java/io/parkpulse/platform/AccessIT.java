package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sign-in: sessions, throttling, and what a session can and cannot do. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class AccessIT {

  @Test
  void locksAnAccountAfterRepeatedWrongPasswordsEvenAgainstTheRightOne() {
    Api admin = Api.admin();
    admin.park("access-park");
    admin.user("locked-out", "park-operator", "access-park", null);

    for (int i = 0; i < 4; i++) {
      login("locked-out", "wrong-password").then().statusCode(401);
    }
    Response fifth = login("locked-out", "wrong-password");
    assertThat(fifth.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(fifth.header("Retry-After"))).isBetween(1L, 60L);

    login("locked-out", "password-of-locked-out").then().statusCode(429);
    // Another account is not affected.
    login(PlatformTestResource.ADMIN, PlatformTestResource.ADMIN_PASSWORD).then().statusCode(200);
  }

  @Test
  void wrongPasswordsSentTogetherAreEachCounted() throws Exception {
    Api admin = Api.admin();
    admin.park("parallel-park");
    admin.user("parallel-guess", "park-operator", "parallel-park", null);

    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      List<Future<Integer>> guesses = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        guesses.add(pool.submit(() -> login("parallel-guess", "wrong-password").statusCode()));
      }
      for (Future<Integer> guess : guesses) {
        assertThat(guess.get(1, TimeUnit.MINUTES)).isIn(401, 429);
      }
    } finally {
      pool.shutdownNow();
    }
    login("parallel-guess", "password-of-parallel-guess").then().statusCode(429);
  }

  @Test
  void aTokensLastUseIsRecorded() {
    Api admin = Api.admin();
    admin.park("last-use-park");
    Api token = admin.apiToken("last-use", "park-operator", "last-use-park", null);
    String lastUsed = "find { it.name == 'last-use' }.lastUsedAt";
    assertThat(admin.request().get("/api/v1/tokens").jsonPath().getString(lastUsed)).isNull();

    token.request().get("/api/v1/parks/last-use-park").then().statusCode(200);
    assertThat(admin.request().get("/api/v1/tokens").jsonPath().getString(lastUsed)).isNotNull();
  }

  @Test
  void refusesAnUnknownUserLikeAWrongPassword() {
    login("nobody-here", "whatever-password")
        .then()
        .statusCode(401)
        .body("error", equalTo("unknown user or wrong password"));
  }

  @Test
  void aSessionEndsAtLogoutAndADisabledUsersSessionStopsWorking() {
    Api admin = Api.admin();
    admin.park("session-park");
    Api operator = admin.user("session-op", "park-operator", "session-park", null);
    operator
        .request()
        .get("/api/v1/me")
        .then()
        .statusCode(200)
        .body("role", equalTo("park-operator"));

    admin
        .request()
        .body(Map.of("enabled", false))
        .put("/api/v1/users/session-op")
        .then()
        .statusCode(200);
    operator.request().get("/api/v1/me").then().statusCode(401);

    Api again = Api.admin();
    again.request().post("/api/v1/logout").then().statusCode(204);
    again.request().get("/api/v1/me").then().statusCode(401);
  }

  @Test
  void signingOutWithAnExpiredSessionCookieStillClearsIt() {
    given()
        .cookie("parkpulse_session", "no-such-session")
        .post("/api/v1/logout")
        .then()
        .statusCode(204)
        .header("Set-Cookie", containsString("Max-Age=0"));
  }

  @Test
  void signInSetsAnHttpOnlySessionCookieThatTheApiAccepts() {
    Response response = login(PlatformTestResource.ADMIN, PlatformTestResource.ADMIN_PASSWORD);
    String cookie = response.getCookie("parkpulse_session");
    assertThat(cookie).isEqualTo(response.path("token"));
    assertThat(response.getDetailedCookie("parkpulse_session").isHttpOnly()).isTrue();
    given().cookie("parkpulse_session", cookie).get("/api/v1/me").then().statusCode(200);
  }

  @Test
  void validationErrorsNameTheFieldAtFault() {
    Api admin = Api.admin();
    admin
        .request()
        .body(Map.of("id", "Bad Id!", "name", "x"))
        .post("/api/v1/parks")
        .then()
        .statusCode(400)
        .body("field", equalTo("id"));
    admin
        .request()
        .body(Map.of("id", "tz-park", "name", "x", "timezone", "Mars/Olympus"))
        .post("/api/v1/parks")
        .then()
        .statusCode(400)
        .body("field", equalTo("timezone"));
    admin.park("short-pw-park");
    admin
        .request()
        .body(
            Map.of(
                "id",
                "short-pw",
                "displayName",
                "x",
                "password",
                "short",
                "role",
                "park-operator",
                "park",
                "short-pw-park"))
        .post("/api/v1/users")
        .then()
        .statusCode(400)
        .body("field", equalTo("password"));
  }

  @Test
  void aParkAtItsDeviceLimitRefusesAnotherDevice() {
    Api admin = Api.admin();
    admin
        .request()
        .body(Map.of("id", "tiny-park", "name", "Tiny", "maxDevices", 1))
        .post("/api/v1/parks")
        .then()
        .statusCode(201);
    admin.enterprise("tiny-park", "tiny-co");
    admin.device("tiny-co", "tiny-01");
    admin
        .request()
        .body(Map.of("id", "tiny-02", "name", "x"))
        .post("/api/v1/enterprises/tiny-co/devices")
        .then()
        .statusCode(409);
  }

  private static Response login(String user, String password) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("user", user, "password", password))
        .post("/api/v1/login");
  }
}
