package io.parkpulse.gateway.sparkplug;

import static io.parkpulse.gateway.sparkplug.SparkplugBytes.aliased;
import static io.parkpulse.gateway.sparkplug.SparkplugBytes.message;
import static io.parkpulse.gateway.sparkplug.SparkplugBytes.metric;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.model.InvalidPayloadException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkplugDecoderTest {

  private final SparkplugDecoder decoder = new SparkplugDecoder();

  @Test
  void readsThePayloadsTimestampSeqAndEachMetricsNameAliasAndTimestamp() throws Exception {
    byte[] bytes =
        message()
            .timestamp(1_764_385_200_000L)
            .add(
                metric("Motor 1/RPM", 7, SparkplugValues.DOUBLE)
                    .at(1_764_385_199_500L)
                    .doubleValue(1200.5))
            .add(aliased(7).doubleValue(1201))
            .seq(17)
            .toBytes();

    SparkplugPayload payload = decoder.decode(bytes);

    assertThat(payload.timestamp()).isEqualTo(1_764_385_200_000L);
    assertThat(payload.seq()).isEqualTo(17);
    assertThat(payload.metrics()).hasSize(2);
    SparkplugMetric first = payload.metrics().get(0);
    assertThat(first.name()).isEqualTo("Motor 1/RPM");
    assertThat(first.alias()).isEqualTo(7);
    assertThat(first.timestamp()).isEqualTo(1_764_385_199_500L);
    assertThat(first.datatype()).isEqualTo(SparkplugValues.DOUBLE);
    assertThat(first.raw()).isEqualTo(1200.5);
    SparkplugMetric second = payload.metrics().get(1);
    assertThat(second.name()).isNull();
    assertThat(second.alias()).isEqualTo(7);
    assertThat(second.timestamp()).isNull();
    assertThat(second.datatype()).isNull();
  }

  @Test
  void mapsEveryScalarDatatypeWithTheSignItsDatatypeGives() throws Exception {
    Map<String, SparkplugBytes> metrics = new LinkedHashMap<>();
    // Signed small integers travel as the two's complement bits of a uint32: sign-extended.
    metrics.put("int8", metric("int8", 1, SparkplugValues.INT8).intValue(-5));
    metrics.put("int8-byte", metric("int8-byte", 2, SparkplugValues.INT8).intValue(0xFB));
    metrics.put("int16", metric("int16", 3, SparkplugValues.INT16).intValue(-300));
    metrics.put("int32", metric("int32", 4, SparkplugValues.INT32).intValue(-70_000));
    metrics.put(
        "int32-min", metric("int32-min", 5, SparkplugValues.INT32).intValue(Integer.MIN_VALUE));
    metrics.put("int64", metric("int64", 6, SparkplugValues.INT64).longValue(-9_000_000_000L));
    metrics.put("uint8", metric("uint8", 7, SparkplugValues.UINT8).intValue(200));
    metrics.put("uint16", metric("uint16", 8, SparkplugValues.UINT16).intValue(60_000));
    metrics.put("uint32", metric("uint32", 9, SparkplugValues.UINT32).intValue(0xFFFF_FFF0));
    metrics.put("uint64", metric("uint64", 10, SparkplugValues.UINT64).longValue(42));
    metrics.put("uint64-top", metric("uint64-top", 11, SparkplugValues.UINT64).longValue(-1L));
    metrics.put("float", metric("float", 12, SparkplugValues.FLOAT).floatValue(3.2f));
    metrics.put("double", metric("double", 13, SparkplugValues.DOUBLE).doubleValue(-2.5));
    metrics.put("boolean", metric("boolean", 14, SparkplugValues.BOOLEAN).booleanValue(true));
    metrics.put("string", metric("string", 15, SparkplugValues.STRING).stringValue("RUNNING"));
    metrics.put("text", metric("text", 16, SparkplugValues.TEXT).stringValue("a longer note"));
    metrics.put(
        "uuid",
        metric("uuid", 17, SparkplugValues.UUID)
            .stringValue("0f8fad5b-d9cb-469f-a165-70867728950e"));
    metrics.put(
        "datetime", metric("datetime", 18, SparkplugValues.DATETIME).longValue(1_764_385_200_000L));
    SparkplugBytes payload = message();
    metrics.values().forEach(payload::add);

    Map<String, Object> values = new LinkedHashMap<>();
    for (SparkplugMetric metric : decoder.decode(payload.toBytes()).metrics()) {
      SparkplugValues.Mapped mapped = SparkplugValues.value(metric, metric.datatype());
      assertThat(mapped.skipped()).as(metric.name()).isNull();
      values.put(metric.name(), mapped.value());
    }

    assertThat(values)
        .containsExactly(
            Map.entry("int8", -5L),
            Map.entry("int8-byte", -5L),
            Map.entry("int16", -300L),
            Map.entry("int32", -70_000L),
            Map.entry("int32-min", (long) Integer.MIN_VALUE),
            Map.entry("int64", -9_000_000_000L),
            Map.entry("uint8", 200L),
            Map.entry("uint16", 60_000L),
            Map.entry("uint32", 4_294_967_280L),
            Map.entry("uint64", 42L),
            Map.entry("uint64-top", 1.8446744073709552E19),
            Map.entry("float", 3.2),
            Map.entry("double", -2.5),
            Map.entry("boolean", true),
            Map.entry("string", "RUNNING"),
            Map.entry("text", "a longer note"),
            Map.entry("uuid", "0f8fad5b-d9cb-469f-a165-70867728950e"),
            Map.entry("datetime", 1_764_385_200_000L));
  }

  @Test
  void readsAValueWithoutADatatypeAsItsFieldsProtobufType() throws Exception {
    byte[] bytes =
        message()
            .add(aliased(1).intValue(-1))
            .add(aliased(2).stringValue("x"))
            .add(aliased(3).booleanValue(false))
            .toBytes();

    var metrics = decoder.decode(bytes).metrics();

    assertThat(SparkplugValues.value(metrics.get(0), SparkplugValues.UNKNOWN).value())
        .isEqualTo(4_294_967_295L);
    assertThat(SparkplugValues.value(metrics.get(0), SparkplugValues.INT32).value()).isEqualTo(-1L);
    assertThat(SparkplugValues.value(metrics.get(1), SparkplugValues.UNKNOWN).value())
        .isEqualTo("x");
    assertThat(SparkplugValues.value(metrics.get(2), SparkplugValues.UNKNOWN).value())
        .isEqualTo(false);
  }

  @Test
  void aNullMetricHasNoValue() throws Exception {
    byte[] bytes = message().add(metric("temp", 3, SparkplugValues.FLOAT).bool(7, true)).toBytes();

    SparkplugMetric metric = decoder.decode(bytes).metrics().get(0);

    assertThat(metric.isNull()).isTrue();
    assertThat(metric.raw()).isNull();
    assertThat(SparkplugValues.value(metric, SparkplugValues.FLOAT).skipped()).isEqualTo("null");
  }

  @Test
  void stepsOverDatasetsTemplatesBytesPropertiesAndMetadataAndReadsWhatFollows() throws Exception {
    SparkplugBytes dataset =
        message()
            .uint64(1, 2)
            .string(2, "a")
            .string(2, "b")
            .uint32(3, 3)
            .uint32(3, 12)
            .message(4, message().message(1, message().uint32(1, 7)));
    SparkplugBytes template =
        message().string(1, "v1").message(2, metric("inner", 1, SparkplugValues.INT32).intValue(1));
    SparkplugBytes properties =
        message().string(1, "engUnit").message(2, message().uint32(1, 12).string(8, "rpm"));
    byte[] bytes =
        message()
            .add(metric("table", 1, SparkplugValues.DATASET).message(17, dataset))
            .add(metric("udt", 2, SparkplugValues.TEMPLATE).message(18, template))
            .add(metric("blob", 3, SparkplugValues.BYTES).bytes(16, new byte[] {1, 2, 3}))
            .add(
                metric("rpm", 4, SparkplugValues.INT32)
                    .message(9, properties)
                    .message(8, message().string(2, "text/plain"))
                    .intValue(1500))
            .bytes(5, new byte[] {9, 9})
            .toBytes();

    SparkplugPayload payload = decoder.decode(bytes);

    assertThat(payload.hasBody()).isTrue();
    assertThat(payload.metrics())
        .extracting(m -> SparkplugValues.value(m, m.datatype()).skipped())
        .containsExactly("dataset", "template", "bytes", null);
    SparkplugMetric rpm = payload.metrics().get(3);
    assertThat(rpm.hasProperties()).isTrue();
    assertThat(rpm.hasMetadata()).isTrue();
    assertThat(SparkplugValues.value(rpm, rpm.datatype()).value()).isEqualTo(1500L);
  }

  @Test
  void skipsValuesItsDatatypeDoesNotFitOrThatAreNoReadingValue() throws Exception {
    byte[] bytes =
        message()
            .add(metric("flag", 1, SparkplugValues.BOOLEAN).stringValue("yes"))
            .add(metric("nan", 2, SparkplugValues.DOUBLE).doubleValue(Double.NaN))
            .add(metric("long", 3, SparkplugValues.STRING).stringValue("x".repeat(300)))
            .add(metric("array", 4, 22).bytes(16, new byte[] {1}))
            .add(metric("empty", 5, SparkplugValues.INT32))
            .toBytes();

    assertThat(decoder.decode(bytes).metrics())
        .extracting(m -> SparkplugValues.value(m, m.datatype()).skipped())
        .containsExactly("type-mismatch", "not-finite", "string-too-long", "bytes", "no-value");
  }

  @Test
  void anEmptyPayloadIsAValidMessageWithoutMetrics() throws Exception {
    SparkplugPayload payload = decoder.decode(new byte[0]);

    assertThat(payload.metrics()).isEmpty();
    assertThat(payload.seq()).isNull();
    assertThat(payload.timestamp()).isNull();
  }

  @Test
  void refusesBytesThatAreNotASparkplugPayload() {
    byte[] good =
        message()
            .timestamp(1_764_385_200_000L)
            .add(metric("rpm", 1, SparkplugValues.INT32).intValue(5))
            .seq(3)
            .toBytes();
    byte[][] malformed = {
      Arrays.copyOf(good, good.length - 3), // cut inside the metric
      "{\"seq\": 1, \"metrics\": {\"a\": 1}}".getBytes(UTF_8),
      {0x12, 0x7F, 0x01}, // a metric 127 bytes long, with 1 byte
      {0x08}, // a timestamp without its value
      {0x00, 0x01}, // field number 0
    };
    for (byte[] bytes : malformed) {
      assertThatThrownBy(() -> decoder.decode(bytes))
          .as(Arrays.toString(bytes))
          .isInstanceOf(InvalidPayloadException.class);
    }
  }

  @Test
  void aKnownFieldOfAnotherWireTypeIsSkippedAsTheReferenceDecoderDoes() throws Exception {
    // Protobuf keeps such a field as an unknown one; an earlier decoder of ours refused it, which
    // differential fuzzing against Eclipse Tahu found.
    SparkplugPayload payload =
        decoder.decode(
            message()
                .string(1, "not a number") // a timestamp sent as a string
                .add(message().uint64(1, 5)) // a metric whose name is a number
                .seq(4)
                .toBytes());

    assertThat(payload.timestamp()).isNull();
    assertThat(payload.seq()).isEqualTo(4L);
    assertThat(payload.metrics()).hasSize(1);
    assertThat(payload.metrics().get(0).name()).isNull();
  }

  @Test
  void theRebirthRequestIsTheNodeControlMetricSetTrue() throws Exception {
    SparkplugPayload payload = decoder.decode(SparkplugEncoder.rebirthRequest(1_764_385_200_000L));

    assertThat(payload.timestamp()).isEqualTo(1_764_385_200_000L);
    assertThat(payload.metrics()).hasSize(1);
    SparkplugMetric metric = payload.metrics().get(0);
    assertThat(metric.name()).isEqualTo("Node Control/Rebirth");
    assertThat(metric.datatype()).isEqualTo(SparkplugValues.BOOLEAN);
    assertThat(metric.raw()).isEqualTo(true);
  }

  @Test
  void mapsSparkplugNamesToReadingNamesAndTellsControlMetrics() {
    assertThat(SparkplugValues.readingName("Motor 1/RPM")).isEqualTo("Motor_1.RPM");
    assertThat(SparkplugValues.readingName("Properties/Hardware Make"))
        .isEqualTo("Properties.Hardware_Make");
    assertThat(SparkplugValues.readingName("temp_°C")).isEqualTo("temp__C");
    assertThat(SparkplugValues.readingName("spindle:rpm")).isEqualTo("spindle:rpm");
    assertThat(SparkplugValues.readingName("x".repeat(65))).isNull();
    assertThat(SparkplugValues.readingName("")).isNull();
    assertThat(SparkplugValues.isControl("Node Control/Rebirth")).isTrue();
    assertThat(SparkplugValues.isControl("Device Control/Reboot")).isTrue();
    assertThat(SparkplugValues.isControl("bdSeq")).isTrue();
    assertThat(SparkplugValues.isControl("Node Info/Serial")).isFalse();
  }
}
