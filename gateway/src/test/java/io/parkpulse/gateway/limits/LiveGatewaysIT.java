package io.parkpulse.gateway.limits;

import static org.awaitility.Awaitility.await;

import io.parkpulse.devstack.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gateways count each other through a consumer group, and the count follows them. */
class LiveGatewaysIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(6);

  private final KafkaBroker broker = KafkaBroker.shared();
  private final String topic = "live-gateways-" + UUID.randomUUID();
  private final String group = "parkpulse-gateway-members-" + UUID.randomUUID();
  private final List<LiveGateways> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(LiveGateways::stop);
  }

  @Test
  void eachGatewayCountsTheLiveOnesAndOneThatStopsIsNoLongerCounted() throws Exception {
    try (Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    LiveGateways one = start();
    await().atMost(Duration.ofSeconds(20)).until(() -> one.getAsInt() == 1);
    LiveGateways two = start();
    LiveGateways three = start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> one.getAsInt() == 3 && two.getAsInt() == 3 && three.getAsInt() == 3);

    three.stop();
    started.remove(three);
    await().atMost(Duration.ofSeconds(30)).until(() -> one.getAsInt() == 2 && two.getAsInt() == 2);
  }

  private LiveGateways start() {
    LiveGateways live =
        new LiveGateways(
            new KafkaConsumer<>(
                broker.client(LiveGateways.memberSettings(group, TIMEOUT)),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer()),
            Admin.create(broker.client(Map.of())),
            topic,
            group,
            Duration.ofSeconds(1),
            1);
    Thread thread = new Thread(live, "live-gateways-test");
    thread.setDaemon(true);
    thread.start();
    started.add(live);
    return live;
  }
}
