package io.parkpulse.gateway.sparkplug;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.parkpulse.model.InvalidPayloadException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Sparkplug B {@code Payload} protobuf message straight off the wire, without generated
 * classes: the payload's timestamp, seq and metrics, and of each metric its name, alias, timestamp,
 * datatype, null flag and scalar value. Datasets, templates, bytes, extensions, properties and
 * metadata are stepped over and only noted. Thread-safe.
 */
public final class SparkplugDecoder {

  // Payload fields.
  private static final int PAYLOAD_TIMESTAMP = 1;
  private static final int PAYLOAD_METRICS = 2;
  private static final int PAYLOAD_SEQ = 3;
  private static final int PAYLOAD_BODY = 5;

  // Metric fields.
  private static final int NAME = 1;
  private static final int ALIAS = 2;
  private static final int TIMESTAMP = 3;
  private static final int DATATYPE = 4;
  private static final int IS_NULL = 7;
  private static final int METADATA = 8;
  private static final int PROPERTIES = 9;
  private static final int INT_VALUE = 10;
  private static final int LONG_VALUE = 11;
  private static final int FLOAT_VALUE = 12;
  private static final int DOUBLE_VALUE = 13;
  private static final int BOOLEAN_VALUE = 14;
  private static final int STRING_VALUE = 15;
  private static final int BYTES_VALUE = 16;
  private static final int DATASET_VALUE = 17;
  private static final int TEMPLATE_VALUE = 18;
  private static final int EXTENSION_VALUE = 19;

  /**
   * Decodes a Sparkplug B payload.
   *
   * @throws InvalidPayloadException if the bytes are not a well-formed {@code Payload} message
   */
  public SparkplugPayload decode(byte[] payload) throws InvalidPayloadException {
    CodedInputStream in = CodedInputStream.newInstance(payload == null ? new byte[0] : payload);
    Long timestamp = null;
    Long seq = null;
    boolean body = false;
    List<SparkplugMetric> metrics = new ArrayList<>();
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case PAYLOAD_TIMESTAMP -> timestamp = varint(in, tag).readUInt64();
          case PAYLOAD_SEQ -> seq = varint(in, tag).readUInt64();
          case PAYLOAD_METRICS ->
              metrics.add(metric(CodedInputStream.newInstance(delimited(in, tag).readByteArray())));
          case PAYLOAD_BODY -> {
            body = true;
            delimited(in, tag).skipField(tag);
          }
          default -> skip(in, tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidPayloadException(
          "payload is not a Sparkplug B protobuf message: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidPayloadException("payload could not be read: " + e.getMessage(), e);
    }
    return new SparkplugPayload(timestamp, seq, metrics, body);
  }

  private static SparkplugMetric metric(CodedInputStream in) throws IOException {
    String name = null;
    Long alias = null;
    Long timestamp = null;
    Integer datatype = null;
    boolean isNull = false;
    boolean properties = false;
    boolean metadata = false;
    Object raw = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case NAME -> name = delimited(in, tag).readStringRequireUtf8();
        case ALIAS -> alias = varint(in, tag).readUInt64();
        case TIMESTAMP -> timestamp = varint(in, tag).readUInt64();
        case DATATYPE -> datatype = varint(in, tag).readUInt32();
        case IS_NULL -> isNull = varint(in, tag).readBool();
        case METADATA -> {
          metadata = true;
          delimited(in, tag).skipField(tag);
        }
        case PROPERTIES -> {
          properties = true;
          delimited(in, tag).skipField(tag);
        }
        case INT_VALUE -> raw = varint(in, tag).readUInt32();
        case LONG_VALUE -> raw = varint(in, tag).readUInt64();
        case FLOAT_VALUE -> raw = expect(in, tag, WireFormat.WIRETYPE_FIXED32).readFloat();
        case DOUBLE_VALUE -> raw = expect(in, tag, WireFormat.WIRETYPE_FIXED64).readDouble();
        case BOOLEAN_VALUE -> raw = varint(in, tag).readBool();
        case STRING_VALUE -> raw = delimited(in, tag).readStringRequireUtf8();
        case BYTES_VALUE -> raw = unmapped(in, tag, SparkplugMetric.Unmapped.BYTES);
        case DATASET_VALUE -> raw = unmapped(in, tag, SparkplugMetric.Unmapped.DATASET);
        case TEMPLATE_VALUE -> raw = unmapped(in, tag, SparkplugMetric.Unmapped.TEMPLATE);
        case EXTENSION_VALUE -> raw = unmapped(in, tag, SparkplugMetric.Unmapped.EXTENSION);
        // is_historical, is_transient and fields of later versions: not used.
        default -> skip(in, tag);
      }
    }
    return new SparkplugMetric(name, alias, timestamp, datatype, isNull, raw, properties, metadata);
  }

  private static SparkplugMetric.Unmapped unmapped(
      CodedInputStream in, int tag, SparkplugMetric.Unmapped kind) throws IOException {
    delimited(in, tag).skipField(tag);
    return kind;
  }

  private static void skip(CodedInputStream in, int tag) throws IOException {
    if (!in.skipField(tag)) {
      // An end-group tag that closes nothing.
      throw new InvalidProtocolBufferException("unexpected end-group tag");
    }
  }

  private static CodedInputStream varint(CodedInputStream in, int tag)
      throws InvalidProtocolBufferException {
    return expect(in, tag, WireFormat.WIRETYPE_VARINT);
  }

  private static CodedInputStream delimited(CodedInputStream in, int tag)
      throws InvalidProtocolBufferException {
    return expect(in, tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
  }

  /** {@code in}, if field {@code tag} has the wire type the Sparkplug schema gives it. */
  private static CodedInputStream expect(CodedInputStream in, int tag, int wireType)
      throws InvalidProtocolBufferException {
    if (WireFormat.getTagWireType(tag) != wireType) {
      throw new InvalidProtocolBufferException(
          "field "
              + WireFormat.getTagFieldNumber(tag)
              + " has wire type "
              + WireFormat.getTagWireType(tag)
              + ", not "
              + wireType);
    }
    return in;
  }
}
