package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.agent.Agent;
import io.parkpulse.agent.config.ConfigLoader;
import io.parkpulse.devstack.platform.PlatformClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * The real edge agent, in this JVM, as one simulated machine sending a reading every 20 ms until it
 * has sent {@code readings}; and the check the failure tests end with: every reading stored once,
 * without a gap (count = distinct seq = max - min + 1).
 */
final class AgentRun {

  private final PlatformClient client;
  private final String enterprise;
  private final String device;
  private final int readings;
  private final Thread thread;

  private AgentRun(
      PlatformClient client, String enterprise, String device, int readings, Thread thread) {
    this.client = client;
    this.enterprise = enterprise;
    this.device = device;
    this.readings = readings;
    this.thread = thread;
  }

  /** Creates {@code device} through the API and starts its agent against {@code gatewayUri}. */
  static AgentRun start(
      PlatformClient client,
      Path work,
      String gatewayUri,
      String enterprise,
      String device,
      int readings)
      throws Exception {
    String secret = client.deviceSecret(enterprise, device, device);
    Path file = work.resolve(device + "-" + System.nanoTime() + ".yaml");
    Files.write(
        file,
        List.of(
            "gateway:",
            "  uri: " + gatewayUri,
            "device:",
            "  enterprise: " + enterprise,
            "  id: " + device,
            "  secret: \"" + secret + "\"",
            "state-dir: state-" + device + "-" + System.nanoTime(),
            "machines:",
            "  - simulator:",
            "      interval: 20ms",
            "      seed: 11",
            "      max-readings: " + readings));
    Thread thread = new Thread(new Agent(ConfigLoader.load(file)), "agent-" + device);
    thread.start();
    return new AgentRun(client, enterprise, device, readings, thread);
  }

  /** Waits until at least {@code count} of the device's readings are stored. */
  void awaitStored(long count) {
    await().atMost(Duration.ofSeconds(90)).until(() -> storedSeqs().size() >= count);
  }

  /** Waits for the agent to have every reading acknowledged, then checks them stored once each. */
  void finish() throws Exception {
    thread.join(Duration.ofSeconds(180).toMillis());
    assertThat(thread.isAlive()).as("the agent had all its readings acknowledged").isFalse();
    List<Long> expected = LongStream.rangeClosed(1, readings).boxed().toList();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(storedSeqs()).containsExactlyElementsOf(expected));
  }

  /** The seq of every stored reading of the device, in order, duplicates included. */
  List<Long> storedSeqs() throws Exception {
    JsonNode page =
        new ObjectMapper()
            .readTree(
                client.get(
                    "/api/v1/enterprises/"
                        + enterprise
                        + "/devices/"
                        + device
                        + "/telemetry?from=2020-01-01T00:00:00Z&limit=1000"));
    List<Long> seqs = new ArrayList<>();
    page.get("readings").forEach(r -> seqs.add(r.get("seq").asLong()));
    seqs.sort(null);
    return seqs;
  }
}
