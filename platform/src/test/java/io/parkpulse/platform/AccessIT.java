package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.model.SecretHash;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.http.conn.params.ConnRoutePNames;
import org.junit.jupiter.api.Test;

/** Sign-in: sessions, throttling, and what a session can and cannot do. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class AccessIT {

  @Inject MeterRegistry meters;

  @Test
  void aHundredWrongPasswordsFromOneAddressAreThrottledUncheckedWhileTheUserSignsInElsewhere() {
    Api admin = Api.admin();
    admin.park("access-park");
    admin.user("flood-target", "park-operator", "access-park", null);
    double checked = signIns("refused");
    double throttled = signIns("throttled");

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Response answer = login("127.0.0.3", "flood-target", "wrong-password-" + i);
      statuses.add(answer.statusCode());
      if (answer.statusCode() == 429) {
        assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, 15 * 60L + 1);
      }
      if (i == 50) {
        // The real user, from another address, while the attack goes on.
        login("127.0.0.2", "flood-target", "password-of-flood-target").then().statusCode(200);
      }
    }

    // Five wrong passwords were checked; the other 95 were refused before any hashing.
    assertThat(statuses.subList(0, 5)).containsOnly(401);
    assertThat(statuses.subList(5, 100)).containsOnly(429);
    assertThat(signIns("refused") - checked).isEqualTo(5.0);
    assertThat(signIns("throttled") - throttled).isEqualTo(95.0);
    // From the attacking address even the right password waits; from others it works.
    login("127.0.0.3", "flood-target", "password-of-flood-target").then().statusCode(429);
    login("127.0.0.1", PlatformTestResource.ADMIN, PlatformTestResource.ADMIN_PASSWORD)
        .then()
        .statusCode(200);
  }

  @Test
  void unknownAndKnownUsersAnswerAlike() {
    Api admin = Api.admin();
    admin.park("alike-park");
    admin.user("alike-known", "park-operator", "alike-park", null);
    double checked = signIns("refused");

    List<String> known = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      known.add(answer(login("127.0.0.4", "alike-known", "wrong-" + i)));
      unknown.add(answer(login("127.0.0.5", "alike-nobody", "wrong-" + i)));
    }

    assertThat(unknown).isEqualTo(known);
    assertThat(known.get(0)).isEqualTo("401 unknown user or wrong password");
    assertThat(known.get(7)).startsWith("429 too many failed sign-ins");
    // Both paid for the same number of password checks.
    assertThat(signIns("refused") - checked).isEqualTo(10.0);
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
        guesses.add(
            pool.submit(() -> login("127.0.0.6", "parallel-guess", "wrong-password").statusCode()));
      }
      for (Future<Integer> guess : guesses) {
        assertThat(guess.get(1, TimeUnit.MINUTES)).isIn(401, 429);
      }
    } finally {
      pool.shutdownNow();
    }
    login("127.0.0.6", "parallel-guess", "password-of-parallel-guess").then().statusCode(429);
    login("127.0.0.7", "parallel-guess", "password-of-parallel-guess").then().statusCode(200);
  }

  @Test
  void aPasswordHashOfTheEarlierKindIsReplacedByArgon2idAtSignIn() throws Exception {
    Api admin = Api.admin();
    admin.park("upgrade-park");
    admin.user("upgrade-me", "park-operator", "upgrade-park", null);
    Database db = Postgres.sharedForTests().database();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement old =
            c.prepareStatement("UPDATE app_user SET password_hash = ? WHERE id = 'upgrade-me'")) {
      old.setString(1, SecretHash.hash("password-of-upgrade-me", 100_000));
      old.executeUpdate();

      login("127.0.0.8", "upgrade-me", "password-of-upgrade-me").then().statusCode(200);

      try (ResultSet now =
          c.createStatement()
              .executeQuery("SELECT password_hash FROM app_user WHERE id = 'upgrade-me'")) {
        assertThat(now.next()).isTrue();
        assertThat(now.getString(1)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
      }
    }
    login("127.0.0.8", "upgrade-me", "password-of-upgrade-me").then().statusCode(200);
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
    return login("127.0.0.1", user, password);
  }

  /** Signs in from {@code from}, an address of the loopback network (all of 127/8 on Linux). */
  private static Response login(String from, String user, String password) {
    try {
      return given()
          .config(
              RestAssured.config()
                  .httpClient(
                      HttpClientConfig.httpClientConfig()
                          .setParam(ConnRoutePNames.LOCAL_ADDRESS, InetAddress.getByName(from))))
          .contentType(ContentType.JSON)
          .body(Map.of("user", user, "password", password))
          .post("/api/v1/login");
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(from, e);
    }
  }

  /** Status and message of an answer, without the moment a throttled one may try again. */
  private static String answer(Response response) {
    String error = response.path("error");
    return response.statusCode() + " " + error.replaceAll("after \\S+$", "after …");
  }

  private double signIns(String outcome) {
    return meters.counter("parkpulse.platform.sign.ins", "outcome", outcome).count();
  }
}
