package io.parkpulse.gateway.sparkplug;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sparkplug B payloads for tests, written field by field with protobuf's own {@link
 * CodedOutputStream}: an encoder independent of the gateway's decoder.
 */
public final class SparkplugBytes {

  /** Writes fields of one message. */
  private interface Field {
    void write(CodedOutputStream out) throws IOException;
  }

  private final List<Field> fields = new ArrayList<>();

  private SparkplugBytes() {}

  /** An empty {@code Payload} (or {@code Metric}) to add fields to. */
  public static SparkplugBytes message() {
    return new SparkplugBytes();
  }

  /** A {@code Metric} with a name, datatype and alias. */
  public static SparkplugBytes metric(String name, long alias, int datatype) {
    return message().string(1, name).uint64(2, alias).uint32(4, datatype);
  }

  /** A {@code Metric} known by its alias alone, as DATA sends it. */
  public static SparkplugBytes aliased(long alias) {
    return message().uint64(2, alias);
  }

  public SparkplugBytes uint64(int field, long value) {
    fields.add(out -> out.writeUInt64(field, value));
    return this;
  }

  public SparkplugBytes uint32(int field, int value) {
    fields.add(out -> out.writeUInt32(field, value));
    return this;
  }

  public SparkplugBytes bool(int field, boolean value) {
    fields.add(out -> out.writeBool(field, value));
    return this;
  }

  public SparkplugBytes string(int field, String value) {
    fields.add(out -> out.writeString(field, value));
    return this;
  }

  public SparkplugBytes float32(int field, float value) {
    fields.add(out -> out.writeFloat(field, value));
    return this;
  }

  public SparkplugBytes float64(int field, double value) {
    fields.add(out -> out.writeDouble(field, value));
    return this;
  }

  public SparkplugBytes bytes(int field, byte[] value) {
    fields.add(out -> out.writeByteArray(field, value));
    return this;
  }

  /** A sub-message (a metric of a payload, a dataset of a metric, ...). */
  public SparkplugBytes message(int field, SparkplugBytes message) {
    return bytes(field, message.toBytes());
  }

  // Payload fields.

  public SparkplugBytes timestamp(long millis) {
    return uint64(1, millis);
  }

  public SparkplugBytes seq(long seq) {
    return uint64(3, seq);
  }

  public SparkplugBytes add(SparkplugBytes metric) {
    return message(2, metric);
  }

  // Metric fields.

  public SparkplugBytes at(long millis) {
    return uint64(3, millis);
  }

  public SparkplugBytes intValue(int value) {
    return uint32(10, value);
  }

  public SparkplugBytes longValue(long value) {
    return uint64(11, value);
  }

  public SparkplugBytes floatValue(float value) {
    return float32(12, value);
  }

  public SparkplugBytes doubleValue(double value) {
    return float64(13, value);
  }

  public SparkplugBytes booleanValue(boolean value) {
    return bool(14, value);
  }

  public SparkplugBytes stringValue(String value) {
    return string(15, value);
  }

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      for (Field field : fields) {
        field.write(out);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
