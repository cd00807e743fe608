package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * of {@code ent-a1}, each as a signed-in user and as an API token.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class TenantIsolationIT {

  private static Map<String, Api> callers;
  private static Map<String, String> otherTokenIds;

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
