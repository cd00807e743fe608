package io.parkpulse.gateway;

import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.pki.TestPki;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TrustAnchorPem;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The test JVM's shared Kafka broker with the test parks' topics, a free MQTT port, and a free port
 * for MQTT over TLS with a server certificate made for the run (its CA in {@link #SERVER_CA}).
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

  static final String PARK = "gw-test";
  static final String OTHER_PARK = "gw-test-2";

  /** The CA of the gateway's server certificate, for the clients to trust (PEM). */
  static final Path SERVER_CA = Path.of("target", "test-tls", "server-ca.pem");

  /** The server CA, as the clients trust it. */
  static X509Certificate serverCa() {
    try {
      return TrustAnchorPem.read(Files.readString(SERVER_CA)).get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
    TestPki.Issued serverCa = TestPki.ca("Gateway test server CA");
    Path[] server = TestPki.server(serverCa).write(SERVER_CA.getParent(), "server");
    try {
      Files.writeString(SERVER_CA, serverCa.pem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.ofEntries(
        Map.entry("parkpulse.gateway.tls.enabled", "true"),
        Map.entry("parkpulse.gateway.tls.port", Integer.toString(Ports.free())),
        Map.entry("parkpulse.gateway.tls.certificate", server[0].toAbsolutePath().toString()),
        Map.entry("parkpulse.gateway.tls.key", server[1].toAbsolutePath().toString()),
        Map.entry("parkpulse.gateway.kafka.bootstrap-servers", broker.bootstrapServers()),
        Map.entry("parkpulse.gateway.mqtt.host", "127.0.0.1"),
        Map.entry("parkpulse.gateway.mqtt.port", Integer.toString(Ports.free())),
        // Every test connects from 127.0.0.1 and several fail on purpose.
        Map.entry("parkpulse.gateway.auth.max-failures-per-source", "1000"),
        Map.entry("parkpulse.gateway.kafka.stall-timeout", "2S"),
        Map.entry("parkpulse.gateway.mqtt.max-inflight-per-connection", "50"),
        // LimitsIT: a device more than 2 s ahead of its message rate is refused; its enterprise
        // limits are whole here, whatever other gateways the tests start (LiveGatewaysIT counts).
        Map.entry("parkpulse.gateway.limits.rate-tolerance", "2S"),
        Map.entry("parkpulse.gateway.limits.instances", "1"));
  }

  @Override
  public void stop() {
    // The broker is shared by the JVM's test classes and stops when the JVM exits.
  }
}
