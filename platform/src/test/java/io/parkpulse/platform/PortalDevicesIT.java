package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The portal's device pages decide scope as the API does: another park's enterprise answers the
 * not-found page, a viewer the forbidden page for adding a device or sending a command, and the
 * enterprise's admin gets the device's credentials once.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class PortalDevicesIT {

  private static Api admin;
  private static Api entAdmin;
  private static Api viewer;
  private static Api otherOperator;

  @BeforeEach
  void setUpOnce() {
    if (admin != null) {
      return;
    }
    admin = Api.admin();
    admin.park("pd-a");
    admin.park("pd-b");
    admin.enterprise("pd-a", "pd-a1");
    admin.enterprise("pd-b", "pd-b1");
    admin.device("pd-a1", "pd-dev-1");
    entAdmin = admin.user("pd-ea", "enterprise-admin", null, "pd-a1");
    viewer = admin.user("pd-ev", "enterprise-viewer", null, "pd-a1");
    otherOperator = admin.user("pd-op-b", "park-operator", "pd-b", null);
  }

  @Test
  void anotherParksOperatorFindsNoDevicePagesOfTheEnterprise() {
    page(otherOperator).get("/portal/enterprises/pd-a1/devices/new").then().statusCode(404);
    page(otherOperator).get("/portal/enterprises/pd-a1/devices/pd-dev-1").then().statusCode(404);
    form(otherOperator)
        .formParams(Map.of("id", "pd-dev-foreign", "name", "Foreign"))
        .post("/portal/enterprises/pd-a1/devices")
        .then()
        .statusCode(404);
    form(otherOperator)
        .formParams(Map.of("name", "status"))
        .post("/portal/enterprises/pd-a1/devices/pd-dev-1/commands")
        .then()
        .statusCode(404);
    admin.request().get("/api/v1/enterprises/pd-a1/devices/pd-dev-foreign").then().statusCode(404);
  }

  @Test
  void aViewerSeesTheDeviceButNeitherAddsDevicesNorSendsCommands() {
    page(viewer).get("/portal/enterprises/pd-a1/devices/pd-dev-1").then().statusCode(200);
    page(viewer).get("/portal/enterprises/pd-a1/devices/new").then().statusCode(403);
    form(viewer)
        .formParams(Map.of("id", "pd-dev-viewer", "name", "By a viewer"))
        .post("/portal/enterprises/pd-a1/devices")
        .then()
        .statusCode(403);
    form(viewer)
        .formParams(Map.of("name", "status"))
        .post("/portal/enterprises/pd-a1/devices/pd-dev-1/commands")
        .then()
        .statusCode(403);
  }

  @Test
  void theEnterpriseAdminAddsADeviceAndSeesItsSecretOnce() {
    page(entAdmin).get("/portal/enterprises/pd-a1/devices/new").then().statusCode(200);
    form(entAdmin)
        .formParams(Map.of("id", "X", "name", ""))
        .post("/portal/enterprises/pd-a1/devices")
        .then()
        .statusCode(400);
    Response created =
        form(entAdmin)
            .formParams(
                Map.of("id", "pd-dev-2", "name", "Loom 2", "type", "machine", "criticality", "low"))
            .post("/portal/enterprises/pd-a1/devices");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.header("Cache-Control")).isEqualTo("no-store");
    assertThat(created.asString()).contains("pd-dev-2@pd-a1");
    form(entAdmin)
        .formParams(Map.of("id", "pd-dev-2", "name", "Loom 2 again"))
        .post("/portal/enterprises/pd-a1/devices")
        .then()
        .statusCode(400);
    page(entAdmin).get("/portal/enterprises/pd-a1/devices/pd-dev-2").then().statusCode(200);
  }

  @Test
  void aCommandToADisabledDeviceIsAnsweredOnItsPage() {
    admin.device("pd-a1", "pd-dev-off");
    admin
        .request()
        .body(Map.of("enabled", false))
        .put("/api/v1/enterprises/pd-a1/devices/pd-dev-off")
        .then()
        .statusCode(200);
    String page =
        form(entAdmin)
            .formParams(Map.of("name", "status"))
            .post("/portal/enterprises/pd-a1/devices/pd-dev-off/commands")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(page).contains("id=\"command-status\">409<").contains("is disabled");
  }

  private static RequestSpecification page(Api api) {
    return given().auth().oauth2(api.token()).accept(ContentType.HTML);
  }

  private static RequestSpecification form(Api api) {
    return page(api).contentType(ContentType.URLENC);
  }
}
