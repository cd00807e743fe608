package io.parkpulse.platform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.CommandRequestCodec;
import io.parkpulse.model.CommandResponse;
import io.parkpulse.model.CommandResponseCodec;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST …/devices/{d}/commands} against the real broker, with the test in the gateway's
 * place: it reads the command from the park's commands topic and writes the device's answer to
 * command-responses.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class CommandsIT {

  private static final String PARK = "cmd-park";
  private static final String PATH = "/api/v1/enterprises/{e}/devices/{d}/commands";
  private static final DeviceRef DEVICE = new DeviceRef("cmd-ent", "cmd-dev");
  private static Api admin;

  @Inject MeterRegistry meters;

  @BeforeEach
  void setUpOnce() {
    if (admin != null) {
      return;
    }
    admin = Api.admin();
    admin.park(PARK);
    admin.enterprise(PARK, "cmd-ent");
    admin.enterprise(PARK, "cmd-other");
    admin.device("cmd-ent", "cmd-dev");
    admin.device("cmd-other", "cmd-dev-2");
  }

  @Test
  void answersWithWhatTheDeviceAnswered() throws Exception {
    try (KafkaConsumer<String, byte[]> gateway =
        TopicReader.atEnd(topic(ParkTopic.Kind.COMMANDS))) {
      CompletableFuture<Response> call =
          CompletableFuture.supplyAsync(
              () ->
                  admin
                      .request()
                      .body(
                          Map.of(
                              "name",
                              "status",
                              "payload",
                              Map.of("verbose", true),
                              "timeoutSeconds",
                              20))
                      .post(PATH, DEVICE.enterprise(), DEVICE.device()));

      ConsumerRecord<String, byte[]> record = next(gateway, DEVICE.kafkaKey());
      CommandRequest request = new CommandRequestCodec().decode(record.value());
      assertThat(request.name()).isEqualTo("status");
      assertThat(request.device()).isEqualTo(DEVICE);
      assertThat(request.park()).isEqualTo(PARK);
      assertThat(new ObjectMapper().readTree(request.payload()))
          .isEqualTo(new ObjectMapper().readTree("{\"verbose\":true}"));
      assertThat(request.expiresAt())
          .isBetween(Instant.now().plusSeconds(10), Instant.now().plusSeconds(21));
      assertThat(new String(record.headers().lastHeader(CloudEvents.TYPE).value(), UTF_8))
          .isEqualTo(CloudEvents.COMMAND_REQUEST_TYPE);

      // An answer to this request id from another device completes nothing.
      double mismatched = counter("parkpulse.platform.commands.mismatched-responses");
      answer(
          new CommandResponse(
              PARK,
              new DeviceRef("cmd-other", "cmd-dev-2"),
              request.requestId(),
              500,
              "\"not yours\"",
              Instant.now()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> counter("parkpulse.platform.commands.mismatched-responses") > mismatched);
      assertThat(call).isNotDone();
      answer(
          new CommandResponse(
              PARK,
              DEVICE,
              request.requestId(),
              200,
              "{\"machines\":{\"press-01\":{\"ok\":true}}}",
              Instant.now()));

      Response response = call.get(30, TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
      JsonPath body = response.jsonPath();
      assertThat(body.getString("requestId")).isEqualTo(request.requestId());
      assertThat(body.getInt("status")).isEqualTo(200);
      assertThat(body.getBoolean("payload.machines.press-01.ok")).isTrue();
    }
  }

  @Test
  void answers504WhenTheDeviceDoesNotAnswerInTime() {
    long start = System.nanoTime();

    admin
        .request()
        .body(Map.of("name", "reload", "timeoutSeconds", 1))
        .post(PATH, DEVICE.enterprise(), DEVICE.device())
        .then()
        .statusCode(504)
        .body("error", containsString("did not answer within 1 s"));

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
  }

  @Test
  void theDevicesManagersMayCommandItViewersMayNotOthersDoNotSeeIt() {
    Api viewer = admin.user("cmd-viewer", "enterprise-viewer", null, "cmd-ent");
    Api entAdmin = admin.user("cmd-admin", "enterprise-admin", null, "cmd-ent");
    Api otherAdmin = admin.user("cmd-other-admin", "enterprise-admin", null, "cmd-other");
    Map<String, Object> quick = Map.of("name", "status", "timeoutSeconds", 1);

    viewer.request().body(quick).post(PATH, "cmd-ent", "cmd-dev").then().statusCode(403);
    otherAdmin.request().body(quick).post(PATH, "cmd-ent", "cmd-dev").then().statusCode(404);
    otherAdmin.request().body(quick).post(PATH, "cmd-other", "cmd-dev").then().statusCode(404);
    // Allowed: nobody answers, so it waits out its timeout.
    entAdmin.request().body(quick).post(PATH, "cmd-ent", "cmd-dev").then().statusCode(504);

    List<String> actions =
        admin
            .request()
            .get("/api/v1/audit?enterprise=cmd-ent")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("findAll { it.actor == 'cmd-admin' }.action");
    assertThat(actions).containsExactly("device.command");
  }

  @Test
  void refusesABadNameTimeoutOrBody() {
    for (Map<String, Object> body :
        List.<Map<String, Object>>of(
            Map.of("name", "Set Interval"),
            Map.of("name", "status/x"),
            Map.of("payload", Map.of()),
            Map.of("name", "status", "timeoutSeconds", 0),
            Map.of("name", "status", "timeoutSeconds", 61))) {
      admin
          .request()
          .body(body)
          .post(PATH, DEVICE.enterprise(), DEVICE.device())
          .then()
          .statusCode(400);
    }
  }

  private double counter(String name) {
    Counter counter = meters.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  private static String topic(ParkTopic.Kind kind) {
    return new ParkTopic("parkpulse", PARK, kind).name();
  }

  private static ConsumerRecord<String, byte[]> next(
      KafkaConsumer<String, byte[]> consumer, String key) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (key.equals(record.key())) {
          return record;
        }
      }
    }
    throw new AssertionError("no command for " + key + " within 30 s");
  }

  /** Writes {@code response} as the gateway does. */
  private static void answer(CommandResponse response) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topic(ParkTopic.Kind.COMMAND_RESPONSES),
                  response.device().kafkaKey(),
                  new CommandResponseCodec().encode(response)))
          .get(30, TimeUnit.SECONDS);
    }
  }
}
