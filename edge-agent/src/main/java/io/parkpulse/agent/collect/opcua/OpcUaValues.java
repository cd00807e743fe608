package io.parkpulse.agent.collect.opcua;

import io.parkpulse.model.TelemetryCodec;
import java.math.BigInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/** Turns OPC UA values into metric values: Long, Double, Boolean or String. */
final class OpcUaValues {

  private OpcUaValues() {}

  /**
   * The metric value of {@code value}, or null if a metric cannot hold it: another type (dates,
   * localized text, structures), an array, a UInt64 above {@link Long#MAX_VALUE}, NaN or infinity
   * (the platform refuses those).
   */
  static Object toMetric(Object value) {
    if (value instanceof Boolean) {
      return value;
    }
    if (value instanceof Double d) {
      return Double.isFinite(d) ? d : null;
    }
    if (value instanceof Float f) {
      // Through the decimal text, so that 0.1f becomes 0.1 and not 0.10000000149011612.
      return Float.isFinite(f) ? Double.valueOf(Float.toString(f)) : null;
    }
    if (value instanceof Byte
        || value instanceof Short
        || value instanceof Integer
        || value instanceof Long
        || value instanceof UByte
        || value instanceof UShort
        || value instanceof UInteger) {
      return ((Number) value).longValue();
    }
    if (value instanceof ULong u) {
      BigInteger big = u.toBigInteger();
      return big.bitLength() < Long.SIZE ? big.longValue() : null;
    }
    if (value instanceof String s) {
      return text(s);
    }
    return null;
  }

  /** The type of {@code value} as a log line names it. */
  static String typeName(Object value) {
    if (value == null) {
      return "null";
    }
    Class<?> type = value.getClass();
    return type.isArray()
        ? "array of " + type.getComponentType().getSimpleName()
        : type.getSimpleName();
  }

  /**
   * {@code s} as the platform accepts a string metric: at most {@link
   * TelemetryCodec#MAX_STRING_VALUE_LENGTH} characters, a NUL or half a surrogate pair replaced by
   * U+FFFD, and a pair never cut in two.
   */
  static String text(String s) {
    int max = TelemetryCodec.MAX_STRING_VALUE_LENGTH;
    StringBuilder out = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && out.length() < max; i++) {
      char ch = s.charAt(i);
      if (Character.isHighSurrogate(ch)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        if (out.length() + 2 > max) {
          break;
        }
        out.append(ch).append(s.charAt(++i));
      } else if (ch == 0 || Character.isSurrogate(ch)) {
        out.append('\uFFFD');
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }
}
