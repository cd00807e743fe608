package io.parkpulse.platform;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may issue a park's Kafka credentials, and what a platform that does not manage its Kafka
 * cluster's users answers. Issuing and using them against a secured broker: e2e {@code KafkaAclIT}
 * and {@code PortalIT}.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class KafkaCredentialsIT {

  private static final String PATH = "/api/v1/parks/{park}/kafka-credentials";

  @Test
  void onlyTheParksOperatorReachesItsCredentials() {
    Api admin = Api.admin();
    admin.park("kcred-park");
    admin.park("kcred-other");
    admin.enterprise("kcred-park", "kcred-ent");
    Api operator = admin.user("kcred-operator", "park-operator", "kcred-park", null);
    Api otherOperator = admin.user("kcred-other-op", "park-operator", "kcred-other", null);
    Api enterpriseAdmin =
        admin.user("kcred-ent-admin", "enterprise-admin", "kcred-park", "kcred-ent");

    operator.request().get(PATH, "kcred-park").then().statusCode(200).body("$", hasSize(0));
    admin.request().get(PATH, "kcred-park").then().statusCode(200);
    otherOperator.request().get(PATH, "kcred-park").then().statusCode(404);
    enterpriseAdmin
        .request()
        .get(PATH, "kcred-park")
        .then()
        .statusCode(403)
        .body("error", containsString("operator"));
    enterpriseAdmin
        .request()
        .body(Map.of("name", "mine"))
        .post(PATH, "kcred-park")
        .then()
        .statusCode(403);
    otherOperator
        .request()
        .body(Map.of("name", "mine"))
        .post(PATH, "kcred-park")
        .then()
        .statusCode(404);
  }

  @Test
  void aPlatformThatDoesNotManageKafkaAccessRefusesToIssueAndSaysWhy() {
    Api admin = Api.admin();
    admin.park("kcred-unmanaged");
    Api operator = admin.user("kcred-unmanaged-op", "park-operator", "kcred-unmanaged", null);

    operator
        .request()
        .body(Map.of("name", "Bad Name"))
        .post(PATH, "kcred-unmanaged")
        .then()
        .statusCode(400)
        .body("field", containsString("name"));
    operator
        .request()
        .body(Map.of("name", "mes-vendor"))
        .post(PATH, "kcred-unmanaged")
        .then()
        .statusCode(409)
        .body("error", containsString("parkpulse.platform.kafka.access.enabled"));
    operator.request().delete(PATH + "/mes-vendor", "kcred-unmanaged").then().statusCode(409);
    operator
        .request()
        .accept("text/html")
        .get("/portal/admin/kafka")
        .then()
        .statusCode(200)
        .body(containsString("id=\"kafka-unmanaged\""));
  }
}
