package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class TelemetryIngestIT {

  private static final String TELEMETRY = ParkTopic.telemetry(PlatformTestResource.PARK).name();
  private static final Instant T0 = Instant.parse("2026-11-29T03:00:00Z");

  private final TelemetryCodec codec = new TelemetryCodec();

  @Inject DataSource dataSource;

  private static Api admin;

  @BeforeEach
  void provisionOnce() {
    if (admin == null) {
      admin = Api.admin();
      admin.park(PlatformTestResource.PARK);
      admin.enterprise(PlatformTestResource.PARK, "acme");
      for (String device : List.of("press-01", "oven-02", "mixer-03", "forger-01")) {
        admin.device("acme", device);
      }
    }
  }

  @Test
  void storesEveryReadingOnceAndServesItByDeviceAndTime() throws Exception {
    DeviceRef press = new DeviceRef("acme", "press-01");
    List<byte[]> values = new ArrayList<>();
    for (int seq = 1; seq <= 20; seq++) {
      values.add(codec.encode(record(press, seq, Map.of("good", (long) seq, "state", "RUNNING"))));
    }
    values.add(values.get(4)); // a redelivered reading
    produce(press.kafkaKey(), values);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> telemetry("acme", "press-01").getInt("count") == 20);

    JsonPath page = telemetry("acme", "press-01");
    assertThat(page.getList("readings.seq", Long.class))
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
    assertThat(page.getString("readings[0].metrics.state")).isEqualTo("RUNNING");
    assertThat(page.getLong("readings[19].metrics.good")).isEqualTo(20L);

    // Pages of 7 follow each other through the cursor and hold every reading once.
    List<Long> paged = new ArrayList<>();
    String after = null;
    do {
      var request =
          admin
              .request()
              .queryParam("from", "2026-11-29T00:00:00Z")
              .queryParam("to", "2026-11-30T00:00:00Z")
              .queryParam("limit", 7)
              .queryParam("points", "good");
      if (after != null) {
        request.queryParam("after", after);
      }
      JsonPath p =
          request
              .get("/api/v1/enterprises/acme/devices/press-01/telemetry")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      paged.addAll(p.getList("readings.seq", Long.class));
      assertThat(p.getMap("readings[0].metrics")).containsOnlyKeys("good");
      after = p.getString("next");
    } while (after != null);
    assertThat(paged)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());

    String csv =
        admin
            .request()
            .accept("text/csv")
            .queryParam("from", "2026-11-29T00:00:00Z")
            .queryParam("to", "2026-11-30T00:00:00Z")
            .get("/api/v1/enterprises/acme/devices/press-01/telemetry")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(csv.lines().findFirst()).contains("ts,seq,received_at,good,state");
    assertThat(csv.lines().count()).isEqualTo(21);
    assertThat(csv.lines().skip(1).findFirst().orElseThrow())
        .isEqualTo("2026-11-29T03:00:01Z,1,2026-11-29T03:00:01.050Z,1,RUNNING");
  }

  @Test
  void deadLettersARecordThatIsNotTelemetryAndKeepsIngesting() throws Exception {
    DeviceRef oven = new DeviceRef("acme", "oven-02");
    produce(
        oven.kafkaKey(),
        List.of(
            "not a telemetry record".getBytes(UTF_8),
            // Valid JSON, but text PostgreSQL cannot store: it must not stall the batch there.
            codec.encode(record(oven, 1, Map.of("label", "tray\u0000"))),
            codec.encode(record(oven, 2, Map.of("temp_c", 180.5)))));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> telemetry("acme", "oven-02").getInt("count") == 1);
    List<ConsumerRecord<String, byte[]>> dead =
        TopicReader.readAll(ParkTopic.deadLetter("parkpulse"), oven.kafkaKey());
    assertThat(dead).hasSize(2);
    assertThat(new String(dead.get(0).value(), UTF_8)).isEqualTo("not a telemetry record");
    assertThat(new String(dead.get(0).headers().lastHeader(DeadLetter.REASON).value(), UTF_8))
        .contains("not valid JSON");
    assertThat(new String(dead.get(1).headers().lastHeader(DeadLetter.REASON).value(), UTF_8))
        .contains("metrics.label holds a NUL character");
    JsonPath inspected =
        admin.request().get("/api/v1/dead-letters").then().statusCode(200).extract().jsonPath();
    assertThat(inspected.getList("findAll { it.key == 'acme/oven-02' }.reason", String.class))
        .hasSize(2)
        .anySatisfy(reason -> assertThat(reason).contains("not valid JSON"))
        .anySatisfy(reason -> assertThat(reason).contains("NUL character"));
  }

  @Test
  void deadLettersARecordWhoseValueDisagreesWithItsTopicOrKey() throws Exception {
    // Someone who can write the park's topic, but is not the gateway: a value naming another park,
    // and a value naming another device than the key.
    DeviceRef forger = new DeviceRef("acme", "forger-01");
    DeviceRef victim = new DeviceRef("other-ent", "victim-01");
    TelemetryRecord otherPark =
        new TelemetryRecord(
            "someone-elses-park", forger, 1, T0, T0.plusMillis(5), Map.of("rpm", 1L));
    produce(
        forger.kafkaKey(),
        List.of(
            codec.encode(otherPark),
            codec.encode(record(victim, 1, Map.of("rpm", 2L))),
            codec.encode(record(forger, 2, Map.of("rpm", 3L)))));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> telemetry("acme", "forger-01").getInt("count") == 1);
    List<ConsumerRecord<String, byte[]>> dead =
        TopicReader.readAll(ParkTopic.deadLetter("parkpulse"), forger.kafkaKey());
    assertThat(dead)
        .extracting(r -> new String(r.headers().lastHeader(DeadLetter.REASON).value(), UTF_8))
        .containsExactly(
            "the value names park 'someone-elses-park' but the record is on " + TELEMETRY,
            "the value names device 'other-ent/victim-01' but the record's key is 'acme/forger-01'");
    assertThat(telemetry("acme", "forger-01").getList("readings.seq", Long.class))
        .containsExactly(2L);
  }

  @Test
  void theDeadLetterListKeepsTheNewestOfLargeRecordsAndCutsTheirValues() throws Exception {
    // 12 rejected records of 200 KiB each, dated half an hour ahead (Kafka takes up to an hour) so
    // that they are the newest: the
    // reader passes them through one at a time and keeps the newest three, each value cut to 4096
    // characters.
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < 12; i++) {
        byte[] value = ("big-" + i + " ").repeat(200 * 1024 / 8).getBytes(UTF_8);
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(
                ParkTopic.deadLetter("parkpulse"),
                null,
                System.currentTimeMillis() + 1_800_000L + i,
                "acme/dlq-big-01",
                value);
        record.headers().add(DeadLetter.REASON, ("too big " + i).getBytes(UTF_8));
        producer.send(record).get();
      }
    }

    JsonPath newest =
        admin
            .request()
            .queryParam("limit", 3)
            .get("/api/v1/dead-letters")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(newest.getList("reason", String.class))
        .containsExactly("too big 11", "too big 10", "too big 9");
    assertThat(newest.getList("value", String.class))
        .allSatisfy(v -> assertThat(v).hasSize(4096).startsWith("big-"));
  }

  @Test
  void keepsRetryingWhilePostgresRefusesTheBatchAndLosesNothing() throws Exception {
    DeviceRef mixer = new DeviceRef("acme", "mixer-03");
    try (Connection c = dataSource.getConnection();
        Statement sql = c.createStatement()) {
      sql.execute("ALTER TABLE telemetry RENAME TO telemetry_unavailable");
      try {
        List<byte[]> values = new ArrayList<>();
        for (int seq = 1; seq <= 10; seq++) {
          values.add(codec.encode(record(mixer, seq, Map.of("rpm", 100L + seq))));
        }
        produce(mixer.kafkaKey(), values);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> metric("parkpulse_ingest_store_failures_total") > 0);
      } finally {
        sql.execute("ALTER TABLE telemetry_unavailable RENAME TO telemetry");
      }
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> telemetry("acme", "mixer-03").getInt("count") == 10);
    assertThat(telemetry("acme", "mixer-03").getList("readings.seq", Long.class))
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 10).boxed().toList());
  }

  @Test
  void answers400NamingTheParameterAtFault() {
    admin
        .request()
        .queryParam("from", "yesterday")
        .get("/api/v1/enterprises/acme/devices/press-01/telemetry")
        .then()
        .statusCode(400)
        .body("field", equalTo("from"))
        .body("message", containsString("ISO-8601"));
    admin
        .request()
        .get("/api/v1/enterprises/ACME!/devices/press-01/telemetry")
        .then()
        .statusCode(400)
        .body("field", equalTo("enterprise"));
  }

  @Test
  void isReadyOnceIngestRunsAndNotWhileKafkaIsDown() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    KafkaBroker broker = KafkaBroker.shared();
    broker.halt();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  given()
                      .get("/q/health/ready")
                      .then()
                      .statusCode(503)
                      .body(containsString("\"kafka\"")));
    } finally {
      broker.resume();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
  }

  @Test
  void exportsTheIngestConsumersKafkaMetricsAndTheTelemetrySize() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                    .containsPattern(
                        "kafka_consumer_fetch_manager_records_lag_max\\{[^}]*"
                            + "client_id=\"parkpulse-platform-ingest-0\"")
                    .contains("parkpulse_platform_telemetry_bytes"));
  }

  private static double metric(String name) {
    String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
    return body.lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static JsonPath telemetry(String enterprise, String device) {
    return admin
        .request()
        .queryParam("from", "2026-11-29T00:00:00Z")
        .queryParam("to", "2026-11-30T00:00:00Z")
        .get("/api/v1/enterprises/{e}/devices/{d}/telemetry", enterprise, device)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static TelemetryRecord record(DeviceRef device, long seq, Map<String, Object> metrics) {
    return new TelemetryRecord(
        PlatformTestResource.PARK,
        device,
        seq,
        T0.plusSeconds(seq),
        T0.plusSeconds(seq).plusMillis(50),
        metrics);
  }

  private static void produce(String key, List<byte[]> values) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(TELEMETRY, key, value)).get();
      }
    }
  }
}
