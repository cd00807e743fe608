package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code ./parkpulse demo}, on a machine where another program holds
 * the MQTT port 1883 (as Debian's Mosquitto does): the demo takes the next free port, says so, and
 * writes that port into the agents' files and the portal's {@code agent.yaml}.
 */
class DemoIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern MQTT_LINE =
      Pattern.compile("MQTT gateway\\s+tcp://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern PORTAL_LINE = Pattern.compile("Portal\\s+(http://\\S+)/portal");

  private final Path root = Path.of("").toAbsolutePath().getParent();
  private final List<String> output = new CopyOnWriteArrayList<>();
  private Process demo;
  private ServerSocket squatter;

  @AfterEach
  void stop() throws Exception {
    if (demo != null) {
      demo.destroy();
      if (!demo.waitFor(90, TimeUnit.SECONDS)) {
        demo.destroyForcibly().waitFor();
      }
    }
    if (squatter != null) {
      squatter.close();
    }
  }

  @Test
  void takesTheNextFreePortWhen1883IsTakenAndWritesItWhereAgentsReadIt() throws Exception {
    holdPort1883();
    Path state =
        Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work")).resolve("demo");
    ProcessBuilder builder =
        new ProcessBuilder("bash", root.resolve("parkpulse").toString(), "demo")
            .directory(root.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    // Nothing is chosen for the demo: every port is its default or the next free one.
    env.keySet().removeIf(k -> k.endsWith("_PORT") && k.startsWith("PARKPULSE_"));
    env.keySet().removeIf(k -> k.startsWith("PARKPULSE_DB_"));
    env.put("PARKPULSE_DEMO_DIR", state.toString());
    demo = builder.start();
    Thread reader = new Thread(this::readOutput, "demo-output");
    reader.setDaemon(true);
    reader.start();

    awaitLine("Telemetry flows end to end");

    String all = String.join("\n", output);
    assertThat(all)
        .contains("Port 1883 for the MQTT gateway is in use by another program; the demo takes");
    Matcher mqtt = MQTT_LINE.matcher(all);
    assertThat(mqtt.find()).as("the demo prints its MQTT address:\n%s", all).isTrue();
    int port = Integer.parseInt(mqtt.group(1));
    assertThat(port).isNotEqualTo(1883);
    assertThat(all).contains("the demo takes " + port + " instead (set PARKPULSE_MQTT_PORT");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    }
    assertThat(Files.readString(state.resolve("agents/east-precision.cnc-01.yaml")))
        .contains("uri: tcp://127.0.0.1:" + port + "\n");

    Matcher portal = PORTAL_LINE.matcher(all);
    assertThat(portal.find()).isTrue();
    String credentials = newDeviceInThePortal(portal.group(1), state);
    assertThat(credentials).contains("tcp://127.0.0.1:" + port).doesNotContain(":1883");
  }

  /** Takes 1883 with a listener of the test's own, unless another program already holds it. */
  private void holdPort1883() {
    try {
      squatter = new ServerSocket();
      squatter.setReuseAddress(true);
      squatter.bind(new InetSocketAddress(1883));
    } catch (IOException alreadyTaken) {
      // Mosquitto (or another broker) listens there: the port is taken as the test needs.
      squatter = null;
    }
  }

  /** Adds a device in the portal as the demo's admin, and returns the page with its agent.yaml. */
  private static String newDeviceInThePortal(String base, Path state) throws Exception {
    String token = Files.readString(state.resolve("admin-token")).trim();
    String device = "demo-it-" + Instant.now().getEpochSecond();
    String form =
        Map.of("id", device, "name", "Added by DemoIT", "type", "machine").entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(base + "/portal/enterprises/east-precision/devices"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return answer.body();
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(line);
        System.out.println("[demo] " + line);
      }
    } catch (IOException e) {
      output.add("(output ended: " + e + ")");
    }
  }

  private void awaitLine(String text) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (output.stream().anyMatch(l -> l.contains(text))) {
        return;
      }
      if (!demo.isAlive()) {
        throw new AssertionError(
            "the demo stopped (exit " + demo.exitValue() + "):\n" + String.join("\n", output));
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "no '" + text + "' within " + START_TIMEOUT + ":\n" + String.join("\n", output));
  }
}
