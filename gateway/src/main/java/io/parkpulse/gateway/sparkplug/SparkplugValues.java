package io.parkpulse.gateway.sparkplug;

import io.parkpulse.model.TelemetryCodec;
import java.math.BigInteger;

/**
 * Maps Sparkplug B metrics onto ParkPulse readings: a value by its datatype to a number, boolean or
 * string, and a metric name to one the telemetry contract accepts.
 */
public final class SparkplugValues {

  // Sparkplug B datatypes (the specification's numbering).
  static final int UNKNOWN = 0;
  static final int INT8 = 1;
  static final int INT16 = 2;
  static final int INT32 = 3;
  static final int INT64 = 4;
  static final int UINT8 = 5;
  static final int UINT16 = 6;
  static final int UINT32 = 7;
  static final int UINT64 = 8;
  static final int FLOAT = 9;
  static final int DOUBLE = 10;
  static final int BOOLEAN = 11;
  static final int STRING = 12;
  static final int DATETIME = 13;
  static final int TEXT = 14;
  static final int UUID = 15;
  static final int DATASET = 16;
  static final int BYTES = 17;
  static final int FILE = 18;
  static final int TEMPLATE = 19;
  static final int FIRST_ARRAY = 22;
  static final int LAST_ARRAY = 34;

  /** The name a host sends to ask an edge node for its BIRTH messages again. */
  public static final String REBIRTH_METRIC = "Node Control/Rebirth";

  /** The metric of NBIRTH and NDEATH that numbers the node's MQTT sessions. */
  public static final String BD_SEQ = "bdSeq";

  private SparkplugValues() {}

  /**
   * A metric mapped to a reading's value, or why it was not.
   *
   * @param value a {@link Long}, {@link Double}, {@link Boolean} or {@link String}, or null if
   *     skipped
   * @param skipped the reason it was skipped (a metric tag value), or null
   */
  public record Mapped(Object value, String skipped) {
    static Mapped of(Object value) {
      return new Mapped(value, null);
    }

    static Mapped skip(String reason) {
      return new Mapped(null, reason);
    }
  }

  /**
   * The reading value of {@code metric}, read as {@code datatype} (the metric's own or its BIRTH's;
   * {@link #UNKNOWN} if neither says). Signed 8, 16 and 32 bit integers come as the two's
   * complement bits of an unsigned field and are sign-extended here; unsigned ones stay positive.
   */
  public static Mapped value(SparkplugMetric metric, int datatype) {
    Object raw = metric.raw();
    if (metric.isNull()) {
      return Mapped.skip("null");
    }
    if (raw instanceof SparkplugMetric.Unmapped unmapped) {
      return Mapped.skip(unmapped.reason());
    }
    if (raw == null) {
      return Mapped.skip("no-value");
    }
    return switch (datatype) {
      case INT8 -> integral(raw, bits -> (long) (byte) bits);
      case INT16 -> integral(raw, bits -> (long) (short) bits);
      case INT32 -> integral(raw, bits -> (long) (int) bits);
      case UINT8 -> integral(raw, bits -> bits & 0xFFL);
      case UINT16 -> integral(raw, bits -> bits & 0xFFFFL);
      case UINT32 -> integral(raw, bits -> bits & 0xFFFF_FFFFL);
      case INT64, DATETIME ->
          raw instanceof Long || raw instanceof Integer
              ? Mapped.of(((Number) raw).longValue())
              : Mapped.skip("type-mismatch");
      case UINT64 -> raw instanceof Long l ? unsigned(l) : integral(raw, bits -> bits);
      case FLOAT, DOUBLE -> real(raw);
      case BOOLEAN -> raw instanceof Boolean ? Mapped.of(raw) : Mapped.skip("type-mismatch");
      case STRING, TEXT, UUID -> raw instanceof String s ? text(s) : Mapped.skip("type-mismatch");
      case UNKNOWN -> byField(raw);
      case DATASET -> Mapped.skip("dataset");
      case BYTES, FILE -> Mapped.skip("bytes");
      case TEMPLATE -> Mapped.skip("template");
      default ->
          datatype >= FIRST_ARRAY && datatype <= LAST_ARRAY
              ? Mapped.skip("array")
              : Mapped.skip("unsupported-datatype");
    };
  }

  /** Without a datatype, the value field's own protobuf type decides (uint32 and uint64). */
  private static Mapped byField(Object raw) {
    if (raw instanceof Integer i) {
      return Mapped.of(Integer.toUnsignedLong(i));
    }
    if (raw instanceof Long l) {
      return unsigned(l);
    }
    if (raw instanceof Float || raw instanceof Double) {
      return real(raw);
    }
    if (raw instanceof String s) {
      return text(s);
    }
    return Mapped.of(raw);
  }

  private interface Narrowing {
    long apply(long bits);
  }

  /** An integer of at most 32 bits, from {@code int_value} (or, tolerated, {@code long_value}). */
  private static Mapped integral(Object raw, Narrowing narrowing) {
    if (raw instanceof Integer i) {
      return Mapped.of(narrowing.apply(Integer.toUnsignedLong(i)));
    }
    if (raw instanceof Long l) {
      return Mapped.of(narrowing.apply(l));
    }
    return Mapped.skip("type-mismatch");
  }

  /** A uint64: a long while it fits, beyond that the nearest double. */
  private static Mapped unsigned(long bits) {
    if (bits >= 0) {
      return Mapped.of(bits);
    }
    return Mapped.of(new BigInteger(Long.toUnsignedString(bits)).doubleValue());
  }

  private static Mapped real(Object raw) {
    double value;
    if (raw instanceof Float f) {
      // The float's shortest decimal form: 3.2f is stored as 3.2, not 3.200000047683716.
      value = Double.parseDouble(Float.toString(f));
    } else if (raw instanceof Double d) {
      value = d;
    } else {
      return Mapped.skip("type-mismatch");
    }
    return Double.isFinite(value) ? Mapped.of(value) : Mapped.skip("not-finite");
  }

  private static Mapped text(String value) {
    if (value.length() > TelemetryCodec.MAX_STRING_VALUE_LENGTH) {
      return Mapped.skip("string-too-long");
    }
    return TelemetryCodec.textProblem(value) == null ? Mapped.of(value) : Mapped.skip("not-text");
  }

  /**
   * Whether {@code name} is a Sparkplug control metric ({@code Node Control/...}, {@code Device
   * Control/...}) or the session number {@code bdSeq}: part of the protocol, not a reading.
   */
  public static boolean isControl(String name) {
    return name.startsWith("Node Control/")
        || name.startsWith("Device Control/")
        || name.equals(BD_SEQ);
  }

  /**
   * The ParkPulse metric name of a Sparkplug metric name: {@code /} (Sparkplug's folder separator)
   * becomes {@code .}, every other character the telemetry contract does not allow (a space, a
   * letter beyond ASCII) becomes {@code _}; {@code Motor 1/RPM} becomes {@code Motor_1.RPM}.
   *
   * @return the name, or null if it is empty or longer than the contract allows
   */
  public static String readingName(String name) {
    if (name.isEmpty() || name.length() > 64) {
      return null;
    }
    StringBuilder mapped = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      mapped.append(TelemetryCodec.isMetricNameChar(ch) ? ch : ch == '/' ? '.' : '_');
    }
    String result = mapped.toString();
    return TelemetryCodec.isMetricName(result) ? result : null;
  }
}
