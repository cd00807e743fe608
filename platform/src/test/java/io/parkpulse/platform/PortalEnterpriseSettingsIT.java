package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.pki.TestPki;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * An enterprise's MIIT declarations, limits, trust anchor and escalation delays in the portal
 * follow the services' rules: whoever sees the enterprise reads them, only those allowed change
 * them (403 otherwise), anyone else gets the not-found page; a wrong value is named on the form.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class PortalEnterpriseSettingsIT {

  private static final String BASE = "/portal/enterprises/ps-co";

  @Test
  void eachPageIsReadByWhoeverSeesTheEnterpriseAndChangedOnlyByThoseAllowed() {
    Api admin = Api.admin();
    admin.park("ps-park");
    admin.park("ps-other");
    admin.enterprise("ps-park", "ps-co");
    Api operator = admin.user("ps-operator", "park-operator", "ps-park", null);
    Api owner = admin.user("ps-admin", "enterprise-admin", "ps-park", "ps-co");
    Api viewer = admin.user("ps-viewer", "enterprise-viewer", "ps-park", "ps-co");
    Api stranger = admin.user("ps-stranger", "park-operator", "ps-other", null);

    for (String page : new String[] {"", "/questionnaire", "/miit", "/limits", "/trust-anchor"}) {
      portal(viewer).get(BASE + page).then().statusCode(200);
      portal(stranger).get(BASE + page).then().statusCode(404);
    }
    // Viewers do not manage notification channels: the portal does not offer them the page.
    assertThat(portal(viewer).get(BASE).then().extract().asString()).doesNotContain("nav-channels");
    assertThat(portal(owner).get(BASE).then().extract().asString()).contains("nav-channels");

    // MIIT declarations: the enterprise's admin declares, the operator verifies.
    portal(viewer).multiPart("value", "3").post(BASE + "/miit/planning").then().statusCode(403);
    assertThat(
            portal(owner)
                .multiPart("value", "5")
                .post(BASE + "/miit/planning")
                .then()
                .statusCode(400)
                .extract()
                .asString())
        .contains("计划排程")
        .contains("0 至 4");
    portal(owner)
        .multiPart("value", "3")
        .multiPart("note", "APS since 2025")
        .multiPart("attachment", "aps.txt", "APS".getBytes(StandardCharsets.UTF_8), "text/plain")
        .post(BASE + "/miit/planning")
        .then()
        .statusCode(303);
    portal(owner)
        .formParam("verified", "true")
        .post(BASE + "/miit/planning/verification")
        .then()
        .statusCode(403);
    portal(operator)
        .formParam("verified", "true")
        .post(BASE + "/miit/planning/verification")
        .then()
        .statusCode(303);
    assertThat(
            owner
                .request()
                .get("/api/v1/enterprises/ps-co/miit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("find { it.id == 'planning' }.verification"))
        .isEqualTo("VERIFIED");
    assertThat(portal(viewer).get(BASE + "/miit").then().extract().asString())
        .contains("/api/v1/enterprises/ps-co/miit/planning/attachment");

    // Limits: the park's operator sets them, not the enterprise's admin.
    portal(owner).formParam("maxConnections", "5").post(BASE + "/limits").then().statusCode(403);
    assertThat(
            portal(operator)
                .formParam("maxConnections", "-5")
                .post(BASE + "/limits")
                .then()
                .statusCode(400)
                .extract()
                .asString())
        .contains("form-errors");
    portal(operator)
        .formParam("maxConnections", "5")
        .formParam("deviceMessagesPerSecond", "")
        .post(BASE + "/limits")
        .then()
        .statusCode(200);
    assertThat(
            viewer
                .request()
                .get("/api/v1/enterprises/ps-co/limits")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("configured.maxConnections"))
        .isEqualTo(5);

    // The trust anchor: the enterprise's admin or the operator sets and removes it.
    TestPki.Issued ca = TestPki.ca("PS device CA");
    portal(viewer).multiPart("pem", ca.pem()).post(BASE + "/trust-anchor").then().statusCode(403);
    assertThat(
            portal(owner)
                .multiPart("pem", "hello")
                .post(BASE + "/trust-anchor")
                .then()
                .statusCode(400)
                .extract()
                .asString())
        .contains("expected PEM certificates");
    assertThat(
            portal(owner)
                .multiPart(
                    "file", "ca.pem", ca.pem().getBytes(StandardCharsets.UTF_8), "text/plain")
                .post(BASE + "/trust-anchor")
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .contains("CN=PS device CA");
    viewer.request().get("/api/v1/enterprises/ps-co/trust-anchor").then().statusCode(200);
    portal(viewer).post(BASE + "/trust-anchor/removal").then().statusCode(403);
    portal(owner).post(BASE + "/trust-anchor/removal").then().statusCode(303);
    viewer.request().get("/api/v1/enterprises/ps-co/trust-anchor").then().statusCode(404);
  }

  @Test
  void escalationDelaysAreSetOnTheChannelsPageInMinutes() {
    Api admin = Api.admin();
    admin.park("pe-park");
    admin.enterprise("pe-park", "pe-co");
    Api owner = admin.user("pe-admin", "enterprise-admin", "pe-park", "pe-co");
    Api viewer = admin.user("pe-viewer", "enterprise-viewer", "pe-park", "pe-co");

    assertThat(portal(owner).get("/portal/channels").then().statusCode(200).extract().asString())
        .contains("escalation-form")
        .contains("name=\"critical2\" value=\"\"");
    portal(owner)
        .formParam("critical2", "10")
        .formParam("warning2", "60")
        .formParam("critical3", " 30 ")
        .post("/portal/channels/escalation")
        .then()
        .statusCode(303);
    assertThat(
            owner
                .request()
                .get("/api/v1/enterprises/pe-co/escalation-levels")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .<java.util.Map<String, Object>>getList("levels"))
        .extracting(
            l ->
                l.get("level")
                    + ":"
                    + l.get("criticalSeconds")
                    + ":"
                    + l.get("warningSeconds")
                    + ":"
                    + l.get("infoSeconds"))
        .containsExactly("2:600:3600:null", "3:1800:null:null");
    assertThat(portal(owner).get("/portal/channels").then().extract().asString())
        .contains("name=\"critical2\" value=\"10\"")
        .contains("name=\"warning2\" value=\"60\"")
        .contains("name=\"critical3\" value=\"30\"");

    String refused =
        portal(owner)
            .formParam("critical2", "ten")
            .post("/portal/channels/escalation")
            .then()
            .statusCode(400)
            .extract()
            .asString();
    assertThat(refused).contains("level 2: &#39;ten&#39; is not a number of minutes");
    portal(viewer)
        .formParam("critical2", "1")
        .post("/portal/channels/escalation")
        .then()
        .statusCode(403);
    assertThat(
            owner
                .request()
                .get("/api/v1/enterprises/pe-co/escalation-levels")
                .then()
                .extract()
                .jsonPath()
                .getList("levels"))
        .as("neither the refused form nor the viewer changed them")
        .hasSize(2);
  }

  /** A portal request as {@code who}, following no redirect. */
  private static RequestSpecification portal(Api who) {
    return given().auth().oauth2(who.token()).redirects().follow(false);
  }
}
