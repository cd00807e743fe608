package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryCodec;
import io.parkpulse.model.RegistryEntry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Limits set through the API reach the registry topic the gateways read: park defaults, an
 * enterprise's own, a device's own message rate, over the platform's defaults (1000 connections,
 * 100 and 2000 messages/s, 1 GiB and 20 GiB a day).
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class LimitsIT {

  private static final String REGISTRY = ParkTopic.registry("parkpulse");
  private static final long GIB = 1L << 30;
  private final RegistryCodec codec = new RegistryCodec();

  @Test
  void republishesAnEnterprisesDevicesWithTheLimitsInForceWhenItsParkOrItChangesThem()
      throws Exception {
    Api admin = Api.admin();
    admin.park("lim-park");
    admin.enterprise("lim-park", "lim-ent");
    admin.device("lim-ent", "lim-press-01");
    DeviceRef press = new DeviceRef("lim-ent", "lim-press-01");
    assertThat(awaitEntry(press, 1).limits())
        .isEqualTo(new RegistryEntry.Limits(1000, 100, 2000, GIB, 20 * GIB));

    admin
        .request()
        .body(Map.of("deviceBytesPerDay", 5_000_000, "maxConnections", 50))
        .put("/api/v1/parks/lim-park/limits")
        .then()
        .statusCode(200)
        .body("defaults.deviceBytesPerDay", equalTo(5_000_000))
        .body("effective.enterpriseMessagesPerSecond", equalTo(2000));
    assertThat(awaitEntry(press, 2).limits())
        .isEqualTo(new RegistryEntry.Limits(50, 100, 2000, 5_000_000, 20 * GIB));

    Map<String, Object> own = new HashMap<>();
    own.put("maxConnections", 3);
    own.put("enterpriseMessagesPerSecond", 0);
    own.put("deviceBytesPerDay", null);
    admin
        .request()
        .body(own)
        .put("/api/v1/enterprises/lim-ent/limits")
        .then()
        .statusCode(200)
        .body("configured.maxConnections", equalTo(3));
    assertThat(awaitEntry(press, 3).limits())
        .isEqualTo(new RegistryEntry.Limits(3, 100, 0, 5_000_000, 20 * GIB));

    admin
        .request()
        .body(Map.of("maxMessagesPerSecond", 7))
        .put("/api/v1/enterprises/lim-ent/devices/lim-press-01")
        .then()
        .statusCode(200);
    assertThat(awaitEntry(press, 4).limits().deviceMessagesPerSecond()).isEqualTo(7);

    JsonPath shown =
        admin
            .request()
            .get("/api/v1/enterprises/lim-ent/limits")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(shown.getMap("configured")).containsEntry("maxConnections", 3);
    assertThat(shown.getMap("configured").get("deviceBytesPerDay")).isNull();
    assertThat(shown.getMap("effective"))
        .containsEntry("maxConnections", 3)
        .containsEntry("deviceMessagesPerSecond", 100)
        .containsEntry("enterpriseMessagesPerSecond", 0)
        .containsEntry("deviceBytesPerDay", 5_000_000);
    List<String> actions =
        admin
            .request()
            .queryParam("park", "lim-park")
            .get("/api/v1/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("action");
    assertThat(actions).contains("park.limits", "enterprise.limits");
  }

  @Test
  void anEnterpriseAdminCannotLiftADeviceAboveTheParksCeiling() throws Exception {
    Api admin = Api.admin();
    admin.park("lim-ceiling-park");
    admin.enterprise("lim-ceiling-park", "lim-ceiling-ent");
    admin
        .request()
        .body(Map.of("deviceMessagesPerSecond", 20))
        .put("/api/v1/parks/lim-ceiling-park/limits")
        .then()
        .statusCode(200);
    Api enterpriseAdmin =
        admin.user("lim-ceiling-admin", "enterprise-admin", "lim-ceiling-park", "lim-ceiling-ent");
    enterpriseAdmin.device("lim-ceiling-ent", "lim-fast-01");
    DeviceRef fast = new DeviceRef("lim-ceiling-ent", "lim-fast-01");
    assertThat(awaitEntry(fast, 1).limits().deviceMessagesPerSecond()).isEqualTo(20);

    enterpriseAdmin
        .request()
        .body(Map.of("maxMessagesPerSecond", 1000))
        .put("/api/v1/enterprises/lim-ceiling-ent/devices/lim-fast-01")
        .then()
        .statusCode(200);
    assertThat(awaitEntry(fast, 2).limits().deviceMessagesPerSecond()).isEqualTo(20);

    enterpriseAdmin
        .request()
        .body(Map.of("maxMessagesPerSecond", 5))
        .put("/api/v1/enterprises/lim-ceiling-ent/devices/lim-fast-01")
        .then()
        .statusCode(200);
    assertThat(awaitEntry(fast, 3).limits().deviceMessagesPerSecond()).isEqualTo(5);
  }

  @Test
  void refusesANegativeLimitNamingTheField() {
    Api admin = Api.admin();
    admin.park("lim-neg-park");
    admin.enterprise("lim-neg-park", "lim-neg-ent");

    admin
        .request()
        .body(Map.of("deviceMessagesPerSecond", -5))
        .put("/api/v1/enterprises/lim-neg-ent/limits")
        .then()
        .statusCode(400)
        .body("field", equalTo("deviceMessagesPerSecond"))
        .body("message", containsString("0 (no limit) or more"));
    admin
        .request()
        .body(Map.of("enterpriseBytesPerDay", -1))
        .put("/api/v1/parks/lim-neg-park/limits")
        .then()
        .statusCode(400)
        .body("field", equalTo("enterpriseBytesPerDay"));
  }

  @Test
  void onlyTheParksOperatorSetsAnEnterprisesLimitsAndItsAdminSeesThem() {
    Api admin = Api.admin();
    admin.park("lim-own-park");
    admin.enterprise("lim-own-park", "lim-own-ent");
    Api enterpriseAdmin = admin.user("lim-own-admin", "enterprise-admin", null, "lim-own-ent");
    Api operator = admin.user("lim-own-operator", "park-operator", "lim-own-park", null);

    enterpriseAdmin
        .request()
        .body(Map.of("maxConnections", 100_000))
        .put("/api/v1/enterprises/lim-own-ent/limits")
        .then()
        .statusCode(403);
    operator
        .request()
        .body(Map.of("maxConnections", 20))
        .put("/api/v1/enterprises/lim-own-ent/limits")
        .then()
        .statusCode(200);
    enterpriseAdmin
        .request()
        .get("/api/v1/enterprises/lim-own-ent/limits")
        .then()
        .statusCode(200)
        .body("effective.maxConnections", equalTo(20));
  }

  private RegistryEntry awaitEntry(DeviceRef ref, int count) throws Exception {
    await().atMost(Duration.ofSeconds(20)).until(() -> records(ref).size() >= count);
    List<ConsumerRecord<String, byte[]>> records = records(ref);
    assertThat(records).hasSize(count);
    return codec.decode(records.get(count - 1).value());
  }

  private static List<ConsumerRecord<String, byte[]>> records(DeviceRef ref) {
    return TopicReader.readAll(REGISTRY, ref.kafkaKey());
  }
}
