package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The portal's maturity forms go through the same services as the API: an answer with evidence, its
 * verification, reported output (with the form's own 400s) and an assessment, each scoped like the
 * API (another park's operator gets the not-found page).
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class PortalMaturityIT {

  @Test
  void answersVerifiesReportsAndAssessesThroughThePortal() {
    Api admin = Api.admin();
    admin.park("pm-park");
    admin.park("pm-other");
    admin.enterprise("pm-park", "pm-co");
    Api operator = admin.user("pm-operator", "park-operator", "pm-park", null);
    Api enterpriseAdmin = admin.user("pm-admin", "enterprise-admin", "pm-park", "pm-co");
    Api viewer = admin.user("pm-viewer", "enterprise-viewer", "pm-park", "pm-co");
    Api stranger = admin.user("pm-stranger", "park-operator", "pm-other", null);

    portal(enterpriseAdmin)
        .multiPart("answer", "FULLY")
        .multiPart("note", "signed by the board")
        .multiPart(
            "attachment", "plan.txt", "our plan".getBytes(StandardCharsets.UTF_8), "text/plain")
        .post("/portal/enterprises/pm-co/questionnaire/digital-plan")
        .then()
        .statusCode(303);
    Map<String, Object> answered = question(operator, "digital-plan");
    assertThat(answered)
        .containsEntry("answer", "FULLY")
        .containsEntry("attachmentName", "plan.txt")
        .containsEntry("verification", "PENDING");

    // A bad answer shows the questionnaire again with what to fix.
    String refused =
        portal(enterpriseAdmin)
            .multiPart("answer", "SOMEWHAT")
            .post("/portal/enterprises/pm-co/questionnaire/digital-plan")
            .then()
            .statusCode(400)
            .extract()
            .asString();
    assertThat(refused).contains("FULLY, MOSTLY, PARTLY or NOT");

    portal(viewer)
        .formParam("verified", "true")
        .post("/portal/enterprises/pm-co/questionnaire/digital-plan/verification")
        .then()
        .statusCode(403);
    portal(stranger)
        .formParam("verified", "true")
        .post("/portal/enterprises/pm-co/questionnaire/digital-plan/verification")
        .then()
        .statusCode(404);
    portal(operator)
        .formParam("verified", "true")
        .post("/portal/enterprises/pm-co/questionnaire/digital-plan/verification")
        .then()
        .statusCode(303);
    assertThat(question(enterpriseAdmin, "digital-plan"))
        .containsEntry("verification", "VERIFIED")
        .containsEntry("verifiedBy", "pm-operator");
    assertThat(
            portal(viewer)
                .get("/portal/enterprises/pm-co/questionnaire")
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .contains("plan.txt");

    String day = LocalDate.now(ZoneOffset.UTC).minusDays(2).toString();
    portal(enterpriseAdmin)
        .formParam("day", day)
        .formParam("quantity", "many")
        .post("/portal/enterprises/pm-co/reported-output")
        .then()
        .statusCode(400);
    portal(enterpriseAdmin)
        .formParam("day", "yesterday")
        .formParam("quantity", "12")
        .post("/portal/enterprises/pm-co/reported-output")
        .then()
        .statusCode(400);
    portal(enterpriseAdmin)
        .formParam("day", day)
        .formParam("quantity", "12,5")
        .formParam("unit", "pcs")
        .post("/portal/enterprises/pm-co/reported-output")
        .then()
        .statusCode(303);
    List<Float> quantities =
        enterpriseAdmin
            .request()
            .queryParam("from", day)
            .queryParam("to", day)
            .get("/api/v1/enterprises/pm-co/reported-output")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("quantity", Float.class);
    assertThat(quantities).containsExactly(12.5f);

    portal(viewer).post("/portal/enterprises/pm-co/assessments").then().statusCode(403);
    portal(stranger).post("/portal/enterprises/pm-co/assessments").then().statusCode(404);
    portal(operator).post("/portal/enterprises/pm-co/assessments").then().statusCode(303);
    assertThat(
            operator
                .request()
                .get("/api/v1/enterprises/pm-co/assessments")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id"))
        .hasSize(1);

    portal(viewer).get("/portal/enterprises/pm-co").then().statusCode(200);
    portal(stranger).get("/portal/enterprises/pm-co").then().statusCode(404);
    portal(stranger).get("/portal/enterprises/pm-co/questionnaire").then().statusCode(404);
  }

  /** A portal request as {@code who}, following no redirect. */
  private static RequestSpecification portal(Api who) {
    return given().auth().oauth2(who.token()).redirects().follow(false);
  }

  private static Map<String, Object> question(Api who, String id) {
    List<Map<String, Object>> questions =
        who.request()
            .get("/api/v1/enterprises/pm-co/questionnaire")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    return questions.stream().filter(q -> id.equals(q.get("id"))).findFirst().orElseThrow();
  }
}
