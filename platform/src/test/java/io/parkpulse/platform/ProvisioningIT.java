package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryCodec;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ProvisioningIT {

  private static final String REGISTRY = ParkTopic.registry("parkpulse");
  private final RegistryCodec codec = new RegistryCodec();

  @Test
  void publishesEveryDeviceChangeToTheRegistryWithASecretShownOnce() throws Exception {
    Api admin = Api.admin();
    admin.park("prov-park");
    admin.enterprise("prov-park", "prov-ent");
    DeviceRef ref = new DeviceRef("prov-ent", "prov-loom-01");

    JsonPath created = admin.device("prov-ent", "prov-loom-01");
    String secret = created.getString("secret");
    assertThat(created.getString("username")).isEqualTo("prov-loom-01@prov-ent");
    assertThat(secret).isNotBlank();
    RegistryEntry entry = awaitEntry(ref, 1);
    assertThat(entry.park()).isEqualTo("prov-park");
    assertThat(entry.enabled()).isTrue();
    assertThat(SecretHash.verify(secret, entry.secretHash())).isTrue();

    JsonPath shown =
        admin
            .request()
            .get("/api/v1/enterprises/prov-ent/devices/prov-loom-01")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(shown.getMap("")).doesNotContainKeys("secret", "secretHash");

    String rotated =
        admin
            .request()
            .post("/api/v1/enterprises/prov-ent/devices/prov-loom-01/secret")
            .then()
            .statusCode(200)
            .extract()
            .path("secret");
    RegistryEntry afterRotation = awaitEntry(ref, 2);
    assertThat(SecretHash.verify(rotated, afterRotation.secretHash())).isTrue();
    assertThat(SecretHash.verify(secret, afterRotation.secretHash())).isFalse();

    admin
        .request()
        .body(Map.of("enabled", false, "gatewayFor", List.of("prov-loom-02")))
        .put("/api/v1/enterprises/prov-ent/devices/prov-loom-01")
        .then()
        .statusCode(200);
    RegistryEntry disabled = awaitEntry(ref, 3);
    assertThat(disabled.enabled()).isFalse();
    assertThat(disabled.gatewayFor()).containsExactly("prov-loom-02");
    // Each change was stored, not only published: the update read the rotated secret back.
    assertThat(SecretHash.verify(rotated, disabled.secretHash())).isTrue();
    JsonPath stored =
        admin
            .request()
            .get("/api/v1/enterprises/prov-ent/devices/prov-loom-01")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(stored.getBoolean("enabled")).isFalse();
    assertThat(stored.getList("gatewayFor")).containsExactly("prov-loom-02");

    admin
        .request()
        .delete("/api/v1/enterprises/prov-ent/devices/prov-loom-01")
        .then()
        .statusCode(204);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> records(ref).size() == 4 && records(ref).get(3).value() == null);

    List<String> actions =
        admin
            .request()
            .queryParam("park", "prov-park")
            .get("/api/v1/audit")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("action");
    assertThat(actions)
        .contains(
            "park.create",
            "enterprise.create",
            "device.create",
            "device.rotate-secret",
            "device.update",
            "device.delete");
    String audit = admin.request().get("/api/v1/audit").then().statusCode(200).extract().asString();
    assertThat(audit).doesNotContain(secret).doesNotContain(rotated);
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
