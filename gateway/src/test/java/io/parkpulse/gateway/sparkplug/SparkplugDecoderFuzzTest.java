package io.parkpulse.gateway.sparkplug;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.parkpulse.model.InvalidPayloadException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/**
 * The hand-written Sparkplug B decoder against Eclipse Tahu's reference decoder (protobuf generated
 * code): the same bytes give the same payload (timestamp, seq, and of every metric its name, alias,
 * timestamp, datatype, null flag and scalar value) or a refusal from both.
 */
class SparkplugDecoderFuzzTest {

  private final SparkplugDecoder decoder = new SparkplugDecoder();

  @FuzzTest(maxDuration = "10m")
  void decodesAsTheReferenceDecoder(byte[] bytes) {
    SparkplugBProto.Payload reference;
    try {
      reference = SparkplugBProto.Payload.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      reference = null;
    }
    SparkplugPayload ours;
    try {
      ours = decoder.decode(bytes);
    } catch (InvalidPayloadException e) {
      ours = null;
    }
    assertThat(ours == null).as("refused by ours / by Tahu").isEqualTo(reference == null);
    if (ours == null) {
      return;
    }
    assertThat(ours.timestamp())
        .isEqualTo(reference.hasTimestamp() ? reference.getTimestamp() : null);
    assertThat(ours.seq()).isEqualTo(reference.hasSeq() ? reference.getSeq() : null);
    assertThat(ours.metrics()).hasSize(reference.getMetricsCount());
    for (int i = 0; i < ours.metrics().size(); i++) {
      assertThat(view(ours.metrics().get(i))).isEqualTo(view(reference.getMetrics(i)));
    }
  }

  private static List<Object> view(SparkplugMetric m) {
    List<Object> v = new ArrayList<>();
    v.add(m.name());
    v.add(m.alias());
    v.add(m.timestamp());
    v.add(m.datatype());
    v.add(m.isNull());
    v.add(m.raw() instanceof SparkplugMetric.Unmapped u ? u.name() : m.raw());
    return v;
  }

  private static List<Object> view(SparkplugBProto.Payload.Metric m) {
    List<Object> v = new ArrayList<>();
    v.add(m.hasName() ? m.getName() : null);
    v.add(m.hasAlias() ? m.getAlias() : null);
    v.add(m.hasTimestamp() ? m.getTimestamp() : null);
    v.add(m.hasDatatype() ? m.getDatatype() : null);
    v.add(m.getIsNull());
    v.add(
        switch (m.getValueCase()) {
          case INT_VALUE -> m.getIntValue();
          case LONG_VALUE -> m.getLongValue();
          case FLOAT_VALUE -> m.getFloatValue();
          case DOUBLE_VALUE -> m.getDoubleValue();
          case BOOLEAN_VALUE -> m.getBooleanValue();
          case STRING_VALUE -> m.getStringValue();
          case BYTES_VALUE -> "BYTES";
          case DATASET_VALUE -> "DATASET";
          case TEMPLATE_VALUE -> "TEMPLATE";
          case EXTENSION_VALUE -> "EXTENSION";
          case VALUE_NOT_SET -> null;
        });
    return v;
  }
}
