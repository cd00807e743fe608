package io.parkpulse.gateway;

import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.model.ParkTopic;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** The test JVM's shared Kafka broker with the test parks' topics, and a free MQTT port. */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

  static final String PARK = "gw-test";
  static final String OTHER_PARK = "gw-test-2";

  @Override
  public Map<String, String> start() {
    KafkaBroker broker = KafkaBroker.shared();
    try (Admin admin = broker.admin()) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          List.of(
                  ParkTopic.telemetry(PARK).name(),
                  ParkTopic.telemetry(OTHER_PARK).name(),
                  new ParkTopic("parkpulse", PARK, ParkTopic.Kind.EVENTS).name(),
                  new ParkTopic("parkpulse", OTHER_PARK, ParkTopic.Kind.EVENTS).name(),
                  new ParkTopic("parkpulse", PARK, ParkTopic.Kind.COMMANDS).name(),
                  new ParkTopic("parkpulse", PARK, ParkTopic.Kind.COMMAND_RESPONSES).name(),
                  ParkTopic.registry("parkpulse"),
                  ParkTopic.deadLetter("parkpulse"))
              .stream()
              .filter(t -> !existing.contains(t))
              .map(t -> new NewTopic(t, 1, (short) 1))
              .toList();
      admin.createTopics(missing).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the gateway test topics", e);
    }
    return Map.of(
        "parkpulse.gateway.kafka.bootstrap-servers",
        broker.bootstrapServers(),
        "parkpulse.gateway.mqtt.host",
        "127.0.0.1",
        "parkpulse.gateway.mqtt.port",
        Integer.toString(Ports.free()),
        // Every test connects from 127.0.0.1 and several fail on purpose.
        "parkpulse.gateway.auth.max-failures-per-source",
        "1000",
        "parkpulse.gateway.kafka.stall-timeout",
        "2S",
        "parkpulse.gateway.mqtt.max-inflight-per-connection",
        "50",
        // LimitsIT: a device more than 2 s ahead of its message rate is refused.
        "parkpulse.gateway.limits.rate-tolerance",
        "2S");
  }

  @Override
  public void stop() {
    // The broker is shared by the JVM's test classes and stops when the JVM exits.
  }
}
