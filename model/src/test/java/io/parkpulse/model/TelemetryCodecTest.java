package io.parkpulse.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryCodecTest {

  private static final JsonSchema DEVICE_SCHEMA = Schemas.load("device-telemetry.v1.json");
  private static final JsonSchema RECORD_SCHEMA = Schemas.load("telemetry-record.v1.json");

  private final TelemetryCodec codec = new TelemetryCodec();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void decodesTheContractExample() throws Exception {
    byte[] payload =
        """
        {"seq": 1042, "ts": "2026-11-29T03:00:00.123Z",
         "metrics": {"spindle_rpm": 1200, "power_kw": 3.2, "state": "RUNNING", "alarm": false}}
        """
            .getBytes(UTF_8);

    List<Reading> readings = codec.decodeDevicePayload(payload);

    assertThat(readings).hasSize(1);
    Reading r = readings.get(0);
    assertThat(r.seq()).isEqualTo(1042);
    assertThat(r.ts()).isEqualTo(Instant.parse("2026-11-29T03:00:00.123Z"));
    assertThat(r.metrics())
        .containsEntry("spindle_rpm", 1200L)
        .containsEntry("power_kw", 3.2)
        .containsEntry("state", "RUNNING")
        .containsEntry("alarm", false);
    assertThat(DEVICE_SCHEMA.validate(mapper.readTree(payload))).isEmpty();
  }

  @Test
  void roundTripsABatchAsTheAgentSendsIt() throws Exception {
    List<Reading> batch =
        List.of(
            new Reading(1, Instant.parse("2026-11-29T03:00:00Z"), Map.of("good", 10L)),
            new Reading(2, Instant.parse("2026-11-29T03:00:01Z"), Map.of("good", 11L)));

    byte[] payload = codec.encodeDevicePayload(batch);

    assertThat(codec.decodeDevicePayload(payload)).isEqualTo(batch);
    assertThat(DEVICE_SCHEMA.validate(mapper.readTree(payload))).isEmpty();
  }

  @Test
  void roundTripsATelemetryRecordThatMatchesItsSchema() throws Exception {
    TelemetryRecord record =
        new TelemetryRecord(
            "north-park",
            new DeviceRef("acme", "press-01"),
            7,
            Instant.parse("2026-11-29T03:00:00.123Z"),
            Instant.parse("2026-11-29T03:00:00.456Z"),
            Map.of("power_kw", 3.25, "state", "IDLE"));

    byte[] value = codec.encode(record);

    assertThat(codec.decode(value)).isEqualTo(record);
    assertThat(RECORD_SCHEMA.validate(mapper.readTree(value))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "42",
        "{\"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}",
        "{\"seq\": -1, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}",
        "{\"seq\": 1.5, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}",
        "{\"seq\": 1, \"ts\": \"yesterday\", \"metrics\": {\"a\": 1}}",
        "{\"seq\": 1, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {}}",
        "{\"seq\": 1, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": null}}",
        "{\"seq\": 1, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": {\"b\": 1}}}",
        "{\"seq\": 1, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"bad name\": 1}}",
        "[{\"seq\": 1, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}, 3]"
      })
  void rejectsPayloadsThatBreakTheContract(String payload) {
    assertThatThrownBy(() -> codec.decodeDevicePayload(payload.getBytes(UTF_8)))
        .isInstanceOf(InvalidPayloadException.class)
        .message()
        .isNotBlank();
  }

  @Test
  void schemaRejectsWhatTheCodecRejects() throws Exception {
    JsonNode noSeq = mapper.readTree("{\"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": 1}}");
    JsonNode nested =
        mapper.readTree("{\"seq\": 1, \"ts\": \"2026-11-29T03:00:00Z\", \"metrics\": {\"a\": []}}");
    assertThat(DEVICE_SCHEMA.validate(noSeq)).isNotEmpty();
    assertThat(DEVICE_SCHEMA.validate(nested)).isNotEmpty();
  }

  @Test
  void rejectsTooManyReadingsInOneMessage() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i <= TelemetryCodec.MAX_READINGS_PER_MESSAGE; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"seq\":")
          .append(i)
          .append(",\"ts\":\"2026-11-29T03:00:00Z\",\"metrics\":{\"a\":1}}");
    }
    json.append("]");

    assertThatThrownBy(() -> codec.decodeDevicePayload(json.toString().getBytes(UTF_8)))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("at most 1000");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "{\"park\": \"p\", \"enterprise\": \"e\", \"device\": \"d\", \"seq\": 1,"
            + " \"ts\": \"2026-11-29T03:00:00Z\", \"receivedAt\": \"2026-11-29T03:00:01Z\"}",
        "{\"park\": \"p\", \"enterprise\": \"e\", \"device\": \"d\", \"seq\": -1,"
            + " \"ts\": \"2026-11-29T03:00:00Z\", \"receivedAt\": \"2026-11-29T03:00:01Z\","
            + " \"metrics\": {\"a\": 1}}",
        "{\"park\": \"p\", \"enterprise\": \"e\", \"device\": 5, \"seq\": 1,"
            + " \"ts\": \"2026-11-29T03:00:00Z\", \"receivedAt\": \"2026-11-29T03:00:01Z\","
            + " \"metrics\": {\"a\": 1}}",
        "{\"park\": \"p\", \"enterprise\": \"e\", \"device\": \"d\", \"seq\": 1,"
            + " \"ts\": \"2026-02-30T03:00:00Z\", \"receivedAt\": \"2026-11-29T03:00:01Z\","
            + " \"metrics\": {\"a\": 1}}",
        "{\"park\": \"p\", \"enterprise\": \"e\", \"device\": \"d\", \"seq\": 1,"
            + " \"ts\": \"2026-11-29T03:00:00Z\", \"receivedAt\": \"2026-11-29T03:00:01Z\","
            + " \"metrics\": {\"a\": [1]}}",
        "{\"park\": \"p\", \"enterprise\": \"e\", \"device\": \"d\", \"seq\": 1,"
            + " \"ts\": \"2026-11-29T03:00:00Z\", \"receivedAt\": \"2026-11-29T03:00:01Z\","
            + " \"metrics\": {\"a\": \"nul\\u0000\"}}",
        "{\"park\": \"p\", \"enterprise\": \"e\", \"device\": \"d\", \"seq\": 1,"
            + " \"ts\": \"2026-11-29T03:00:00Z\", \"receivedAt\": \"2026-11-29T03:00:01Z\","
            + " \"metrics\": {\"a\": \"half \\ud800 pair\"}}",
        "{\"park\": \"p\", \"enterprise\": \"e\", \"device\": \"d\", \"seq\": 1,"
            + " \"ts\": \"2026-11-29T03:00:00Z\", \"receivedAt\": \"2026-11-29T03:00:01Z\","
            + " \"metrics\": {\"a\": 1e400}}",
        "{\"park\": \"p\", \"enterprise\": \"e\", \"device\": \"d\", \"seq\": 1,"
            + " \"ts\": \"2026-11-29T03:00:00Z\", \"receivedAt\": \"2026-11-29T03:00:01Z\","
            + " \"metrics\": {\"a\": 1}} trailing"
      })
  void rejectsRecordsThatBreakTheContract(String value) {
    assertThatThrownBy(() -> codec.decodeKeepingMetrics(value.getBytes(UTF_8)))
        .isInstanceOf(InvalidPayloadException.class)
        .message()
        .isNotBlank();
  }

  @Test
  void keepsTheMetricsJsonAsItCameAndIgnoresUnknownFields() throws Exception {
    String metrics =
        "{ \"state\" : \"RUNNING\", \"good\": 12, \"kw\": 3.50, \"on\": true,"
            + " \"label\": \"\\u00e9t\u00e9 \\\"quoted\\\"\" }";
    String value =
        "{\"extra\": {\"nested\": [1, 2]}, \"park\": \"north-park\", \"enterprise\": \"acme\","
            + " \"device\": \"press-01\", \"seq\": 9, \"ts\": \"2026-11-29T03:00:00.5Z\","
            + " \"receivedAt\": \"2026-11-29T11:00:01+08:00\", \"metrics\": "
            + metrics
            + "}";

    TelemetryCodec.Decoded decoded = codec.decodeKeepingMetrics(value.getBytes(UTF_8));

    assertThat(new String(decoded.metricsJson(), UTF_8)).isEqualTo(metrics);
    assertThat(decoded.record().metrics())
        .containsEntry("state", "RUNNING")
        .containsEntry("good", 12L)
        .containsEntry("kw", 3.5)
        .containsEntry("on", true)
        .containsEntry("label", "\u00e9t\u00e9 \"quoted\"");
    assertThat(decoded.record().receivedAt()).isEqualTo(Instant.parse("2026-11-29T03:00:01Z"));
    assertThat(decoded.record().ts()).isEqualTo(Instant.parse("2026-11-29T03:00:00.5Z"));
    assertThat(codec.decode(codec.encode(decoded.record()))).isEqualTo(decoded.record());
  }
}
