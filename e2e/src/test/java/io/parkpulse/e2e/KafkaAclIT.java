package io.parkpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.KafkaLogin;
import io.parkpulse.devstack.platform.PlatformClient;
import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import io.parkpulse.devstack.process.Apps;
import io.parkpulse.devstack.process.ManagedProcess;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.Reading;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway and the platform against Kafka as the bundled deployments run it: SCRAM logins, the
 * standard authorizer, and the ACLs the platform grants. Each principal may do what
 * docs/security.md says and nothing more.
 */
class KafkaAclIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final String NORTH = "acl-north";
  private static final String SOUTH = "acl-south";

  private final List<AutoCloseable> running = new ArrayList<>();
  private final Path work = Path.of(System.getProperty("parkpulse.work.dir", "target/e2e-work"));
  private final Apps apps = new Apps(work);
  private final KafkaBroker broker = E2e.kafka();
  private final Database db = Postgres.sharedForTests().database();
  private final TelemetryCodec codec = new TelemetryCodec();

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void eachPrincipalMayDoWhatItIsGrantedAndNothingMore() throws Exception {
    int platformPort = Ports.free();
    start(
        apps.platform(
            jar("platform"),
            platformPort,
            broker.bootstrapServers(),
            db,
            E2e.ADMIN_PASSWORD,
            broker.platformEnv()),
        platformPort);
    PlatformClient client =
        PlatformClient.login("http://127.0.0.1:" + platformPort, "admin", E2e.ADMIN_PASSWORD);
    client.ensurePark(NORTH, "ACL north");
    client.ensurePark(SOUTH, "ACL south");
    client.ensureEnterprise(NORTH, "acl-ent", "ACL", "machining", "small");
    client.ensureEnterprise(SOUTH, "acl-other", "Other", "machining", "small");
    String secret = client.deviceSecret("acl-ent", "acl-press", "Press");
    int mqttPort = Ports.free();
    int gatewayPort = Ports.free();
    start(
        apps.gateway(
            jar("gateway"), gatewayPort, mqttPort, broker.bootstrapServers(), broker.gatewayEnv()),
        gatewayPort);

    // The gateway, with only the ACLs the platform granted it, admits the device from the registry
    // and writes its telemetry, which the platform stores.
    publish(mqttPort, "acl-press@acl-ent", secret, 10);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> status(client, "acl-ent", "acl-press").get("readings").asLong() == 10);

    // The gateway's credentials cannot write the registry, whatever they write there.
    KafkaLogin gateway = broker.login("gateway");
    try (var producer = producer(gateway)) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(
                          new ProducerRecord<>(
                              ParkTopic.registry("parkpulse"), "acl-ent/acl-press", new byte[1]))
                      .get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    // An integrator's credential, issued by the park's operator, reads its park's telemetry...
    JsonNode issued =
        client.post("/api/v1/parks/" + NORTH + "/kafka-credentials", Map.of("name", "mes"));
    assertThat(issued.get("credential").get("username").asText()).isEqualTo("park.acl-north.mes");
    assertThat(issued.get("saslMechanism").asText()).isEqualTo("SCRAM-SHA-512");
    KafkaLogin integrator =
        KafkaLogin.scram(
            issued.get("bootstrapServers").asText(),
            issued.get("credential").get("username").asText(),
            issued.get("password").asText());
    assertThat(
            readAll(
                integrator, "parkpulse.acl-north.mes-dashboard", ParkTopic.telemetry(NORTH).name()))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.key()).isEqualTo("acl-ent/acl-press"));
    // ...and is refused another park's topics and any group outside its park's prefix.
    assertThatThrownBy(
            () ->
                readAll(
                    integrator, "parkpulse.acl-north.sneaky", ParkTopic.telemetry(SOUTH).name()))
        .isInstanceOf(TopicAuthorizationException.class);
    assertThatThrownBy(
            () ->
                readAll(integrator, "parkpulse-platform-ingest", ParkTopic.telemetry(NORTH).name()))
        .isInstanceOf(org.apache.kafka.common.errors.GroupAuthorizationException.class);
    // It may not write its own park's topics either (asked without idempotence, which it may not
    // use at all, so that the answer is about the topic).
    try (var producer =
        new KafkaProducer<>(
            integrator.client(Map.of("enable.idempotence", false, "max.block.ms", 20_000)),
            new StringSerializer(),
            new ByteArraySerializer())) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(
                          new ProducerRecord<>(ParkTopic.telemetry(NORTH).name(), "k", new byte[1]))
                      .get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    assertThat(client.get("/api/v1/parks/" + NORTH + "/kafka-credentials"))
        .contains("park.acl-north.mes");

    // A record the gateway's credentials wrote to north's topic that names south's park is
    // dead-lettered, not stored as south's.
    DeviceRef southDevice = new DeviceRef("acl-other", "acl-ghost");
    try (var producer = producer(gateway)) {
      TelemetryRecord forged =
          new TelemetryRecord(
              SOUTH,
              southDevice,
              1,
              Instant.now().minusSeconds(5),
              Instant.now(),
              Map.of("rpm", 1L));
      producer
          .send(
              new ProducerRecord<>(
                  ParkTopic.telemetry(NORTH).name(), southDevice.kafkaKey(), codec.encode(forged)))
          .get(30, TimeUnit.SECONDS);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                    .get("/api/v1/dead-letters?limit=500")
                    .contains(
                        "the value names park '"
                            + SOUTH
                            + "' but the record is on "
                            + ParkTopic.telemetry(NORTH).name()));

    // Revoked, the credential no longer logs in.
    client.delete("/api/v1/parks/" + NORTH + "/kafka-credentials/mes");
    try (Admin admin = Admin.create(integrator.client(Map.of()))) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
    assertThat(client.get("/api/v1/parks/" + NORTH + "/kafka-credentials")).isEqualTo("[]");
  }

  @Test
  void aParkWithKafkaCredentialsIsNotDeletedUntilTheyAreRevoked() throws Exception {
    int platformPort = Ports.free();
    start(
        apps.platform(jar("platform"), platformPort, broker, db, E2e.ADMIN_PASSWORD), platformPort);
    PlatformClient client =
        PlatformClient.login("http://127.0.0.1:" + platformPort, "admin", E2e.ADMIN_PASSWORD);
    client.ensurePark("acl-closing", "ACL closing");
    String path = "/api/v1/parks/acl-closing/kafka-credentials";
    client.post(path, Map.of("name", "bi"));

    assertThatThrownBy(() -> client.delete("/api/v1/parks/acl-closing"))
        .hasMessageContaining("409")
        .hasMessageContaining("1 Kafka credentials");
    client.delete(path + "/bi");
    client.delete("/api/v1/parks/acl-closing");
  }

  @Test
  void anAppWithAWrongKafkaPasswordStartsButIsNeverReady() {
    Map<String, String> env = new HashMap<>(broker.platformEnv());
    env.put("PARKPULSE_PLATFORM_KAFKA_SECURITY_SASL_PASSWORD", "wrong");
    int port = Ports.free();
    running.add(
        apps.platform(
            jar("platform"), port, broker.bootstrapServers(), db, E2e.ADMIN_PASSWORD, env));
    await()
        .during(Duration.ofSeconds(15))
        .atMost(Duration.ofSeconds(20))
        .until(() -> readiness(port) != 200);
  }

  private List<ConsumerRecord<String, byte[]>> readAll(
      KafkaLogin login, String group, String topic) {
    try (var consumer =
        new KafkaConsumer<>(
            login.client(Map.of("group.id", group, "auto.offset.reset", "earliest")),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      return records;
    }
  }

  private static KafkaProducer<String, byte[]> producer(KafkaLogin login) {
    return new KafkaProducer<>(
        login.client(Map.of("acks", "all", "max.block.ms", 20_000)),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private void publish(int mqttPort, String user, String secret, int readings) throws Exception {
    MqttClient device =
        new MqttClient("tcp://127.0.0.1:" + mqttPort, user, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setUserName(user);
    options.setPassword(secret.toCharArray());
    device.connect(options);
    List<Reading> batch = new ArrayList<>();
    for (int seq = 1; seq <= readings; seq++) {
      batch.add(new Reading(seq, Instant.now().minusSeconds(60 - seq), Map.of("power_kw", 4.5)));
    }
    device.publish("telemetry", codec.encodeDevicePayload(batch), 1, false);
    device.disconnect();
    device.close();
  }

  private static JsonNode status(PlatformClient client, String enterprise, String device)
      throws Exception {
    return new ObjectMapper()
        .readTree(
            client.get("/api/v1/enterprises/" + enterprise + "/devices/" + device + "/status"));
  }

  private void start(ManagedProcess app, int httpPort) {
    running.add(app);
    app.awaitHttpOk(Apps.readyUrl(httpPort), START_TIMEOUT);
  }

  private static int readiness(int httpPort) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(Apps.readyUrl(httpPort))).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static Path jar(String app) {
    return Path.of(System.getProperty("parkpulse." + app + ".jar"));
  }
}
