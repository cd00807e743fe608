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
    admin.park("kc-park");
    admin.park("kc-other");
    admin.enterprise("kc-park", "kc-ent");
    Api operator = admin.user("kc-operator", "park-operator", "kc-park", null);
    Api otherOperator = admin.user("kc-other-operator", "park-operator", "kc-other", null);
    Api enterpriseAdmin = admin.user("kc-ent-admin", "enterprise-admin", "kc-park", "kc-ent");

    operator.request().get(PATH, "kc-park").then().statusCode(200).body("$", hasSize(0));
    admin.request().get(PATH, "kc-park").then().statusCode(200);
    otherOperator.request().get(PATH, "kc-park").then().statusCode(404);
    enterpriseAdmin
        .request()
        .get(PATH, "kc-park")
        .then()
        .statusCode(403)
        .body("error", containsString("operator"));
    enterpriseAdmin
        .request()
        .body(Map.of("name", "mine"))
        .post(PATH, "kc-park")
        .then()
        .statusCode(403);
    otherOperator
        .request()
        .body(Map.of("name", "mine"))
        .post(PATH, "kc-park")
        .then()
        .statusCode(404);
  }

  @Test
  void aPlatformThatDoesNotManageKafkaAccessRefusesToIssueAndSaysWhy() {
    Api admin = Api.admin();
    admin.park("kc-unmanaged");
    Api operator = admin.user("kc-unmanaged-op", "park-operator", "kc-unmanaged", null);

    operator
        .request()
        .body(Map.of("name", "Bad Name"))
        .post(PATH, "kc-unmanaged")
        .then()
        .statusCode(400)
        .body("field", containsString("name"));
    operator
        .request()
        .body(Map.of("name", "mes-vendor"))
        .post(PATH, "kc-unmanaged")
        .then()
        .statusCode(409)
        .body("error", containsString("parkpulse.platform.kafka.access.enabled"));
    operator.request().delete(PATH + "/mes-vendor", "kc-unmanaged").then().statusCode(409);
    operator
        .request()
        .accept("text/html")
        .get("/portal/admin/kafka")
        .then()
        .statusCode(200)
        .body(containsString("id=\"kafka-unmanaged\""));
  }
}
