package io.parkpulse.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.TestDirs;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.Reading;
import io.parkpulse.model.TelemetryCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent as a technician runs it (its own JVM from the packaged jar) against a real MQTT broker
 * (Mosquitto), killed with SIGKILL while it collects and publishes, and cut off from the broker for
 * a while: every reading it took arrives, in order, duplicated only where an acknowledgement was
 * lost.
 */
class StoreAndForwardIT {

  private static final Path JAR = Path.of("target", "parkpulse-edge-agent.jar").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path work;
  private Apps apps;
  private int port;
  private ManagedProcess broker;
  private MqttClient receiver;
  private final List<Long> received = new ArrayList<>();
  private final AtomicInteger lostEvents = new AtomicInteger();

  @BeforeEach
  void startBrokerAndReceiver() throws Exception {
    work = TestDirs.create("agent-store-forward");
    apps = new Apps(work);
    port = Ports.free();
    broker = apps.mosquitto(port, work.resolve("mosquitto"));
    // A persistent session: what the agent publishes while the receiver is away is queued for it.
    receiver = new MqttClient("tcp://127.0.0.1:" + port, "receiver", new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(500);
    receiver.connect(options);
    TelemetryCodec codec = new TelemetryCodec();
    receiver.subscribe(
        "telemetry",
        1,
        (topic, message) -> {
          List<Reading> readings = codec.decodeDevicePayload(message.getPayload());
          synchronized (received) {
            readings.forEach(r -> received.add(r.seq()));
          }
        });
    receiver.subscribe(
        "event",
        1,
        (topic, message) -> {
          if (JSON.readTree(message.getPayload()).path("type").asText().equals("agent.lost")) {
            lostEvents.incrementAndGet();
          }
        });
  }

  @AfterEach
  void stop() throws Exception {
    receiver.disconnectForcibly(1000);
    receiver.close();
    broker.close();
  }

  @Test
  void killedRepeatedlyWhileItWorksItLosesNoReadingItTook() throws Exception {
    int readings = 1500;
    Path device = deviceFile("5ms", readings);
    Random random = new Random(11);
    int kills = 5;
    for (int i = 0; i < kills; i++) {
      ManagedProcess agent = startAgent(device);
      // Killed while it collects and publishes: after a varying number of new readings arrived.
      int target = distinct().size() + 50 + random.nextInt(150);
      await().atMost(Duration.ofSeconds(30)).until(() -> distinct().size() >= target);
      agent.kill();
    }
    ManagedProcess last = startAgent(device);
    await().atMost(Duration.ofSeconds(60)).until(() -> !last.isAlive());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(distinct()).hasSize(readings));
    List<Long> all = snapshot();
    assertThat(new HashSet<>(all)).as("every seq the agent took").isEqualTo(seqs(readings));
    // Only a message sent and not yet acknowledged at the kill is sent again (every confirmation
    // is journalled before the next is taken): at 200 readings a second, a few readings per kill.
    int duplicates = all.size() - readings;
    System.out.printf(
        "%d readings, %d kills: %d received, %d duplicates%n",
        readings, kills, all.size(), duplicates);
    assertThat(duplicates).as("duplicates over %d kills", kills).isLessThanOrEqualTo(kills * 100);
    // Each killed agent's Will: the broker told the park the agent was gone.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(lostEvents.get()).isEqualTo(kills));
    JsonNode status = JSON.readTree(deviceDirOf(device).resolve("status.json").toFile());
    assertThat(status.get("storedUnsent").asLong()).isZero();
    assertThat(status.at("/machines/press-01/lastSeq").asLong()).isEqualTo(readings);
    assertThat(status.get("dropped").asLong()).isZero();
  }

  @Test
  void anOutageOfTheGatewayLosesNothingAndDeliversInOrder() throws Exception {
    int readings = 800;
    Path device = deviceFile("10ms", readings);
    ManagedProcess agent = startAgent(device);
    await().atMost(Duration.ofSeconds(30)).until(() -> distinct().size() > 50);

    broker.close();
    JsonNode during =
        await()
            .atMost(Duration.ofSeconds(15))
            .until(
                () -> JSON.readTree(deviceDirOf(device).resolve("status.json").toFile()),
                s -> !s.get("connected").asBoolean() && s.get("storedUnsent").asLong() > 100);
    long storedWhileCutOff = during.get("storedUnsent").asLong();
    broker = apps.mosquitto(port, work.resolve("mosquitto"));

    await().atMost(Duration.ofSeconds(90)).until(() -> !agent.isAlive());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(distinct()).hasSize(readings));
    assertThat(storedWhileCutOff).as("readings kept while the gateway was away").isPositive();
    // Each reading first arrives after every reading before it.
    List<Long> firstArrivals = new ArrayList<>(new LinkedHashSet<>(snapshot()));
    assertThat(firstArrivals).isSorted().containsExactlyElementsOf(seqs(readings));
  }

  private Path deviceFile(String interval, int readings) throws Exception {
    Path file = work.resolve("agent.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "gateway:",
            "  uri: tcp://127.0.0.1:" + port,
            "device:",
            "  enterprise: acme",
            "  id: press-01",
            "  secret: not-checked-by-mosquitto",
            "state-dir: state",
            "machines:",
            "  - simulator:",
            "      interval: " + interval,
            "      max-readings: " + readings,
            ""));
    return file;
  }

  private Path deviceDirOf(Path file) {
    return file.getParent().resolve("state");
  }

  private ManagedProcess startAgent(Path device) {
    ManagedProcess agent =
        apps.start(
            "agent",
            ManagedProcess.javaCommand(
                List.of("-Xmx64m"), "-jar", JAR.toString(), device.toString()),
            Map.of());
    agent.awaitLogLine("READY", Duration.ofSeconds(30));
    return agent;
  }

  private List<Long> snapshot() {
    synchronized (received) {
      return new ArrayList<>(received);
    }
  }

  private Set<Long> distinct() {
    return new HashSet<>(snapshot());
  }

  private static Set<Long> seqs(int n) {
    Set<Long> all = new LinkedHashSet<>();
    LongStream.rangeClosed(1, n).forEach(all::add);
    return all;
  }
}
