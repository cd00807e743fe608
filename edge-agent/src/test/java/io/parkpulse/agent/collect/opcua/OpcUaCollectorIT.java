package io.parkpulse.agent.collect.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parkpulse.agent.collect.Collector.Health;
import io.parkpulse.agent.collect.PointSpec;
import io.parkpulse.agent.collect.ReadingSink;
import io.parkpulse.agent.collect.opcua.OpcUaSettings.Point;
import io.parkpulse.agent.collect.opcua.OpcUaSettings.Security;
import io.parkpulse.devstack.Ports;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.PointKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector against a real OPC UA server (Milo, in this JVM): typed values from a subscription,
 * both security modes with the trust lists of both sides, refused credentials, a server restart,
 * the technician's probe, and writes.
 */
class OpcUaCollectorIT {

  private static final DeviceRef DEVICE = new DeviceRef("acme", "press-1");
  private static final Duration PUBLISH = Duration.ofMillis(200);

  private static OpcUaTestServer server;

  @TempDir Path pki;

  @BeforeAll
  static void startServer(@TempDir Path serverPki) throws Exception {
    long t = System.nanoTime();
    server = new OpcUaTestServer(Ports.free(), serverPki);
    server.start();
    System.out.printf("OPC UA test server started in %d ms%n", millisSince(t));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void deliversTypedValuesAnonymouslyWithoutSecurity() {
    setValues(server, 20.5, 0, false, "AUTO");
    Readings readings = new Readings();
    List<Point> points = new ArrayList<>(points(server));
    points.add(point("missing", server.nodeId("Missing")));
    try (OpcUaCollector collector =
        new OpcUaCollector(settings(server, Security.NONE, null, null, points), pki)) {
      collector.start(readings);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(readings.last())
                      .isEqualTo(
                          Map.of(
                              "temperature",
                              20.5,
                              "counter",
                              0L,
                              "running",
                              false,
                              "mode",
                              "AUTO")));
      setValues(server, 21.75, 7, true, "MANUAL");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(readings.last())
                      .containsEntry("temperature", 21.75)
                      .containsEntry("counter", 7L)
                      .containsEntry("running", true)
                      .containsEntry("mode", "MANUAL")
                      .doesNotContainKey("missing"));

      Health health = collector.health();
      assertThat(health.ok()).isTrue();
      assertThat(health.detail())
          .contains("subscribed to 5 point(s) at " + server.endpoint())
          .contains("without a value: missing (Bad_NodeIdUnknown)");
      assertThat(health.readings()).isPositive();
      assertThat(pki).isEmptyDirectory(); // None and anonymous need no certificates
    }
  }

  @Test
  void usernameAndBasic256Sha256WorkOnceEachSideTrustsTheOther() throws Exception {
    setValues(server, 30.0, 3, true, "SECURE");
    Readings readings = new Readings();
    OpcUaSettings secure =
        settings(
            server,
            Security.BASIC256SHA256,
            OpcUaTestServer.USER,
            OpcUaTestServer.PASSWORD,
            points(server));
    Path agentCert = pki.resolve("own").resolve("acme.press-1.der");
    Path agentKeys = pki.resolve("own").resolve("acme.press-1.p12");
    try (OpcUaCollector collector = new OpcUaCollector(secure, pki)) {
      collector.start(readings);

      // The server does not know the agent's new certificate yet.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(collector.health().detail())
                      .startsWith("server refused the agent's certificate")
                      .contains("make the server trust " + agentCert));
      assertThat(collector.health().ok()).isFalse();
      X509Certificate agent = readCertificate(agentCert);
      assertThat(agent.getSubjectAlternativeNames())
          .anySatisfy(
              san -> assertThat(san.get(1)).isEqualTo("urn:parkpulse:edge-agent:acme:press-1"));
      server.trust(agent);

      // Now the agent does not know the server's certificate: it is put in rejected/.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(collector.health().detail())
                      .startsWith("server certificate not trusted: move " + pki.resolve("rejected"))
                      .contains(" to " + pki.resolve("trusted").resolve("certs")));
      Path rejected = onlyFile(pki.resolve("rejected"));
      assertThat(readCertificate(rejected)).isEqualTo(server.certificate());
      Files.move(rejected, pki.resolve("trusted").resolve("certs").resolve(rejected.getFileName()));

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(readings.last())
                      .containsEntry("temperature", 30.0)
                      .containsEntry("counter", 3L)
                      .containsEntry("running", true)
                      .containsEntry("mode", "SECURE"));
      assertThat(collector.health().ok()).isTrue();
      assertThat(collector.health().detail()).contains("BASIC256SHA256, user 'edge'");
    }

    // A later start uses the same certificate, which both sides already trust.
    byte[] keysBefore = Files.readAllBytes(agentKeys);
    Readings again = new Readings();
    try (OpcUaCollector collector = new OpcUaCollector(secure, pki)) {
      collector.start(again);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(again.last()).containsEntry("mode", "SECURE"));
      assertThat(collector.health().ok()).isTrue();
    }
    assertThat(Files.readAllBytes(agentKeys)).isEqualTo(keysBefore);
  }

  @Test
  void wrongPasswordIsReportedAsRefusedUser() throws Exception {
    trustServer(server);
    OpcUaSettings wrong =
        settings(server, Security.NONE, OpcUaTestServer.USER, "wrong", points(server));
    Readings readings = new Readings();
    try (OpcUaCollector collector = new OpcUaCollector(wrong, pki)) {
      collector.start(readings);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(collector.health().detail())
                      .startsWith("server refused user 'edge'")
                      .contains("check the username and password")
                      .contains("retrying"));
      Health health = collector.health();
      assertThat(health.ok()).isFalse();
      assertThat(health.failures()).isPositive();
      assertThat(health.readings()).isZero();
    }
    assertThat(readings.count()).isZero();
  }

  @Test
  void readingsResumeAfterTheServerRestarts(@TempDir Path serverPki) throws Exception {
    try (OpcUaTestServer restarting = new OpcUaTestServer(Ports.free(), serverPki)) {
      restarting.start();
      setValues(restarting, 1.5, 1, true, "RUN");
      Readings readings = new Readings();
      try (OpcUaCollector collector =
          new OpcUaCollector(
              settings(restarting, Security.NONE, null, null, points(restarting)), pki)) {
        collector.start(readings);
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(readings.last()).containsEntry("temperature", 1.5));

        restarting.stop();
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(collector.health().detail())
                        .isEqualTo(
                            "connection to " + restarting.endpoint() + " lost; reconnecting"));
        assertThat(collector.health().ok()).isFalse();
        long whileDown = readings.count();
        restarting.set("Temperature", 99.0);

        long t = System.nanoTime();
        restarting.start();
        await()
            .atMost(Duration.ofSeconds(25))
            .untilAsserted(() -> assertThat(readings.last()).containsEntry("temperature", 99.0));
        System.out.printf(
            "readings resumed %d ms after the OPC UA server restarted%n", millisSince(t));
        assertThat(collector.health().ok()).isTrue();
        assertThat(readings.count()).isGreaterThan(whileDown);

        restarting.set("Counter", 1000);
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(readings.last()).containsEntry("counter", 1000L));
      }
    }
  }

  @Test
  void reportsAnUnreachableServerAndKeepsRetrying() {
    String endpoint = "opc.tcp://127.0.0.1:" + Ports.free() + "/sim";
    OpcUaSettings nowhere =
        new OpcUaSettings(DEVICE, endpoint, Security.NONE, null, null, PUBLISH, points(server));
    try (OpcUaCollector collector = new OpcUaCollector(nowhere, pki)) {
      collector.start(new Readings());
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(collector.health().detail())
                      .startsWith("cannot reach " + endpoint + ": connection refused; retrying"));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(collector.health().failures()).isGreaterThan(1));
    }
    assertThat(threadsNamed("opcua-press-1@acme")).isZero();
  }

  @Test
  void probeReadsEveryPointOnce() {
    setValues(server, 20.5, 42, false, "AUTO");
    int watchersBefore = threadsNamed("certificate-store-watcher");
    OpcUaCollector collector =
        new OpcUaCollector(settings(server, Security.NONE, null, null, points(server)), pki);

    Health health = collector.probe();

    assertThat(health.ok()).isTrue();
    assertThat(health.detail())
        .isEqualTo(
            "read 4 of 4 point(s) from "
                + server.endpoint()
                + ": temperature=20.5, counter=42, running=false, mode=AUTO");
    assertThat(threadsNamed("certificate-store-watcher")).isEqualTo(watchersBefore);
    assertThat(threadsNamed("opcua-")).isZero();
  }

  @Test
  void probeSaysWhatFailedAndWhatToCheck() throws Exception {
    List<Point> withMissing = new ArrayList<>(points(server));
    withMissing.add(point("missing", server.nodeId("Missing")));
    Health unknownNode =
        new OpcUaCollector(settings(server, Security.NONE, null, null, withMissing), pki).probe();
    assertThat(unknownNode.ok()).isFalse();
    assertThat(unknownNode.detail())
        .startsWith("read 4 of 5 point(s) from " + server.endpoint())
        .contains("failed: missing (" + server.nodeId("Missing") + "): Bad_NodeIdUnknown")
        .contains("check the node ids");

    String endpoint = "opc.tcp://127.0.0.1:" + Ports.free() + "/sim";
    Health unreachable =
        new OpcUaCollector(
                new OpcUaSettings(
                    DEVICE, endpoint, Security.NONE, null, null, PUBLISH, points(server)),
                pki)
            .probe();
    assertThat(unreachable.ok()).isFalse();
    assertThat(unreachable.detail()).isEqualTo("cannot reach " + endpoint + ": connection refused");

    trustServer(server);
    int watchersBefore = threadsNamed("certificate-store-watcher");
    Health refused =
        new OpcUaCollector(
                settings(server, Security.NONE, OpcUaTestServer.USER, "wrong", points(server)), pki)
            .probe();
    assertThat(refused.ok()).isFalse();
    assertThat(refused.detail()).startsWith("server refused user 'edge'");
    assertThat(threadsNamed("certificate-store-watcher")).isEqualTo(watchersBefore);
  }

  @Test
  void writesNodesAsTheirDataTypeAndNamesTheStatusOfARefusedWrite() throws Exception {
    setValues(server, 20.5, 0, false, "AUTO");
    List<Point> points = new ArrayList<>(points(server));
    points.add(point("model", server.nodeId("Model")));
    Readings readings = new Readings();
    try (OpcUaCollector collector =
        new OpcUaCollector(settings(server, Security.NONE, null, null, points), pki)) {
      assertThatThrownBy(() -> collector.write("temperature", 25.0))
          .isInstanceOf(IOException.class)
          .hasMessage(
              "press-1@acme: not connected to "
                  + server.endpoint()
                  + "; cannot write point 'temperature' ("
                  + server.nodeId("Temperature")
                  + ")");
      collector.start(readings);
      await().atMost(Duration.ofSeconds(10)).until(() -> collector.health().ok());

      collector.write("temperature", 42.25);
      collector.write("counter", 7); // an Integer to an Int32 node
      assertThat(server.get("Temperature")).isEqualTo(42.25);
      assertThat(server.get("Counter")).isEqualTo(7);
      collector.write("temperature", 40); // converted to a Double
      collector.write("counter", 12.0); // a whole Double to an Int32
      assertThat(server.get("Temperature")).isEqualTo(40.0);
      assertThat(server.get("Counter")).isEqualTo(12);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(readings.last())
                      .containsEntry("temperature", 40.0)
                      .containsEntry("counter", 12L));

      assertThatThrownBy(() -> collector.write("counter", 3_000_000_000L))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "press-1@acme: point 'counter' ("
                  + server.nodeId("Counter")
                  + "): its node is Int32, which takes whole numbers from -2147483648 to"
                  + " 2147483647, not 3000000000");
      assertThatThrownBy(() -> collector.write("model", "PX-8"))
          .isInstanceOf(IOException.class)
          .hasMessage(
              "press-1@acme: writing PX-8 to point 'model' ("
                  + server.nodeId("Model")
                  + "): the server answered Bad_NotWritable: the node is read-only on the server");
      assertThat(server.get("Model")).isEqualTo("PX-7");
      assertThatThrownBy(() -> collector.write("pressure", 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "press-1@acme has no point 'pressure'; its points are temperature, counter, running,"
                  + " mode, model");
      assertThat(server.get("Counter")).isEqualTo(12);
    }
  }

  // ---- helpers

  private static OpcUaSettings settings(
      OpcUaTestServer s, Security security, String user, String password, List<Point> points) {
    return new OpcUaSettings(DEVICE, s.endpoint(), security, user, password, PUBLISH, points);
  }

  private static List<Point> points(OpcUaTestServer s) {
    return List.of(
        point("temperature", s.nodeId("Temperature")),
        point("counter", s.nodeId("Counter")),
        point("running", s.nodeId("Running")),
        point("mode", s.nodeId("Mode")));
  }

  private static Point point(String name, String nodeId) {
    return new Point(new PointSpec(name, "", PointKind.GENERIC), nodeId, Duration.ofMillis(100));
  }

  private static void setValues(
      OpcUaTestServer s, double temperature, int counter, boolean running, String mode) {
    s.set("Temperature", temperature);
    s.set("Counter", counter);
    s.set("Running", running);
    s.set("Mode", mode);
  }

  /** Puts the server's certificate in the agent's trust list, as a technician would. */
  private void trustServer(OpcUaTestServer s) throws Exception {
    Path trusted = Files.createDirectories(pki.resolve("trusted").resolve("certs"));
    Files.write(trusted.resolve("test-server.der"), s.certificate().getEncoded());
  }

  private static X509Certificate readCertificate(Path file) throws Exception {
    try (var in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static Path onlyFile(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }

  private static int threadsNamed(String prefix) {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
            .count();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** What the agent would store. */
  private static final class Readings implements ReadingSink {
    private final List<Map<String, Object>> taken = new CopyOnWriteArrayList<>();

    @Override
    public void take(DeviceRef device, Instant ts, Map<String, Object> metrics) {
      assertThat(device).isEqualTo(DEVICE);
      taken.add(metrics);
    }

    Map<String, Object> last() {
      return taken.isEmpty() ? Map.of() : taken.get(taken.size() - 1);
    }

    long count() {
      return taken.size();
    }
  }
}
