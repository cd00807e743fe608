package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryCodec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The registry is published again from the database on request: what a restore onto a new Kafka
 * cluster needs (docs/operations.md).
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class RegistryRepublishIT {

  private static final String REGISTRY = ParkTopic.registry("parkpulse");

  @Test
  void theParksOperatorRepublishesEveryDeviceOfThePark() throws Exception {
    Api admin = Api.admin();
    admin.park("rr-park");
    admin.park("rr-other");
    admin.enterprise("rr-park", "rr-ent");
    admin.enterprise("rr-other", "rr-other-ent");
    admin.device("rr-ent", "rr-press");
    admin.device("rr-other-ent", "rr-lathe");
    DeviceRef press = new DeviceRef("rr-ent", "rr-press");
    DeviceRef lathe = new DeviceRef("rr-other-ent", "rr-lathe");
    await().atMost(Duration.ofSeconds(20)).until(() -> entries(press) == 1 && entries(lathe) == 1);
    Api operator = admin.user("rr-operator", "park-operator", "rr-park", null);
    Api otherOperator = admin.user("rr-other-op", "park-operator", "rr-other", null);

    otherOperator.request().post("/api/v1/parks/rr-park/registry/republish").then().statusCode(404);
    operator.request().post("/api/v1/parks/rr-park/registry/republish").then().statusCode(202);

    await().atMost(Duration.ofSeconds(20)).until(() -> entries(press) == 2);
    var latest = TopicReader.readAll(REGISTRY, press.kafkaKey()).get(1);
    assertThat(new RegistryCodec().decode(latest.value()).device()).isEqualTo(press);
    assertThat(entries(lathe)).as("another park's devices are left alone").isEqualTo(1);
  }

  private static int entries(DeviceRef device) {
    return TopicReader.readAll(REGISTRY, device.kafkaKey()).size();
  }
}
