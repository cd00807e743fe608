package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deleting a park or an enterprise retires its id: its records stay for its park, and nobody can
 * create a park or enterprise with that id again, so no later tenant inherits them.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class RetiredIdsIT {

  @Test
  void aDeletedEnterprisesIdIsNeverGivenToAnotherParksEnterprise() {
    Api admin = Api.admin();
    admin.park("ri-a");
    admin.park("ri-b");
    admin.enterprise("ri-a", "ri-acme");
    Api operatorA = admin.user("ri-op-a", "park-operator", "ri-a", null);
    Api operatorB = admin.user("ri-op-b", "park-operator", "ri-b", null);
    admin.device("ri-acme", "ri-acme-press");
    operatorA
        .request()
        .body(Map.of("name", "Acme of park A"))
        .put("/api/v1/enterprises/ri-acme")
        .then()
        .statusCode(200);
    operatorA.request().delete("/api/v1/enterprises/ri-acme").then().statusCode(409);
    admin
        .request()
        .delete("/api/v1/enterprises/ri-acme/devices/ri-acme-press")
        .then()
        .statusCode(204);
    operatorA.request().delete("/api/v1/enterprises/ri-acme").then().statusCode(204);

    operatorB
        .request()
        .body(
            Map.of(
                "id",
                "ri-acme",
                "park",
                "ri-b",
                "name",
                "Acme of park B",
                "industry",
                "textiles",
                "size",
                "small"))
        .post("/api/v1/enterprises")
        .then()
        .statusCode(409)
        .body("error", containsString("deleted enterprise"));
    admin
        .request()
        .body(
            Map.of(
                "id",
                "ri-acme",
                "park",
                "ri-a",
                "name",
                "Acme again",
                "industry",
                "textiles",
                "size",
                "small"))
        .post("/api/v1/enterprises")
        .then()
        .statusCode(409);

    for (Api caller : List.of(operatorB, admin)) {
      caller.request().get("/api/v1/enterprises/ri-acme").then().statusCode(404);
      caller.request().get("/api/v1/enterprises/ri-acme/devices").then().statusCode(404);
      caller.request().get("/api/v1/enterprises/ri-acme/assessments/latest").then().statusCode(404);
    }
    assertThat(operatorB.ids("/api/v1/enterprises")).doesNotContain("ri-acme");
    List<String> seenByB =
        operatorB
            .request()
            .get("/api/v1/audit?limit=1000")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("targetId");
    assertThat(seenByB).doesNotContain("ri-acme", "ri-acme-press");
    // Park A keeps the history of its deleted enterprise.
    List<String> seenByA =
        operatorA
            .request()
            .get("/api/v1/audit?enterprise=ri-acme&limit=1000")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("action");
    assertThat(seenByA).contains("enterprise.update", "enterprise.delete", "device.delete");
  }

  @Test
  void aDeletedParksIdIsNeverUsedAgain() {
    Api admin = Api.admin();
    admin.park("ri-gone");
    admin.request().delete("/api/v1/parks/ri-gone").then().statusCode(204);
    admin
        .request()
        .body(Map.of("id", "ri-gone", "name", "Another park"))
        .post("/api/v1/parks")
        .then()
        .statusCode(409)
        .body("error", containsString("deleted park"));
    admin.request().get("/api/v1/parks/ri-gone").then().statusCode(404);
  }
}
