package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.ParkTopic;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every role and API token against every endpoint family: another park's resources and another
 * enterprise's resources answer 404, forbidden actions in one's own scope 403, and lists hold only
 * what is in scope.
 *
 * <p>Park {@code iso-a} has enterprises {@code ent-a1} and {@code ent-a2}; park {@code iso-b} has
 * {@code ent-b1}. The callers all belong to {@code iso-a}: its operator, and the admin and viewer
 * of {@code ent-a1}, each as a signed-in user and as an API token. Beside the API, the portal's
 * forms are sent with each user's session cookie, and the dead-letter topic holds a record of each
 * enterprise's device.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class TenantIsolationIT {

  /** The users, who also sign in to the portal. */
  private static final List<String> USERS =
      List.of("operator user", "enterprise-admin user", "viewer user");

  private static Map<String, Api> callers;
  private static Map<String, String> otherTokenIds;

  /** An open alarm of each enterprise's device, by enterprise. */
  private static Map<String, Long> alarmIds;

  @Inject DataSource dataSource;

  /** A request: method, path and body (for writes). */
  record Call(String method, String path, Map<String, Object> body) {
    static Call get(String path) {
      return new Call("GET", path, null);
    }

    static Call put(String path, Map<String, Object> body) {
      return new Call("PUT", path, body);
    }

    static Call post(String path, Map<String, Object> body) {
      return new Call("POST", path, body);
    }

    static Call delete(String path) {
      return new Call("DELETE", path, null);
    }

    Response send(Api api) {
      var request = api.request();
      if (body != null) {
        request.body(body);
      }
      return request.request(method, path);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  @BeforeEach
  void setUpOnce() {
    if (callers != null) {
      return;
    }
    Api admin = Api.admin();
    admin.park("iso-a");
    admin.park("iso-b");
    admin.enterprise("iso-a", "ent-a1");
    admin.enterprise("iso-a", "ent-a2");
    admin.enterprise("iso-b", "ent-b1");
    admin.device("ent-a1", "dev-a1");
    admin.device("ent-a2", "dev-a2");
    admin.device("ent-b1", "dev-b1");
    profile(admin, "prof-a", "iso-a", null);
    profile(admin, "prof-a2", null, "ent-a2");
    profile(admin, "prof-b", "iso-b", null);
    profile(admin, "prof-a1", null, "ent-a1");
    admin.user("ea-a2", "enterprise-admin", null, "ent-a2");
    admin.user("op-b", "park-operator", "iso-b", null);
    otherTokenIds = new HashMap<>();
    otherTokenIds.put("ent-a2", tokenId(admin, "tok-a2", "enterprise-viewer", null, "ent-a2"));
    otherTokenIds.put("iso-b", tokenId(admin, "tok-b", "park-operator", "iso-b", null));
    rule(admin, "rule-iso-a", "park", "iso-a");
    rule(admin, "rule-iso-b", "park", "iso-b");
    rule(admin, "rule-ent-a1", "enterprise", "ent-a1");
    rule(admin, "rule-ent-a2", "enterprise", "ent-a2");
    rule(admin, "rule-ent-b1", "enterprise", "ent-b1");
    alarmIds = new HashMap<>();
    alarmIds.put("ent-a1", openAlarm("rule-ent-a1", "iso-a", "ent-a1", "dev-a1"));
    alarmIds.put("ent-a2", openAlarm("rule-ent-a2", "iso-a", "ent-a2", "dev-a2"));
    alarmIds.put("ent-b1", openAlarm("rule-ent-b1", "iso-b", "ent-b1", "dev-b1"));
    deadLetters("ent-a1/dev-a1", "ent-a2/dev-a2", "ent-b1/dev-b1", "not-a-device-key", null);

    callers = new LinkedHashMap<>();
    callers.put("operator user", admin.user("op-a", "park-operator", "iso-a", null));
    callers.put("enterprise-admin user", admin.user("ea-a1", "enterprise-admin", null, "ent-a1"));
    callers.put("viewer user", admin.user("ev-a1", "enterprise-viewer", null, "ent-a1"));
    callers.put("operator token", admin.apiToken("t-op", "park-operator", "iso-a", null));
    callers.put(
        "enterprise-admin token", admin.apiToken("t-ea", "enterprise-admin", null, "ent-a1"));
    callers.put("viewer token", admin.apiToken("t-ev", "enterprise-viewer", null, "ent-a1"));
  }

  /** Every endpoint family, aimed at a resource of {@code enterprise} in {@code park}. */
  private static List<Call> callsOn(
      String park, String enterprise, String device, String profile, String user, String token) {
    String dev = "/api/v1/enterprises/" + enterprise + "/devices/" + device;
    Map<String, Object> rename = Map.of("name", "renamed");
    List<Call> calls = new ArrayList<>();
    if (park != null) {
      calls.add(Call.get("/api/v1/parks/" + park));
      calls.add(Call.put("/api/v1/parks/" + park, rename));
      calls.add(Call.delete("/api/v1/parks/" + park));
      calls.add(Call.get("/api/v1/parks/" + park + "/maturity"));
      calls.add(Call.get("/api/v1/parks/" + park + "/maturity/report.csv"));
      calls.add(Call.get("/api/v1/parks/" + park + "/maturity/report.pdf"));
      calls.add(
          Call.post(
              "/api/v1/enterprises",
              Map.of(
                  "id",
                  "new-in-" + park,
                  "park",
                  park,
                  "name",
                  "x",
                  "industry",
                  "x",
                  "size",
                  "small")));
      calls.add(
          Call.post(
              "/api/v1/users",
              Map.of(
                  "id",
                  "new-op-" + park,
                  "displayName",
                  "x",
                  "password",
                  "long-enough-pw",
                  "role",
                  "park-operator",
                  "park",
                  park)));
      calls.add(
          Call.post("/api/v1/tokens", Map.of("name", "x", "role", "park-operator", "park", park)));
      calls.add(Call.post("/api/v1/alarm-rules", alarmRule("park-rule-" + park, "park", park)));
      calls.add(Call.post("/api/v1/parks/" + park + "/assessments", Map.of()));
      calls.add(Call.get("/api/v1/parks/" + park + "/limits"));
      calls.add(Call.put("/api/v1/parks/" + park + "/limits", Map.of("maxConnections", 1)));
    }
    calls.add(Call.get("/api/v1/enterprises/" + enterprise));
    calls.add(Call.get("/api/v1/enterprises/" + enterprise + "/limits"));
    calls.add(
        Call.put("/api/v1/enterprises/" + enterprise + "/limits", Map.of("maxConnections", 1)));
    calls.add(Call.put("/api/v1/enterprises/" + enterprise, rename));
    calls.add(Call.delete("/api/v1/enterprises/" + enterprise));
    calls.add(Call.get("/api/v1/enterprises/" + enterprise + "/devices"));
    calls.add(
        Call.post(
            "/api/v1/enterprises/" + enterprise + "/devices",
            Map.of("id", "new-in-" + enterprise, "name", "x")));
    calls.add(Call.get(dev));
    calls.add(Call.put(dev, rename));
    calls.add(Call.post(dev + "/secret", Map.of()));
    calls.add(Call.delete(dev));
    calls.add(Call.get(dev + "/telemetry"));
    calls.add(Call.get(dev + "/rollups"));
    calls.add(Call.get(dev + "/series"));
    calls.add(Call.get(dev + "/status"));
    calls.add(Call.post(dev + "/commands", command()));
    calls.add(Call.get("/api/v1/profiles/" + profile));
    calls.add(
        Call.put("/api/v1/profiles/" + profile, Map.of("name", "x", "points", List.of(point()))));
    calls.add(Call.delete("/api/v1/profiles/" + profile));
    calls.add(
        Call.post(
            "/api/v1/profiles",
            Map.of(
                "id",
                "new-prof-" + enterprise,
                "enterprise",
                enterprise,
                "name",
                "x",
                "points",
                List.of(point()))));
    calls.add(Call.get("/api/v1/users/" + user));
    calls.add(Call.put("/api/v1/users/" + user, Map.of("displayName", "x")));
    calls.add(Call.delete("/api/v1/users/" + user));
    calls.add(
        Call.post(
            "/api/v1/users",
            Map.of(
                "id",
                "new-user-" + enterprise,
                "displayName",
                "x",
                "password",
                "long-enough-pw",
                "role",
                "enterprise-viewer",
                "enterprise",
                enterprise)));
    calls.add(
        Call.post(
            "/api/v1/alarm-rules", alarmRule("ent-rule-" + enterprise, "enterprise", enterprise)));
    String maturity = "/api/v1/enterprises/" + enterprise;
    calls.add(Call.get(maturity + "/assessments"));
    calls.add(Call.post(maturity + "/assessments", Map.of()));
    calls.add(Call.get(maturity + "/assessments/latest"));
    calls.add(Call.get(maturity + "/questionnaire"));
    calls.add(Call.put(maturity + "/questionnaire/digital-plan", Map.of("answer", "FULLY")));
    calls.add(
        Call.post(maturity + "/questionnaire/digital-plan/verification", Map.of("verified", true)));
    calls.add(Call.get(maturity + "/reported-output"));
    calls.add(Call.put(maturity + "/reported-output/2026-01-05", Map.of("quantity", 1)));
    calls.add(Call.delete("/api/v1/tokens/" + token));
    calls.add(
        Call.post(
            "/api/v1/tokens",
            Map.of("name", "x", "role", "enterprise-viewer", "enterprise", enterprise)));
    return calls;
  }

  @Test
  void anotherParksResourcesDoNotExistForAnyCaller() {
    List<Call> calls =
        callsOn("iso-b", "ent-b1", "dev-b1", "prof-b", "op-b", otherTokenIds.get("iso-b"));
    SoftAssertions softly = new SoftAssertions();
    callers.forEach(
        (who, api) -> {
          for (Call call : calls) {
            softly.assertThat(call.send(api).statusCode()).as(who + " " + call).isEqualTo(404);
          }
        });
    softly.assertAll();
  }

  @Test
  void anotherEnterprisesResourcesDoNotExistForEnterpriseCallers() {
    List<Call> calls =
        callsOn(null, "ent-a2", "dev-a2", "prof-a2", "ea-a2", otherTokenIds.get("ent-a2"));
    SoftAssertions softly = new SoftAssertions();
    callers.forEach(
        (who, api) -> {
          if (who.startsWith("operator")) {
            return;
          }
          for (Call call : calls) {
            softly.assertThat(call.send(api).statusCode()).as(who + " " + call).isEqualTo(404);
          }
        });
    softly.assertAll();
  }

  @Test
  void theOperatorReachesEveryEnterpriseOfItsPark() {
    for (String who : List.of("operator user", "operator token")) {
      Api op = callers.get(who);
      op.request().get("/api/v1/enterprises/ent-a2/devices/dev-a2").then().statusCode(200);
      op.request().get("/api/v1/enterprises/ent-a2/devices/dev-a2/status").then().statusCode(200);
      // Allowed to command it: nobody answers, so the call waits out its timeout.
      op.request()
          .body(command())
          .post("/api/v1/enterprises/ent-a2/devices/dev-a2/commands")
          .then()
          .statusCode(504);
      op.request().get("/api/v1/profiles/prof-a2").then().statusCode(200);
      op.request().get("/api/v1/users/ea-a2").then().statusCode(200);
    }
  }

  @Test
  void forbiddenActionsInOnesOwnScopeAnswer403() {
    Map<String, Object> rename = Map.of("name", "renamed");
    Map<String, List<Call>> forbidden = new LinkedHashMap<>();
    List<Call> viewer =
        List.of(
            Call.put("/api/v1/enterprises/ent-a1", rename),
            Call.post("/api/v1/enterprises/ent-a1/devices", Map.of("id", "v-new", "name", "x")),
            Call.put("/api/v1/enterprises/ent-a1/devices/dev-a1", rename),
            Call.post("/api/v1/enterprises/ent-a1/devices/dev-a1/secret", Map.of()),
            Call.delete("/api/v1/enterprises/ent-a1/devices/dev-a1"),
            Call.post("/api/v1/enterprises/ent-a1/devices/dev-a1/commands", command()),
            Call.put("/api/v1/profiles/prof-a1", Map.of("name", "x", "points", List.of(point()))),
            Call.get("/api/v1/users"),
            Call.get("/api/v1/tokens"),
            Call.post(
                "/api/v1/tokens",
                Map.of("name", "x", "role", "enterprise-viewer", "enterprise", "ent-a1")),
            Call.get("/api/v1/audit"),
            Call.put("/api/v1/parks/iso-a", rename),
            Call.post("/api/v1/enterprises/ent-a1/assessments", Map.of()),
            Call.post("/api/v1/parks/iso-a/assessments", Map.of()),
            Call.put(
                "/api/v1/enterprises/ent-a1/questionnaire/digital-plan", Map.of("answer", "FULLY")),
            Call.put(
                "/api/v1/enterprises/ent-a1/reported-output/2026-01-05", Map.of("quantity", 1)),
            Call.put("/api/v1/enterprises/ent-a1/limits", Map.of("maxConnections", 1)),
            Call.put("/api/v1/parks/iso-a/limits", Map.of("maxConnections", 1)));
    List<Call> enterpriseAdmin =
        List.of(
            Call.post("/api/v1/parks", Map.of("id", "ea-park", "name", "x")),
            Call.put("/api/v1/enterprises/ent-a1/limits", Map.of("maxConnections", 1)),
            Call.put("/api/v1/parks/iso-a/limits", Map.of("maxConnections", 1)),
            Call.put("/api/v1/parks/iso-a", rename),
            Call.delete("/api/v1/enterprises/ent-a1"),
            Call.post(
                "/api/v1/enterprises",
                Map.of(
                    "id",
                    "ea-new",
                    "park",
                    "iso-a",
                    "name",
                    "x",
                    "industry",
                    "x",
                    "size",
                    "small")),
            Call.put("/api/v1/profiles/prof-a", Map.of("name", "x", "points", List.of(point()))),
            Call.post(
                "/api/v1/users",
                Map.of(
                    "id",
                    "ea-made-op",
                    "displayName",
                    "x",
                    "password",
                    "long-enough-pw",
                    "role",
                    "park-operator",
                    "park",
                    "iso-a")),
            Call.post(
                "/api/v1/tokens", Map.of("name", "x", "role", "park-operator", "park", "iso-a")),
            Call.post(
                "/api/v1/enterprises/ent-a1/questionnaire/digital-plan/verification",
                Map.of("verified", true)),
            Call.post("/api/v1/parks/iso-a/assessments", Map.of()));
    List<Call> operator =
        List.of(
            Call.post("/api/v1/parks", Map.of("id", "op-park", "name", "x")),
            Call.delete("/api/v1/parks/iso-a"),
            Call.post(
                "/api/v1/users",
                Map.of(
                    "id",
                    "op-made-admin",
                    "displayName",
                    "x",
                    "password",
                    "long-enough-pw",
                    "role",
                    "platform-admin")));
    forbidden.put("viewer user", viewer);
    forbidden.put("viewer token", viewer);
    forbidden.put("enterprise-admin user", enterpriseAdmin);
    forbidden.put("enterprise-admin token", enterpriseAdmin);
    forbidden.put("operator user", operator);
    forbidden.put("operator token", operator);
    SoftAssertions softly = new SoftAssertions();
    forbidden.forEach(
        (who, calls) -> {
          for (Call call : calls) {
            softly
                .assertThat(call.send(callers.get(who)).statusCode())
                .as(who + " " + call)
                .isEqualTo(403);
          }
        });
    softly.assertAll();
  }

  @Test
  void listsHoldOnlyWhatIsInScope() {
    SoftAssertions softly = new SoftAssertions();
    for (String who : List.of("operator user", "operator token")) {
      Api op = callers.get(who);
      softly.assertThat(op.ids("/api/v1/parks")).as(who + " parks").containsExactly("iso-a");
      softly
          .assertThat(op.ids("/api/v1/enterprises"))
          .as(who + " enterprises")
          .containsExactlyInAnyOrder("ent-a1", "ent-a2");
      softly
          .assertThat(op.ids("/api/v1/profiles"))
          .as(who + " profiles")
          .containsExactlyInAnyOrder("prof-a", "prof-a1", "prof-a2");
      softly
          .assertThat(op.ids("/api/v1/users"))
          .as(who + " users")
          .contains("op-a", "ea-a1", "ea-a2")
          .doesNotContain("op-b", PlatformTestResource.ADMIN);
      softly
          .assertThat(field(op, "/api/v1/tokens", "park"))
          .as(who + " tokens")
          .containsOnly("iso-a");
      softly
          .assertThat(field(op, "/api/v1/audit", "park"))
          .as(who + " audit")
          .containsOnly("iso-a");
    }
    for (String who :
        List.of("enterprise-admin user", "enterprise-admin token", "viewer user", "viewer token")) {
      Api e = callers.get(who);
      softly.assertThat(e.ids("/api/v1/parks")).as(who + " parks").containsExactly("iso-a");
      softly
          .assertThat(e.ids("/api/v1/enterprises"))
          .as(who + " enterprises")
          .containsExactly("ent-a1");
      softly
          .assertThat(e.ids("/api/v1/enterprises?park=iso-b"))
          .as(who + " enterprises of another park")
          .isEmpty();
      softly
          .assertThat(e.ids("/api/v1/profiles"))
          .as(who + " profiles")
          .containsExactlyInAnyOrder("prof-a", "prof-a1");
      softly
          .assertThat(e.ids("/api/v1/enterprises/ent-a1/devices"))
          .as(who + " devices")
          .containsExactly("dev-a1");
    }
    for (String who : List.of("enterprise-admin user", "enterprise-admin token")) {
      Api e = callers.get(who);
      softly
          .assertThat(field(e, "/api/v1/users", "enterprise"))
          .as(who + " users")
          .containsOnly("ent-a1");
      softly
          .assertThat(field(e, "/api/v1/tokens", "enterprise"))
          .as(who + " tokens")
          .containsOnly("ent-a1");
      softly
          .assertThat(field(e, "/api/v1/audit", "enterprise"))
          .as(who + " audit")
          .containsOnly("ent-a1");
    }
    softly.assertAll();
  }

  @Test
  void anotherTenantsAlarmsAndRulesCannotBeHandledOrRemoved() {
    SoftAssertions softly = new SoftAssertions();
    callers.forEach(
        (who, api) -> {
          List<String> others = new ArrayList<>(List.of("ent-b1"));
          if (!who.startsWith("operator")) {
            others.add("ent-a2");
          }
          for (String other : others) {
            long alarm = alarmIds.get(other);
            for (Call call :
                List.of(
                    Call.post("/api/v1/alarms/" + alarm + "/acknowledge", null),
                    Call.post("/api/v1/alarms/" + alarm + "/close", null),
                    Call.delete("/api/v1/alarm-rules/rule-" + other))) {
              softly.assertThat(call.send(api).statusCode()).as(who + " " + call).isEqualTo(404);
            }
          }
          softly
              .assertThat(call("DELETE", "/api/v1/alarm-rules/rule-iso-b", api))
              .as(who + " DELETE another park's park-wide rule")
              .isEqualTo(404);
        });
    softly.assertAll();
    assertThat(alarmStatus("ent-a2")).isEqualTo("open");
    assertThat(alarmStatus("ent-b1")).isEqualTo("open");
    assertThat(Api.admin().ids("/api/v1/alarm-rules"))
        .contains("rule-iso-b", "rule-ent-a2", "rule-ent-b1");
  }

  @Test
  void viewersNeitherHandleAlarmsNorRemoveRules() {
    long alarm = alarmIds.get("ent-a1");
    SoftAssertions softly = new SoftAssertions();
    for (String who : List.of("viewer user", "viewer token")) {
      Api viewer = callers.get(who);
      softly
          .assertThat(call("POST", "/api/v1/alarms/" + alarm + "/acknowledge", viewer))
          .as(who + " acknowledge")
          .isEqualTo(403);
      softly
          .assertThat(call("POST", "/api/v1/alarms/" + alarm + "/close", viewer))
          .as(who + " close")
          .isEqualTo(403);
      softly
          .assertThat(call("DELETE", "/api/v1/alarm-rules/rule-ent-a1", viewer))
          .as(who + " remove its enterprise's rule")
          .isEqualTo(403);
    }
    for (String who : List.of("enterprise-admin user", "enterprise-admin token")) {
      softly
          .assertThat(call("DELETE", "/api/v1/alarm-rules/rule-iso-a", callers.get(who)))
          .as(who + " remove its park's rule")
          .isEqualTo(403);
    }
    Api viewer = callers.get("viewer user");
    for (String action : List.of("acknowledge", "close")) {
      softly
          .assertThat(
              portal(viewer)
                  .formParam("_csrf", csrfOf(viewer))
                  .post("/portal/alarms/" + alarm + "/" + action)
                  .statusCode())
          .as("viewer in the portal: " + action)
          .isEqualTo(403);
    }
    softly.assertAll();
    assertThat(alarmStatus("ent-a1")).isEqualTo("open");
    assertThat(Api.admin().ids("/api/v1/alarm-rules")).contains("rule-iso-a", "rule-ent-a1");
  }

  @Test
  void alarmsAndRulesListedAreOnlyThoseInScope() {
    SoftAssertions softly = new SoftAssertions();
    callers.forEach(
        (who, api) -> {
          boolean operator = who.startsWith("operator");
          List<String> rules = api.ids("/api/v1/alarm-rules");
          softly
              .assertThat(rules)
              .as(who + " rules")
              .contains("rule-iso-a", "rule-ent-a1")
              .doesNotContain("rule-iso-b", "rule-ent-b1");
          if (!operator) {
            softly.assertThat(rules).as(who + " rules").doesNotContain("rule-ent-a2");
          }
          List<String> enterprises =
              api.request()
                  .get("/api/v1/alarms")
                  .then()
                  .statusCode(200)
                  .extract()
                  .jsonPath()
                  .getList("enterprise");
          softly
              .assertThat(enterprises)
              .as(who + " alarms")
              .contains("ent-a1")
              .containsOnly(operator ? new String[] {"ent-a1", "ent-a2"} : new String[] {"ent-a1"});
          softly
              .assertThat(
                  api.request()
                      .queryParam("enterprise", "ent-b1")
                      .get("/api/v1/alarms")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath()
                      .getList("id"))
              .as(who + " alarms of another park's enterprise")
              .isEmpty();
        });
    softly.assertAll();
  }

  @Test
  void deadLettersOfAnotherParkOrEnterpriseAreNotListed() {
    SoftAssertions softly = new SoftAssertions();
    callers.forEach(
        (who, api) -> {
          List<String> keys =
              api.request()
                  .queryParam("limit", 500)
                  .get("/api/v1/dead-letters")
                  .then()
                  .statusCode(200)
                  .extract()
                  .jsonPath()
                  .getList("key");
          Set<String> allowed =
              who.startsWith("operator") ? Set.of("ent-a1", "ent-a2") : Set.of("ent-a1");
          softly.assertThat(keys).as(who + " its own device's").contains("ent-a1/dev-a1");
          softly
              .assertThat(keys)
              .as(who + " only its scope's")
              .allSatisfy(
                  key ->
                      assertThat(key)
                          .isNotNull()
                          .satisfies(k -> assertThat(allowed).contains(k.split("/")[0])));
        });
    softly.assertAll();
    assertThat(
            Api.admin()
                .request()
                .queryParam("limit", 500)
                .get("/api/v1/dead-letters")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("key"))
        .as("a platform admin sees them all")
        .contains("ent-a1/dev-a1", "ent-a2/dev-a2", "ent-b1/dev-b1", "not-a-device-key");
  }

  /**
   * Every form of the portal, sent by a signed-in user of {@code iso-a} with another park's or
   * another enterprise's ids: nothing changes there, and the answer is the not-found page, as for a
   * page out of scope.
   */
  @Test
  void portalFormsAimedAtAnotherParkOrEnterpriseChangeNothing() {
    String parkB = stateOf("iso-b", "ent-b1", otherTokenIds.get("iso-b"));
    String enterpriseA2 = stateOf(null, "ent-a2", otherTokenIds.get("ent-a2"));
    SoftAssertions softly = new SoftAssertions();
    for (String who : USERS) {
      Api user = callers.get(who);
      List<Form> forms =
          new ArrayList<>(
              formsOn("ent-b1", "dev-b1", alarmIds.get("ent-b1"), otherTokenIds.get("iso-b")));
      if (!who.startsWith("operator")) {
        forms.addAll(
            formsOn("ent-a2", "dev-a2", alarmIds.get("ent-a2"), otherTokenIds.get("ent-a2")));
      }
      for (Form form : forms) {
        Response answer = form.send(user);
        softly.assertThat(answer.statusCode()).as(who + " " + form).isEqualTo(404);
        softly
            .assertThat(answer.contentType())
            .as(who + " " + form + " answers a page")
            .startsWith("text/html");
      }
    }
    softly.assertAll();
    assertThat(stateOf("iso-b", "ent-b1", otherTokenIds.get("iso-b")))
        .as("park iso-b after the portal's forms")
        .isEqualTo(parkB);
    assertThat(stateOf(null, "ent-a2", otherTokenIds.get("ent-a2")))
        .as("enterprise ent-a2 after the portal's forms")
        .isEqualTo(enterpriseA2);
  }

  /**
   * The administration forms take the park (and an enterprise role's enterprise) from the session,
   * not from the form: naming another park or enterprise in them adds nothing there.
   */
  @Test
  void portalAdministrationFormsNamingAnotherParkOrEnterpriseAddNothingThere() {
    String parkB = stateOf("iso-b", "ent-b1", otherTokenIds.get("iso-b"));
    String enterpriseA2 = stateOf(null, "ent-a2", otherTokenIds.get("ent-a2"));
    Api admin = Api.admin();
    for (String who : USERS) {
      Api user = callers.get(who);
      String suffix = who.split(" ")[0];
      // ent-a2 is in the operator's park: it may add users and tokens there.
      List<String> others =
          who.startsWith("operator") ? List.of("ent-b1") : List.of("ent-b1", "ent-a2");
      for (String other : others) {
        String id = "pf-" + suffix + "-" + other;
        Response enterprise =
            new Form(
                    "/portal/admin/enterprises",
                    Map.of(
                        "id", id, "park", "iso-b", "name", "x", "industry", "x", "size", "small"))
                .send(user);
        assertThat(enterprise.statusCode()).as(who + " new enterprise").isIn(303, 403);
        Response newUser =
            new Form(
                    "/portal/admin/users",
                    Map.of(
                        "id",
                        id,
                        "displayName",
                        "x",
                        "password",
                        "long-enough-pw",
                        "role",
                        "enterprise-viewer",
                        "enterprise",
                        other))
                .send(user);
        assertThat(newUser.statusCode()).as(who + " new user in " + other).isIn(303, 403, 404);
        Response token =
            new Form(
                    "/portal/admin/tokens",
                    Map.of("name", id, "role", "enterprise-viewer", "enterprise", other))
                .send(user);
        assertThat(token.statusCode()).as(who + " new token in " + other).isIn(201, 403, 404);
        // What was made in the caller's own scope goes again, so that the other tests' lists hold.
        if (enterprise.statusCode() == 303) {
          admin.request().delete("/api/v1/enterprises/" + id).then().statusCode(204);
        }
        if (newUser.statusCode() == 303) {
          admin.request().delete("/api/v1/users/" + id).then().statusCode(204);
        }
      }
      Response park =
          new Form("/portal/admin/parks", Map.of("id", "pf-park-" + suffix, "name", "x"))
              .send(user);
      assertThat(park.statusCode()).as(who + " new park").isEqualTo(403);
      admin.request().get("/api/v1/parks/pf-park-" + suffix).then().statusCode(404);
    }
    for (String who : List.of("enterprise-admin user", "viewer user")) {
      assertThat(
              new Form("/portal/admin/park", Map.of("name", "taken over", "timezone", "UTC"))
                  .send(callers.get(who))
                  .statusCode())
          .as(who + " park settings")
          .isEqualTo(404);
    }
    assertThat(admin.request().get("/api/v1/parks/iso-a").then().extract().path("name").toString())
        .as("park iso-a after its enterprise users sent the settings form")
        .isEqualTo("Park iso-a");
    assertThat(stateOf("iso-b", "ent-b1", otherTokenIds.get("iso-b"))).isEqualTo(parkB);
    assertThat(stateOf(null, "ent-a2", otherTokenIds.get("ent-a2"))).isEqualTo(enterpriseA2);
    List<Map<String, Object>> tokens =
        admin.request().get("/api/v1/tokens").then().extract().jsonPath().getList("");
    for (Map<String, Object> t : tokens) {
      if (String.valueOf(t.get("name")).startsWith("pf-")) {
        assertThat(t.get("park")).as("token " + t.get("name")).isEqualTo("iso-a");
        assertThat(t.get("enterprise")).as("token " + t.get("name")).isEqualTo("ent-a1");
        admin.request().delete("/api/v1/tokens/" + t.get("id")).then().statusCode(204);
      }
    }
  }

  @Test
  void aRevokedTokenIsRefusedAtOnce() {
    Api admin = Api.admin();
    Api token = admin.apiToken("short-lived", "enterprise-viewer", null, "ent-a1");
    token.request().get("/api/v1/enterprises/ent-a1").then().statusCode(200);
    String id =
        admin
            .request()
            .get("/api/v1/tokens")
            .then()
            .extract()
            .jsonPath()
            .getString("find { it.name == 'short-lived' }.id");
    admin.request().delete("/api/v1/tokens/" + id).then().statusCode(204);
    token.request().get("/api/v1/enterprises/ent-a1").then().statusCode(401);
  }

  @Test
  void withoutASessionOrTokenTheApiAnswers401() {
    io.restassured.RestAssured.given().get("/api/v1/parks").then().statusCode(401);
    Api.withToken("ppt_not-a-token").request().get("/api/v1/parks").then().statusCode(401);
  }

  /** A portal form: its address and fields; the questionnaire's answer is multipart. */
  record Form(String path, Map<String, String> fields) {
    Response send(Api user) {
      RequestSpecification request = portal(user);
      if (path.matches(".*/questionnaire/[^/]+")) {
        fields.forEach(request::multiPart);
        request.multiPart("_csrf", csrfOf(user));
      } else {
        request.contentType(ContentType.URLENC);
        fields.forEach(request::formParam);
        request.formParam("_csrf", csrfOf(user));
      }
      return request.post(path);
    }

    @Override
    public String toString() {
      return "portal POST " + path;
    }
  }

  /** Every portal form aimed at {@code enterprise}'s things. */
  private static List<Form> formsOn(String enterprise, String device, long alarm, String token) {
    String e = "/portal/enterprises/" + enterprise;
    return List.of(
        new Form(
            e + "/reported-output", Map.of("day", "2026-01-05", "quantity", "1", "unit", "pcs")),
        new Form(e + "/assessments", Map.of()),
        new Form(e + "/devices", Map.of("id", "portal-new", "name", "x")),
        new Form(e + "/devices/" + device + "/commands", Map.of("name", "status")),
        new Form(e + "/questionnaire/digital-plan", Map.of("answer", "FULLY")),
        new Form(e + "/questionnaire/digital-plan/verification", Map.of("verified", "true")),
        new Form("/portal/alarms/" + alarm + "/acknowledge", Map.of()),
        new Form("/portal/alarms/" + alarm + "/close", Map.of()),
        new Form("/portal/admin/tokens/" + token + "/revocation", Map.of()));
  }

  /** A request of the portal, as the browser of a signed-in user sends it. */
  private static RequestSpecification portal(Api user) {
    return given().cookie("parkpulse_session", user.token()).redirects().follow(false);
  }

  /** The CSRF token the portal's pages give the forms of {@code user}'s session. */
  private static String csrfOf(Api user) {
    java.util.regex.Matcher token =
        java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
            .matcher(
                given().cookie("parkpulse_session", user.token()).get("/portal/login").asString());
    if (!token.find()) {
      throw new AssertionError("the sign-in page's form carries no CSRF token");
    }
    return token.group(1);
  }

  /**
   * What a platform admin sees of a park (if not null) and an enterprise: everything a portal form
   * could change there, to compare before and after.
   */
  private static String stateOf(String park, String enterprise, String token) {
    Api admin = Api.admin();
    String e = "/api/v1/enterprises/" + enterprise;
    List<String> paths =
        new ArrayList<>(
            List.of(
                e,
                e + "/devices",
                e + "/assessments",
                e + "/questionnaire",
                e + "/reported-output",
                "/api/v1/alarms?enterprise=" + enterprise,
                "/api/v1/alarm-rules",
                "/api/v1/audit?limit=1000&enterprise=" + enterprise));
    if (park != null) {
      paths.add("/api/v1/parks/" + park);
      paths.add("/api/v1/enterprises?park=" + park);
      paths.add("/api/v1/audit?limit=1000&park=" + park);
    }
    Map<String, String> state = new TreeMap<>();
    for (String path : paths) {
      state.put(path, admin.request().get(path).then().statusCode(200).extract().asString());
    }
    List<Map<String, Object>> users =
        admin.request().get("/api/v1/users").then().extract().jsonPath().getList("");
    state.put(
        "users",
        users.stream()
            .filter(
                u ->
                    enterprise.equals(u.get("enterprise"))
                        || (park != null && park.equals(u.get("park"))))
            .map(u -> u.get("id") + " " + u.get("role") + " " + u.get("enabled"))
            .sorted()
            .toList()
            .toString());
    state.put(
        "token",
        admin
            .request()
            .get("/api/v1/tokens")
            .then()
            .extract()
            .jsonPath()
            .getString("find { it.id == '" + token + "' }.revokedAt"));
    return state.toString();
  }

  private static int call(String method, String path, Api api) {
    return api.request().request(method, path).statusCode();
  }

  private static void rule(Api admin, String id, String scope, String owner) {
    admin
        .request()
        .body(alarmRule(id, scope, owner))
        .post("/api/v1/alarm-rules")
        .then()
        .statusCode(201);
  }

  /** Opens an alarm as the evaluator does, without waiting for telemetry to make it. */
  private long openAlarm(String rule, String park, String enterprise, String device) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO alarm (rule_id, park_id, enterprise_id, device_id, point, value,"
                    + " opened_at, sla_seconds) VALUES (?, ?, ?, ?, 'temp', '90', ?, 600)"
                    + " RETURNING id")) {
      insert.setString(1, rule);
      insert.setString(2, park);
      insert.setString(3, enterprise);
      insert.setString(4, device);
      insert.setTimestamp(5, java.sql.Timestamp.from(Instant.now()));
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String alarmStatus(String enterprise) {
    return Api.admin()
        .request()
        .queryParam("enterprise", enterprise)
        .get("/api/v1/alarms")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getString("find { it.id == " + alarmIds.get(enterprise) + " }.status");
  }

  /** Puts records keyed {@code keys} on the dead-letter topic, as the ingest rejects them. */
  private static void deadLetters(String... keys) {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (String key : keys) {
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(
                ParkTopic.deadLetter("parkpulse"), key, ("rejected " + key).getBytes(UTF_8));
        record.headers().add(DeadLetter.REASON, "isolation test".getBytes(UTF_8));
        producer.send(record).get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> field(Api api, String path, String field) {
    List<String> values =
        api.request().get(path).then().statusCode(200).extract().jsonPath().getList(field);
    assertThat(values).as(path + " is empty, so it shows nothing").isNotEmpty();
    return values;
  }

  private static Map<String, Object> alarmRule(String id, String scope, String owner) {
    return Map.of(
        "id",
        id,
        scope,
        owner,
        "name",
        "x",
        "point",
        "temp",
        "condition",
        "above",
        "threshold",
        80,
        "forSeconds",
        60,
        "severity",
        "warning",
        "slaSeconds",
        600);
  }

  /** A command that waits one second at most for an answer that never comes. */
  private static Map<String, Object> command() {
    return Map.of("name", "status", "timeoutSeconds", 1);
  }

  private static Map<String, Object> point() {
    return Map.of(
        "name",
        "good_count",
        "unit",
        "pcs",
        "dataType",
        "integer",
        "kind",
        "counter.good",
        "intervalSeconds",
        10);
  }

  private static void profile(Api admin, String id, String park, String enterprise) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", id);
    body.put("park", park);
    body.put("enterprise", enterprise);
    body.put("name", "Profile " + id);
    body.put("points", List.of(point()));
    admin.request().body(body).post("/api/v1/profiles").then().statusCode(201);
  }

  private static String tokenId(
      Api admin, String name, String role, String park, String enterprise) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("role", role);
    body.put("park", park);
    body.put("enterprise", enterprise);
    return admin
        .request()
        .body(body)
        .post("/api/v1/tokens")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }
}
