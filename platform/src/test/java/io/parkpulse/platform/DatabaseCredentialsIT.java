package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.ingest.TelemetryIngestor;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The platform logs in to PostgreSQL as a role of its own, whose password is changed while the
 * platform runs: ingest stops without losing or skipping a reading, readiness says why, the cause
 * is logged once and counted, and all resumes when the password is right again.
 */
@QuarkusTest
@WithTestResource(DatabaseCredentialsIT.Resource.class)
class DatabaseCredentialsIT {

  private static final String PARK = "db-refusal";
  private static final String GROUP = "parkpulse-platform-ingest-db-refusal";
  private static final String TELEMETRY = ParkTopic.telemetry(PARK).name();
  private static final Instant T0 = Instant.parse("2026-11-29T03:00:00Z");
  private static final String REFUSED = "PostgreSQL refused the platform's credentials";
  private static final String TEST_DIR = "parkpulse.test.dir";

  private final TelemetryCodec codec = new TelemetryCodec();

  /** The role the platform logs in as, created before the platform starts. */
  public static class Resource implements QuarkusTestResourceLifecycleManager {

    static RefusableRole role;

    @Override
    public Map<String, String> start() {
      // A resource of its own makes Quarkus load this test in a class loader of its own, where
      // devstack's shared broker and server are new ones. Made in a folder of their own, they do
      // not take the folders of the other tests' broker and server, which still run, for leftovers
      // to remove.
      String testDir = System.getProperty(TEST_DIR);
      System.setProperty(
          TEST_DIR, Path.of("target", "database-credentials-it").toAbsolutePath().toString());
      String kafka;
      try {
        role = RefusableRole.create();
        kafka = KafkaBroker.shared().bootstrapServers();
      } finally {
        if (testDir == null) {
          System.clearProperty(TEST_DIR);
        } else {
          System.setProperty(TEST_DIR, testDir);
        }
      }
      return Map.of(
          "parkpulse.platform.kafka.bootstrap-servers",
          kafka,
          "parkpulse.platform.auth.admin-user",
          PlatformTestResource.ADMIN,
          "parkpulse.platform.auth.admin-password",
          PlatformTestResource.ADMIN_PASSWORD,
          "parkpulse.platform.ingest.group-id",
          GROUP,
          "parkpulse.platform.ingest.permanent-error-retry",
          "1S",
          "parkpulse.platform.ingest.max-retry-backoff",
          "2S",
          "quarkus.datasource.jdbc.url",
          role.database().jdbcUrl(),
          "quarkus.datasource.reactive.url",
          role.database().reactiveUrl(),
          "quarkus.datasource.username",
          role.name(),
          "quarkus.datasource.password",
          role.database().password());
    }

    @Override
    public void stop() {
      role.close();
    }
  }

  @Test
  void pausesIngestWhilePostgresRefusesTheCredentialsAndResumesWhenTheyAreRightAgain()
      throws Exception {
    Api admin = Api.admin();
    admin.park(PARK);
    admin.enterprise(PARK, "refused");
    admin.device("refused", "press-01");
    DeviceRef press = new DeviceRef("refused", "press-01");
    produce(press, 1, 5);
    await().atMost(Duration.ofSeconds(30)).until(() -> storedSeqs(admin).size() == 5);
    await().atMost(Duration.ofSeconds(30)).until(() -> committedOffsets() == 5);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

    List<LogRecord> errors = new CopyOnWriteArrayList<>();
    Handler capture = errorsOf(errors);
    Logger ingestLog = Logger.getLogger(TelemetryIngestor.class.getName());
    ingestLog.addHandler(capture);
    RefusableRole role = Resource.role;
    try {
      role.changePassword();
      role.terminateSessions();
      produce(press, 6, 10);

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  given()
                      .get("/q/health/ready")
                      .then()
                      .statusCode(503)
                      .body(containsString(REFUSED + " (user " + role.name() + ")"))
                      .body(containsString("PARKPULSE_DB_PASSWORD")));
      await().atMost(Duration.ofSeconds(30)).until(() -> authenticationFailures() >= 3);
      assertThat(errors)
          .as("the refusal is logged once, not at every retry")
          .singleElement()
          .satisfies(record -> assertThat(text(record)).contains(REFUSED, role.name()));
      assertThat(committedOffsets())
          .as("no offset is committed past the readings stored")
          .isEqualTo(5);
    } finally {
      role.restorePassword();
      ingestLog.removeHandler(capture);
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> storedSeqs(admin).size() == 10);
    assertThat(storedSeqs(admin))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
    await().atMost(Duration.ofSeconds(30)).until(() -> committedOffsets() == 10);
  }

  private static List<Long> storedSeqs(Api admin) {
    return admin
        .request()
        .queryParam("from", "2026-11-29T00:00:00Z")
        .queryParam("to", "2026-11-30T00:00:00Z")
        .get("/api/v1/enterprises/refused/devices/press-01/telemetry")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("readings.seq", Long.class);
  }

  /** The ingest group's committed offsets on the park's telemetry topic, summed. */
  private static long committedOffsets() throws Exception {
    try (Admin kafka = KafkaBroker.shared().admin()) {
      Map<?, OffsetAndMetadata> offsets =
          kafka.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().toString().startsWith(TELEMETRY + "-"))
          .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().offset())
          .sum();
    }
  }

  private static double authenticationFailures() {
    String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return body.lines()
        .filter(line -> line.startsWith("parkpulse_ingest_store_failures_total{"))
        .filter(line -> line.contains("cause=\"authentication\""))
        .filter(line -> line.contains("kind=\"permanent\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static Handler errorsOf(List<LogRecord> into) {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
          into.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  private static String text(LogRecord record) {
    return record.getMessage() + " " + Arrays.toString(record.getParameters());
  }

  private void produce(DeviceRef device, long fromSeq, long toSeq) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (long seq = fromSeq; seq <= toSeq; seq++) {
        TelemetryRecord record =
            new TelemetryRecord(
                PARK,
                device,
                seq,
                T0.plusSeconds(seq),
                T0.plusSeconds(seq).plusMillis(50),
                Map.of("good", seq));
        producer
            .send(new ProducerRecord<>(TELEMETRY, device.kafkaKey(), codec.encode(record)))
            .get();
      }
    }
  }
}
