package io.parkpulse.agent.collect.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parkpulse.agent.collect.Collector.Health;
import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.agent.collect.opcua.OpcUaSettings.Point;
import io.parkpulse.agent.collect.opcua.OpcUaSettings.Security;
import io.parkpulse.devstack.Ports;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.PointKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's subscription outlives the server's: a server restarted as a new instance on the
 * same port (its own certificate, its subscriptions gone), and a server that drops the subscription
 * while the session stays open, which only the watchdog notices. Real Milo servers in this JVM.
 */
class OpcUaWatchdogIT {

  private static final DeviceRef DEVICE = new DeviceRef("acme", "oven-2");
  private static final Duration PUBLISH = Duration.ofMillis(200);

  @TempDir Path pki;
  @TempDir Path firstServerPki;
  @TempDir Path secondServerPki;

  private final List<Map<String, Object>> taken = new CopyOnWriteArrayList<>();

  @Test
  void subscribesAgainToANewServerInstanceOnTheSamePortAndReadsItsValues() throws Exception {
    int port = Ports.free();
    OpcUaTestServer first = new OpcUaTestServer(port, firstServerPki);
    OpcUaTestServer second = new OpcUaTestServer(port, secondServerPki);
    try (OpcUaCollector collector = new OpcUaCollector(settings(first), pki)) {
      first.start();
      first.set("Temperature", 1.5);
      collector.start((device, ts, metrics) -> taken.add(metrics));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(last()).containsEntry("temperature", 1.5));

      first.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(collector.health().detail()).contains("lost"));
      assertThat(collector.health().ok()).isFalse();
      int whileDown = taken.size();

      second.set("Temperature", 99.0);
      second.set("Counter", 7);
      long restarted = System.nanoTime();
      second.start();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(last())
                      .containsEntry("temperature", 99.0)
                      .containsEntry("counter", 7L));
      System.out.printf(
          "readings resumed %d ms after a new OPC UA server started on the same port%n",
          (System.nanoTime() - restarted) / 1_000_000);
      assertThat(taken.subList(whileDown, taken.size()))
          .as("no reading of the first server's values after the restart")
          .noneSatisfy(m -> assertThat(m).containsEntry("temperature", 1.5));

      second.set("Counter", 1000);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(last()).containsEntry("counter", 1000L));
      Health health = collector.health();
      assertThat(health.ok()).isTrue();
      assertThat(health.detail())
          .startsWith("subscribed to 2 point(s) at " + second.endpoint())
          .contains("; subscription created again 1 time(s), last: ");
      assertThat(health.failures()).isPositive();
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  void subscribesAgainWhenTheServerDropsTheSubscriptionWithoutAWord() throws Exception {
    try (OpcUaTestServer server = new OpcUaTestServer(Ports.free(), firstServerPki);
        OpcUaCollector collector = new OpcUaCollector(settings(server), pki)) {
      server.start();
      server.set("Temperature", 40.0);
      collector.start((device, ts, metrics) -> taken.add(metrics));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(last()).containsEntry("temperature", 40.0));

      assertThat(server.forgetSubscriptions()).isEqualTo(1);
      server.set("Temperature", 41.0);
      long dropped = System.nanoTime();
      // The session is fine, so Milo sees nothing; the watchdog hears no keep-alive.
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(() -> assertThat(last()).containsEntry("temperature", 41.0));
      System.out.printf(
          "readings resumed %d ms after the server dropped the subscription%n",
          (System.nanoTime() - dropped) / 1_000_000);

      Health health = collector.health();
      assertThat(health.ok()).isTrue();
      assertThat(health.detail())
          .contains(
              "; subscription created again 1 time(s), last: no values or keep-alive from the"
                  + " server for 6 s");
      server.set("Temperature", 42.0);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(last()).containsEntry("temperature", 42.0));
    }
  }

  private Map<String, Object> last() {
    return taken.isEmpty() ? Map.of() : taken.get(taken.size() - 1);
  }

  private static OpcUaSettings settings(OpcUaTestServer server) {
    return new OpcUaSettings(
        DEVICE,
        server.endpoint(),
        Security.NONE,
        null,
        null,
        PUBLISH,
        List.of(
            point("temperature", server.nodeId("Temperature")),
            point("counter", server.nodeId("Counter"))));
  }

  private static Point point(String name, String nodeId) {
    return new Point(new PointSpec(name, "", PointKind.GENERIC), nodeId, Duration.ofMillis(100));
  }
}
