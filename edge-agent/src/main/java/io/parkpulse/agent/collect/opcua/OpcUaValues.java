package io.parkpulse.agent.collect.opcua;

import io.parkpulse.model.TelemetryCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;

/**
 * Turns OPC UA values into metric values (Long, Double, Boolean or String), and values to write
 * into the type a node takes.
 */
final class OpcUaValues {

  /** The node data types the agent writes, with the built-in type's id and the range it takes. */
  enum NodeType {
    BOOLEAN("Boolean", Identifiers.Boolean, Boolean.class, null, null),
    SBYTE("SByte", Identifiers.SByte, Byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE),
    BYTE("Byte", Identifiers.Byte, UByte.class, 0, 0xFF),
    INT16("Int16", Identifiers.Int16, Short.class, Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16("UInt16", Identifiers.UInt16, UShort.class, 0, 0xFFFF),
    INT32("Int32", Identifiers.Int32, Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32("UInt32", Identifiers.UInt32, UInteger.class, 0, 0xFFFF_FFFFL),
    INT64("Int64", Identifiers.Int64, Long.class, Long.MIN_VALUE, Long.MAX_VALUE),
    UINT64("UInt64", Identifiers.UInt64, ULong.class, 0, ULong.MAX_VALUE),
    FLOAT("Float", Identifiers.Float, Float.class, null, null),
    DOUBLE("Double", Identifiers.Double, Double.class, null, null),
    STRING("String", Identifiers.String, String.class, null, null);

    private final String title;
    private final NodeId id;
    private final Class<?> javaType;
    private final BigDecimal min;
    private final BigDecimal max;

    NodeType(String title, NodeId id, Class<?> javaType, Number min, Number max) {
      this.title = title;
      this.id = id;
      this.javaType = javaType;
      this.min = min == null ? null : new BigDecimal(min.toString());
      this.max = max == null ? null : new BigDecimal(max.toString());
    }

    /** The type whose built-in data type id is {@code dataType}, if the agent writes it. */
    static Optional<NodeType> of(NodeId dataType) {
      return Arrays.stream(values()).filter(t -> t.id.equals(dataType)).findFirst();
    }

    /** The type of a value as Milo decodes it, if the agent writes it. */
    static Optional<NodeType> ofValue(Object value) {
      return Arrays.stream(values()).filter(t -> t.javaType.isInstance(value)).findFirst();
    }

    /** As OPC UA writes it: {@code Int32}, {@code UInt16}, {@code Boolean}. */
    String title() {
      return title;
    }
  }

  private OpcUaValues() {}

  /**
   * {@code value} as a node of {@code type} takes it: a number converted to the type when it fits
   * exactly (whole numbers for integer types, within their range), a boolean as true or false (or 1
   * or 0), text as is; a string for a number or boolean node is read as one.
   *
   * @throws IllegalArgumentException saying what the node takes, if {@code value} is not that
   */
  static Object toNodeValue(NodeType type, Object value) {
    return switch (type) {
      case BOOLEAN -> bool(value);
      case STRING -> {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
          yield value.toString();
        }
        throw refused(type, "text", value);
      }
      case DOUBLE -> {
        double d = finite(type, value);
        yield value instanceof Float f ? Double.valueOf(Float.toString(f)) : d;
      }
      case FLOAT -> {
        double d = finite(type, value);
        if (Math.abs(d) > Float.MAX_VALUE) {
          throw refused(type, "numbers up to ±" + Float.MAX_VALUE, value);
        }
        yield (float) d;
      }
      default -> integer(type, value);
    };
  }

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

  private static Boolean bool(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.valueOf(s);
    }
    if (value instanceof Number && Double.isFinite(((Number) value).doubleValue())) {
      BigDecimal number = decimal(NodeType.BOOLEAN, value);
      if (number.compareTo(BigDecimal.ZERO) == 0 || number.compareTo(BigDecimal.ONE) == 0) {
        return number.compareTo(BigDecimal.ONE) == 0;
      }
    }
    throw refused(NodeType.BOOLEAN, "true or false (or 1 or 0)", value);
  }

  private static double finite(NodeType type, Object value) {
    double d =
        value instanceof Double || value instanceof Float
            ? ((Number) value).doubleValue()
            : decimal(type, value).doubleValue();
    if (!Double.isFinite(d)) {
      throw refused(type, "finite numbers", value);
    }
    return d;
  }

  private static Object integer(NodeType type, Object value) {
    BigDecimal number = decimal(type, value);
    String range =
        "whole numbers from " + type.min.toPlainString() + " to " + type.max.toPlainString();
    if (number.stripTrailingZeros().scale() > 0
        || number.compareTo(type.min) < 0
        || number.compareTo(type.max) > 0) {
      throw refused(type, range, value);
    }
    BigInteger whole = number.toBigIntegerExact();
    return switch (type) {
      case SBYTE -> whole.byteValueExact();
      case BYTE -> Unsigned.ubyte(whole.longValueExact());
      case INT16 -> whole.shortValueExact();
      case UINT16 -> Unsigned.ushort(whole.intValueExact());
      case INT32 -> whole.intValueExact();
      case UINT32 -> Unsigned.uint(whole.longValueExact());
      case INT64 -> whole.longValueExact();
      case UINT64 -> Unsigned.ulong(whole);
      default -> throw new IllegalStateException(type + " is not an integer type");
    };
  }

  /** A number, or a string that is one, exactly as a decimal. */
  private static BigDecimal decimal(NodeType type, Object value) {
    try {
      if (value instanceof BigDecimal d) {
        return d;
      }
      if (value instanceof BigInteger i) {
        return new BigDecimal(i);
      }
      if (value instanceof Byte
          || value instanceof Short
          || value instanceof Integer
          || value instanceof Long) {
        return BigDecimal.valueOf(((Number) value).longValue());
      }
      if (value instanceof Float f) {
        // Through the decimal text, so that 0.1f is 0.1 and not 0.100000001490116119384765625.
        return new BigDecimal(Float.toString(f));
      }
      if (value instanceof Number || value instanceof String) {
        // Double's text too: 0.1 is 0.1, not 0.1000000000000000055511151231257827.
        return new BigDecimal(value.toString().trim());
      }
    } catch (NumberFormatException e) {
      // NaN, infinity, or text that is no number
    }
    throw refused(type, "numbers", value);
  }

  private static IllegalArgumentException refused(NodeType type, String takes, Object value) {
    String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
    return new IllegalArgumentException(
        "its node is " + type.title() + ", which takes " + takes + ", not " + shown);
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
