package io.parkpulse.platform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.devstack.pki.TestPki;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryCodec;
import io.parkpulse.model.RegistryEntry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An enterprise's CA for mutual TLS, set through the API and carried to the gateways. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class TrustAnchorIT {

  private static final String REGISTRY = ParkTopic.registry("parkpulse");
  private static final String PEM = "application/x-pem-file";
  private final RegistryCodec codec = new RegistryCodec();

  @Test
  void publishesEveryDeviceWithTheEnterprisesCaOnceSetAndWithoutItOnceRemoved() throws Exception {
    Api admin = Api.admin();
    admin.park("ta-park");
    admin.enterprise("ta-park", "ta-ent");
    admin.device("ta-ent", "ta-press");
    DeviceRef press = new DeviceRef("ta-ent", "ta-press");
    assertThat(awaitEntry(press, 1).trustAnchors()).isEmpty();
    TestPki.Issued ca = TestPki.ca("TA device CA");
    TestPki.Issued next = TestPki.ca("TA next device CA");

    admin
        .request()
        .contentType(PEM)
        .body((ca.pem() + next.pem()).getBytes(UTF_8))
        .put("/api/v1/enterprises/ta-ent/trust-anchor")
        .then()
        .statusCode(200);

    assertThat(awaitEntry(press, 2).trustAnchors()).containsExactly(ca.pem(), next.pem());
    admin.device("ta-ent", "ta-lathe");
    assertThat(awaitEntry(new DeviceRef("ta-ent", "ta-lathe"), 1).trustAnchors())
        .containsExactly(ca.pem(), next.pem());
    Response shown = admin.request().get("/api/v1/enterprises/ta-ent/trust-anchor");
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.jsonPath().getList("certificates.subject"))
        .containsExactly("CN=TA device CA", "CN=TA next device CA");
    assertThat(shown.jsonPath().getString("pem")).isEqualTo(ca.pem() + next.pem());

    admin.request().delete("/api/v1/enterprises/ta-ent/trust-anchor").then().statusCode(204);

    assertThat(awaitEntry(press, 3).trustAnchors()).isEmpty();
    admin.request().get("/api/v1/enterprises/ta-ent/trust-anchor").then().statusCode(404);
  }

  @Test
  void refusesWhatIsNotAValidCaCertificateSayingWhy() {
    Api admin = Api.admin();
    admin.park("ta-park-2");
    admin.enterprise("ta-park-2", "ta-ent-2");
    TestPki.Issued ca = TestPki.ca("TA2 device CA");
    Instant now = Instant.now();

    assertRefused(admin, TestPki.device(ca, "ta-ent-2", "m1").pem(), "is not a CA certificate");
    assertRefused(
        admin,
        TestPki.ca("Old CA", now.minus(Duration.ofDays(800)), now.minus(Duration.ofDays(1))).pem(),
        "expired at");
    assertRefused(admin, "hello", "expected PEM certificates");
    assertRefused(
        admin,
        "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
        "not a readable PEM certificate");
    admin.request().get("/api/v1/enterprises/ta-ent-2/trust-anchor").then().statusCode(404);
  }

  @Test
  void letsOnlyThoseWhoManageTheEnterpriseSetItsCa() {
    Api admin = Api.admin();
    admin.park("ta-park-3");
    admin.enterprise("ta-park-3", "ta-ent-3");
    admin.enterprise("ta-park-3", "ta-ent-4");
    String pem = TestPki.ca("TA3 device CA").pem();
    Api viewer = admin.user("ta-viewer", "enterprise-viewer", "ta-park-3", "ta-ent-3");
    Api owner = admin.user("ta-owner", "enterprise-admin", "ta-park-3", "ta-ent-3");

    put(viewer, "ta-ent-3", pem).then().statusCode(403);
    put(owner, "ta-ent-4", pem).then().statusCode(404);
    put(owner, "ta-ent-3", pem).then().statusCode(200);
  }

  private static Response put(Api api, String enterprise, String pem) {
    return api.request()
        .contentType(PEM)
        .body(pem.getBytes(UTF_8))
        .put("/api/v1/enterprises/" + enterprise + "/trust-anchor");
  }

  private static void assertRefused(Api admin, String pem, String message) {
    Response answer = put(admin, "ta-ent-2", pem);
    assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(400);
    assertThat(answer.jsonPath().getString("field")).isEqualTo("body");
    assertThat(answer.jsonPath().getString("message")).contains(message);
  }

  private RegistryEntry awaitEntry(DeviceRef ref, int count) throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> TopicReader.readAll(REGISTRY, ref.kafkaKey()).size() >= count);
    var records = TopicReader.readAll(REGISTRY, ref.kafkaKey());
    assertThat(records).hasSize(count);
    return codec.decode(records.get(count - 1).value());
  }
}
