package io.parkpulse.gateway.sparkplug;

import com.google.protobuf.InvalidProtocolBufferException;
import io.parkpulse.model.InvalidPayloadException;
import java.util.List;
import org.eclipse.tahu.protobuf.SparkplugBProto;

/**
 * Reads a Sparkplug B {@code Payload} with Eclipse Tahu's reference decoder (the Sparkplug
 * project's protobuf code), and keeps what the gateway maps: the payload's timestamp, seq and
 * metrics, and of each metric its name, alias, timestamp, datatype, null flag and scalar value.
 * Datasets, templates, bytes and extensions are only noted; so are properties and metadata.
 *
 * <p>An earlier hand-written decoder differed from the reference, as differential fuzzing showed
 * ({@code SparkplugDecoderFuzzTest}): it refused a known field sent with another wire type, which
 * protobuf keeps as an unknown field, and accepted malformed nested messages (property sets,
 * datasets) that the reference refuses. Every device's Sparkplug stack is built on the reference,
 * so the gateway now reads payloads exactly as it does. Thread-safe.
 */
public final class SparkplugDecoder {

  /**
   * Decodes a Sparkplug B payload.
   *
   * @throws InvalidPayloadException if the bytes are not a well-formed {@code Payload} message
   */
  public SparkplugPayload decode(byte[] payload) throws InvalidPayloadException {
    SparkplugBProto.Payload p;
    try {
      p = SparkplugBProto.Payload.parseFrom(payload == null ? new byte[0] : payload);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidPayloadException(
          "payload is not a Sparkplug B protobuf message: " + e.getMessage(), e);
    }
    List<SparkplugMetric> metrics =
        p.getMetricsList().stream().map(SparkplugDecoder::metric).toList();
    return new SparkplugPayload(
        p.hasTimestamp() ? p.getTimestamp() : null,
        p.hasSeq() ? p.getSeq() : null,
        metrics,
        p.hasBody());
  }

  private static SparkplugMetric metric(SparkplugBProto.Payload.Metric m) {
    return new SparkplugMetric(
        m.hasName() ? m.getName() : null,
        m.hasAlias() ? m.getAlias() : null,
        m.hasTimestamp() ? m.getTimestamp() : null,
        m.hasDatatype() ? m.getDatatype() : null,
        m.getIsNull(),
        raw(m),
        m.hasProperties(),
        m.hasMetadata());
  }

  private static Object raw(SparkplugBProto.Payload.Metric m) {
    return switch (m.getValueCase()) {
      case INT_VALUE -> m.getIntValue();
      case LONG_VALUE -> m.getLongValue();
      case FLOAT_VALUE -> m.getFloatValue();
      case DOUBLE_VALUE -> m.getDoubleValue();
      case BOOLEAN_VALUE -> m.getBooleanValue();
      case STRING_VALUE -> m.getStringValue();
      case BYTES_VALUE -> SparkplugMetric.Unmapped.BYTES;
      case DATASET_VALUE -> SparkplugMetric.Unmapped.DATASET;
      case TEMPLATE_VALUE -> SparkplugMetric.Unmapped.TEMPLATE;
      case EXTENSION_VALUE -> SparkplugMetric.Unmapped.EXTENSION;
      case VALUE_NOT_SET -> null;
    };
  }
}
