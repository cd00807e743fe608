package io.parkpulse.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.TopicReader;
import io.parkpulse.model.AlarmChange;
import io.parkpulse.model.AlarmCodec;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import io.parkpulse.platform.alarms.AlarmEvents;
import io.parkpulse.platform.alarms.ingest.AlarmStore;
import io.parkpulse.platform.alarms.ingest.RuleEngine;
import io.parkpulse.platform.alarms.rules.RuleState.Change;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Rules evaluated as readings are ingested: from a reading on the telemetry topic to the open
 * alarm, and its record on {@code alarms.v1}; the {@code when} form of a rule; an enterprise's cap
 * of open alarms.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class AlarmIngestIT {

  private static final String PARK = "ruling-park";

  @Inject DataSource dataSource;
  @Inject RuleEngine rules;
  @Inject AlarmEvents events;

  private final TelemetryCodec codec = new TelemetryCodec();
  private final AlarmCodec alarms = new AlarmCodec();

  @Test
  void aReadingOnTheTelemetryTopicOpensItsAlarmWithinTwoSecondsAndIsOnAlarmsV1() throws Exception {
    Api admin = Api.admin();
    admin.park(PARK);
    admin.enterprise(PARK, "ruling-co");
    admin.device("ruling-co", "ruling-kiln");
    Map<String, Object> rule = rule("ruling-kiln-hot");
    rule.put("enterprise", "ruling-co");
    rule.put("device", "ruling-kiln");
    rule.put("when", Map.of("point", "temp", "above", 80, "clear", 75));
    admin
        .request()
        .body(rule)
        .post("/api/v1/alarm-rules")
        .then()
        .statusCode(201)
        .body("when.clear", equalTo(75))
        .body("device", equalTo("ruling-kiln"));
    rules.reloadRules();

    DeviceRef kiln = new DeviceRef("ruling-co", "ruling-kiln");
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers", KafkaBroker.shared().bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      // Until the ingest reads the new park's topic, readings wait there: one below the
      // threshold first, stored once the ingest consumes it.
      send(producer, kiln, 1, 70.0);
      await().atMost(Duration.ofSeconds(60)).until(() -> stored(kiln) == 1);

      Instant sent = Instant.now();
      send(producer, kiln, 2, 91.0);
      Map<String, Object> alarm =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> alarmOf(admin, "ruling-kiln-hot"), a -> a != null);
      Duration latency = Duration.between(sent, Instant.parse((String) alarm.get("openedAt")));
      assertThat(latency)
          .as("from the reading sent to the alarm opened")
          .isLessThan(Duration.ofSeconds(2));
      assertThat(alarm).containsEntry("value", "91.0").containsEntry("point", "temp");

      // Between the levels: still raised; below the clear level: cleared.
      send(producer, kiln, 3, 77.0);
      send(producer, kiln, 4, 74.0);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> alarmOf(admin, "ruling-kiln-hot").get("clearedAt") != null);
      assertThat(alarmOf(admin, "ruling-kiln-hot")).containsEntry("transitions", 2);
    }

    List<String> changes = new ArrayList<>();
    for (var record :
        TopicReader.readAll(
            new ParkTopic("parkpulse", PARK, ParkTopic.Kind.ALARMS).name(), kiln.kafkaKey())) {
      AlarmChange c = alarms.decode(record.value());
      changes.add(c.change() + " " + c.value() + " " + c.severity());
    }
    assertThat(changes).containsExactly("raised 91.0 critical", "cleared 74.0 critical");
  }

  @Test
  void aWhenTreeIsCheckedFieldByFieldAndTheFirstFormStillWorks() {
    Api admin = Api.admin();
    admin.park("ruling-forms");
    admin.enterprise("ruling-forms", "ruling-forms-co");
    Map<String, Object> bad = rule("ruling-bad");
    bad.put("park", "ruling-forms");
    bad.put(
        "when",
        Map.of("all", List.of(Map.of("point", "temp", "above", 80), Map.of("point", "state"))));
    admin
        .request()
        .body(bad)
        .post("/api/v1/alarm-rules")
        .then()
        .statusCode(400)
        .body(containsString("when.all[1]"))
        .body(containsString("exactly one of above, below, equals or rate"));
    bad.put("when", Map.of("point", "temp", "above", 80));
    bad.put("condition", "above");
    admin
        .request()
        .body(bad)
        .post("/api/v1/alarm-rules")
        .then()
        .statusCode(400)
        .body(containsString("condition"));
    Map<String, Object> first = rule("ruling-first");
    first.put("park", "ruling-forms");
    first.put("pointKind", "temperature.c");
    first.put("condition", "above");
    first.put("threshold", 80.0);
    admin
        .request()
        .body(first)
        .post("/api/v1/alarm-rules")
        .then()
        .statusCode(201)
        .body("condition", equalTo("above"))
        .body("when", org.hamcrest.Matchers.nullValue());
    Map<String, Object> otherDevice = rule("ruling-other");
    otherDevice.put("enterprise", "ruling-forms-co");
    otherDevice.put("device", "no-such-device");
    otherDevice.put("when", Map.of("silentSeconds", 600));
    admin
        .request()
        .body(otherDevice)
        .post("/api/v1/alarm-rules")
        .then()
        .statusCode(400)
        .body(containsString("is not a device of enterprise 'ruling-forms-co'"));
  }

  @Test
  void beyondItsCapAnEnterpriseGetsOneSummaryAlarmCountingWhatWasKeptOut() throws Exception {
    Api admin = Api.admin();
    admin.park("ruling-cap");
    admin.enterprise("ruling-cap", "ruling-cap-co");
    for (String d : List.of("ruling-cap-1", "ruling-cap-2", "ruling-cap-3")) {
      admin.device("ruling-cap-co", d);
    }
    Map<String, Object> r = rule("ruling-cap-rule");
    r.put("enterprise", "ruling-cap-co");
    r.put("when", Map.of("point", "temp", "above", 80));
    admin.request().body(r).post("/api/v1/alarm-rules").then().statusCode(201);

    // A store with a cap of 1, on the real database and Kafka.
    AlarmStore store =
        new AlarmStore(dataSource, events, 1, Clock.systemUTC(), new SimpleMeterRegistry());
    AlarmStore.Rule rule = new AlarmStore.Rule("ruling-cap-rule", "ruling-cap", "warning", 600);
    AlarmStore.Outcome first = raise(store, rule, "ruling-cap-1");
    AlarmStore.Outcome second = raise(store, rule, "ruling-cap-2");
    AlarmStore.Outcome third = raise(store, rule, "ruling-cap-3");
    assertThat(first.alarm()).isNotNull();
    assertThat(second.capped()).isTrue();
    assertThat(third.capped()).isTrue();
    // The second device's condition clears: a suppressed change too.
    store.apply(
        rule,
        new DeviceRef("ruling-cap-co", "ruling-cap-2"),
        null,
        true,
        Change.CLEARED,
        "temp",
        "70.0",
        false,
        false);

    List<Map<String, Object>> open =
        admin
            .request()
            .queryParam("enterprise", "ruling-cap-co")
            .get("/api/v1/alarms")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("");
    assertThat(open).hasSize(2);
    Map<String, Object> summary =
        open.stream().filter(a -> Boolean.TRUE.equals(a.get("summary"))).findFirst().orElseThrow();
    assertThat(summary).containsEntry("suppressed", 3).containsEntry("rule", null);
    assertThat(summary.get("device")).isNull();

    // The topic's keys name a device: the summary alarm, which has none, is not written there.
    List<String> keys = new ArrayList<>();
    for (var record :
        TopicReader.readAll(
            new ParkTopic("parkpulse", "ruling-cap", ParkTopic.Kind.ALARMS).name(), null)) {
      AlarmChange c = alarms.decode(record.value());
      keys.add(record.key() + " " + c.change() + " " + c.summary());
    }
    assertThat(keys).isNotEmpty().noneMatch(k -> k.endsWith(" true") || k.contains("/ "));
  }

  private static AlarmStore.Outcome raise(AlarmStore store, AlarmStore.Rule rule, String device)
      throws Exception {
    return store.apply(
        rule,
        new DeviceRef("ruling-cap-co", device),
        null,
        false,
        Change.RAISED,
        "temp",
        "90.0",
        false,
        false);
  }

  private void send(KafkaProducer<String, byte[]> producer, DeviceRef device, long seq, double temp)
      throws Exception {
    Instant now = Instant.now();
    TelemetryRecord r = new TelemetryRecord(PARK, device, seq, now, now, Map.of("temp", temp));
    producer
        .send(
            new ProducerRecord<>(
                ParkTopic.telemetry(PARK).name(), device.kafkaKey(), codec.encode(r)))
        .get();
  }

  private int stored(DeviceRef device) throws Exception {
    try (var c = dataSource.getConnection();
        var q =
            c.prepareStatement("SELECT count(*) FROM telemetry WHERE park = ? AND device = ?")) {
      q.setString(1, PARK);
      q.setString(2, device.device());
      try (var rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static Map<String, Object> alarmOf(Api admin, String rule) {
    return admin
        .request()
        .get("/api/v1/alarms")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .<Map<String, Object>>getList("")
        .stream()
        .filter(a -> rule.equals(a.get("rule")))
        .findFirst()
        .orElse(null);
  }

  private static Map<String, Object> rule(String id) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", id);
    body.put("name", id);
    body.put("forSeconds", 0);
    body.put("severity", "critical");
    body.put("slaSeconds", 600);
    return body;
  }
}
