package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MIIT declarations through the API: the enterprise declares scenarios and base items, they show in
 * the assessment's declared level at once and in its level once the park operator verifies them; a
 * rejected one counts nowhere. Who may declare, verify and see them, and what is refused.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class MiitDeclarationIT {

  @Test
  void declarationsLiftTheMiitLevelOnceVerified() {
    Api admin = Api.admin();
    admin.park("md-park");
    admin.enterprise("md-park", "md-co");
    admin.enterprise("md-park", "md-other");
    Api enterprise = admin.user("md-admin", "enterprise-admin", null, "md-co");
    Api operator = admin.user("md-operator", "park-operator", "md-park", null);

    // Six scenarios at L2 (three mandatory) and 45 base points, declared with one attachment.
    for (String scenario :
        List.of("planning", "quality", "purchasing", "warehousing", "hr", "collaboration")) {
      declare(enterprise, "md-co", scenario, 2, null).then().statusCode(200);
    }
    byte[] invoice = "network contract".getBytes(StandardCharsets.UTF_8);
    JsonPath items =
        declare(enterprise, "md-co", "network", 8, invoice)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    Map<String, Object> network = item(items, "network");
    assertThat(network.get("verification")).isEqualTo("PENDING");
    assertThat(network.get("attachmentSha256"))
        .isEqualTo("3c2d2ea003437118e15ad97c68300d61cab33fb977801c0b0f468c1460e41341");
    declare(enterprise, "md-co", "information-systems", 10, null).then().statusCode(200);
    declare(enterprise, "md-co", "management-mechanism", 7.5, null).then().statusCode(200);
    declare(enterprise, "md-co", "funding", 7.5, null).then().statusCode(200);
    declare(enterprise, "md-co", "green", 7, null).then().statusCode(200);
    declare(enterprise, "md-co", "product-quality", 5, null).then().statusCode(200);

    JsonPath pending = assess(admin);
    assertThat(pending.getInt("assessment.miit.level")).isZero();
    assertThat(pending.getFloat("assessment.miit.evidencedBasePoints")).isZero();
    assertThat(pending.getFloat("assessment.miit.declaredBasePoints")).isEqualTo(45.0f);
    assertThat(pending.getInt("assessment.miit.declaredLevel")).isEqualTo(2);

    for (String i :
        List.of(
            "planning",
            "quality",
            "purchasing",
            "warehousing",
            "hr",
            "collaboration",
            "network",
            "information-systems",
            "management-mechanism",
            "funding",
            "green")) {
      verify(operator, i, true).then().statusCode(200);
    }
    verify(operator, "product-quality", false).then().statusCode(200);

    JsonPath verified = assess(admin);
    // 8 + 10 + 7.5 + 7.5 + 7 = 40 verified; product quality rejected.
    assertThat(verified.getFloat("assessment.miit.evidencedBasePoints")).isEqualTo(40.0f);
    assertThat(verified.getInt("assessment.miit.level")).isEqualTo(2);
    assertThat(verified.getFloat("assessment.miit.declaredBasePoints")).isEqualTo(40.0f);
    assertThat(verified.getList("assessment.miit.nextLevel", String.class))
        .contains("base score ≥ 60 (evidenced 40.0)", "8 scenarios at L3 or above (evidenced 0)");
    assertThat(verified.getList("assessment.miit.scenarios.evidence", String.class))
        .containsOnly("declared L2, verified");

    // A new declaration waits for verification again.
    JsonPath redeclared =
        declare(enterprise, "md-co", "planning", 3, null)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(item(redeclared, "planning").get("verification")).isEqualTo("PENDING");
    // Until it is verified again, five scenarios are evidenced: below 一级, 二级 as declared.
    JsonPath again = assess(admin);
    assertThat(again.getInt("assessment.miit.level")).isZero();
    assertThat(again.getInt("assessment.miit.declaredLevel")).isEqualTo(2);
  }

  @Test
  void onlyTheEnterpriseDeclaresAndOnlyItsOperatorVerifies() {
    Api admin = Api.admin();
    admin.park("md-park2");
    admin.enterprise("md-park2", "md-a");
    admin.enterprise("md-park2", "md-b");
    Api aAdmin = admin.user("md-a-admin", "enterprise-admin", null, "md-a");
    Api aViewer = admin.user("md-a-viewer", "enterprise-viewer", null, "md-a");
    Api bAdmin = admin.user("md-b-admin", "enterprise-admin", null, "md-b");

    declare(aViewer, "md-a", "planning", 2, null).then().statusCode(403);
    declare(bAdmin, "md-a", "planning", 2, null).then().statusCode(404);
    bAdmin.request().get("/api/v1/enterprises/md-a/miit").then().statusCode(404);
    declare(aAdmin, "md-a", "no-such-item", 2, null).then().statusCode(404);
    declare(aAdmin, "md-a", "planning", 5, null).then().statusCode(400);
    declare(aAdmin, "md-a", "planning", 2.5, null).then().statusCode(400);
    declare(aAdmin, "md-a", "network", 9, null).then().statusCode(400);
    aAdmin
        .request()
        .body(Map.of("value", 2, "attachmentName", "x.pdf", "attachmentBase64", "not base64!"))
        .put("/api/v1/enterprises/md-a/miit/planning")
        .then()
        .statusCode(400);
    declare(aAdmin, "md-a", "planning", 2, null).then().statusCode(200);
    aAdmin
        .request()
        .body(Map.of("verified", true))
        .post("/api/v1/enterprises/md-a/miit/planning/verification")
        .then()
        .statusCode(403);
    admin
        .request()
        .body(Map.of("verified", true))
        .post("/api/v1/enterprises/md-a/miit/quality/verification")
        .then()
        .statusCode(404);

    List<Map<String, Object>> listed =
        aViewer
            .request()
            .get("/api/v1/enterprises/md-a/miit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("");
    assertThat(listed).hasSize(25);
    assertThat(listed.stream().filter(i -> i.get("value") != null))
        .singleElement()
        .satisfies(i -> assertThat(i.get("id")).isEqualTo("planning"));
  }

  private static Response declare(
      Api api, String enterprise, String item, double value, byte[] attachment) {
    Map<String, Object> body = new HashMap<>();
    body.put("value", value);
    if (attachment != null) {
      body.put("attachmentName", "evidence.pdf");
      body.put("attachmentBase64", Base64.getEncoder().encodeToString(attachment));
    }
    return api.request().body(body).put("/api/v1/enterprises/{e}/miit/{i}", enterprise, item);
  }

  private static Response verify(Api api, String item, boolean verified) {
    return api.request()
        .body(Map.of("verified", verified))
        .post("/api/v1/enterprises/md-co/miit/{i}/verification", item);
  }

  private static JsonPath assess(Api admin) {
    return admin
        .request()
        .post("/api/v1/enterprises/md-co/assessments")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> item(JsonPath items, String id) {
    return items.getList("", Map.class).stream()
        .filter(i -> id.equals(i.get("id")))
        .findFirst()
        .map(i -> (Map<String, Object>) i)
        .orElseThrow();
  }
}
