package io.parkpulse.agent.collect.modbus;

import io.parkpulse.agent.collect.modbus.ModbusSettings.ByteOrder;
import io.parkpulse.agent.collect.modbus.ModbusSettings.DataType;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import java.util.Optional;

/**
 * Turns the registers a device answered into a point's value: {@code raw * scale + offset}, a
 * {@link Long} when the type is an integer and the point is not scaled, a {@link Double} otherwise;
 * and, for writes, a value into the registers or bit that the device then reads as that value.
 */
final class PointDecoder {

  private PointDecoder() {}

  /**
   * Decodes the point that starts at {@code words[index]}.
   *
   * @param words registers as the device answered them, each 0 to 65535
   * @return the value, or empty when a {@code FLOAT32} is NaN or infinite (no number to send)
   */
  static Optional<Object> decode(Point point, int[] words, int index) {
    DataType type = point.type();
    if (type == DataType.FLOAT32) {
      float raw = Float.intBitsToFloat(bits32(order(point), words[index], words[index + 1]));
      if (!Float.isFinite(raw)) {
        return Optional.empty();
      }
      // The float's shortest decimal, so that 123.456f reads 123.456, not 123.45600128173828.
      return finite(scale(point, Double.parseDouble(Float.toString(raw))));
    }
    long raw =
        switch (type) {
          case INT16 -> (short) words[index];
          case UINT16 -> words[index] & 0xFFFF;
          case INT32 -> bits32(order(point), words[index], words[index + 1]);
          case UINT32 ->
              Integer.toUnsignedLong(bits32(order(point), words[index], words[index + 1]));
          default ->
              throw new IllegalArgumentException(
                  "point '" + point.spec().name() + "' of type " + type + " is not a register");
        };
    if (point.scale() == 1 && point.offset() == 0) {
      return Optional.of(raw);
    }
    return finite(scale(point, raw));
  }

  /**
   * The 32 bits of two registers in {@code order}.
   *
   * @param first the register at the lower address
   * @param second the register after it
   */
  static int bits32(ByteOrder order, int first, int second) {
    return switch (order) {
      case ABCD -> (first & 0xFFFF) << 16 | (second & 0xFFFF);
      case CDAB -> (second & 0xFFFF) << 16 | (first & 0xFFFF);
      case BADC -> swapBytes(first) << 16 | swapBytes(second);
      case DCBA -> swapBytes(second) << 16 | swapBytes(first);
    };
  }

  /**
   * The registers to write so that the device holds {@code value} at the point, exactly the inverse
   * of {@link #decode}: {@code raw = (value - offset) / scale}, rounded to the nearest integer for
   * the integer types.
   *
   * @return one register for 16-bit types, two in the point's byte order for 32-bit ones
   * @throws IllegalArgumentException if the point is not a register, or the value is not a finite
   *     number or does not fit the type (saying the range it takes in engineering units)
   */
  static int[] encode(Point point, Object value) {
    DataType type = point.type();
    if (type == DataType.BOOL) {
      throw new IllegalArgumentException(
          "point '" + point.spec().name() + "' of type BOOL is not a register");
    }
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException(
          "point '" + point.spec().name() + "' takes a number, not " + describe(value));
    }
    double engineering = number.doubleValue();
    if (!Double.isFinite(engineering)) {
      throw new IllegalArgumentException(
          "point '" + point.spec().name() + "' takes a finite number, not " + engineering);
    }
    double raw = unscale(point, engineering);
    if (type == DataType.FLOAT32) {
      // Values just above the largest float still round to it.
      if (Float.isInfinite((float) raw)) {
        throw outOfRange(point, engineering, -Float.MAX_VALUE, Float.MAX_VALUE);
      }
      return words32(order(point), Float.floatToIntBits((float) raw));
    }
    double min =
        switch (type) {
          case INT16 -> Short.MIN_VALUE;
          case INT32 -> Integer.MIN_VALUE;
          default -> 0;
        };
    double max =
        switch (type) {
          case INT16 -> Short.MAX_VALUE;
          case UINT16 -> 0xFFFF;
          case INT32 -> Integer.MAX_VALUE;
          default -> 0xFFFF_FFFFL;
        };
    // Half up, so that a value scaled back to 1233.9999999999998 is 1234.
    double rounded = Math.floor(raw + 0.5);
    if (rounded < min || rounded > max) {
      throw outOfRange(point, engineering, min, max);
    }
    long bits = (long) rounded;
    return type.registers() == 1
        ? new int[] {(int) bits & 0xFFFF}
        : words32(order(point), (int) bits);
  }

  /**
   * The coil state to write for {@code value}: a boolean, or the number 0 or 1.
   *
   * @throws IllegalArgumentException if the value is neither
   */
  static boolean encodeBit(Point point, Object value) {
    if (value instanceof Boolean bit) {
      return bit;
    }
    if (value instanceof Number number) {
      double d = number.doubleValue();
      if (d == 0 || d == 1) {
        return d == 1;
      }
    }
    throw new IllegalArgumentException(
        "point '"
            + point.spec().name()
            + "' takes true or false (or 1 or 0), not "
            + describe(value));
  }

  /** The two registers, lower address first, that {@link #bits32} reads back as {@code bits}. */
  static int[] words32(ByteOrder order, int bits) {
    int high = bits >>> 16;
    int low = bits & 0xFFFF;
    return switch (order) {
      case ABCD -> new int[] {high, low};
      case CDAB -> new int[] {low, high};
      case BADC -> new int[] {swapBytes(high), swapBytes(low)};
      case DCBA -> new int[] {swapBytes(low), swapBytes(high)};
    };
  }

  private static IllegalArgumentException outOfRange(
      Point point, double value, double rawMin, double rawMax) {
    double low = scale(point, rawMin);
    double high = scale(point, rawMax);
    String unit = point.spec().unit().isEmpty() ? "" : " " + point.spec().unit();
    String scaling =
        (point.scale() == 1 ? "" : ", scale " + number(point.scale()))
            + (point.offset() == 0 ? "" : ", offset " + number(point.offset()));
    return new IllegalArgumentException(
        "point '"
            + point.spec().name()
            + "' ("
            + point.type()
            + scaling
            + ") takes "
            + number(Math.min(low, high))
            + " to "
            + number(Math.max(low, high))
            + unit
            + "; "
            + number(value)
            + " is outside");
  }

  /** {@code 3276.7}, {@code -32768}: whole numbers without a trailing {@code .0}. */
  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static String describe(Object value) {
    return value instanceof String ? "'" + value + "'" : String.valueOf(value);
  }

  private static int swapBytes(int word) {
    return (word & 0xFF) << 8 | (word >> 8) & 0xFF;
  }

  /** 32-bit values without a declared order are big-endian, as Modbus writes 16-bit ones. */
  private static ByteOrder order(Point point) {
    return point.order() == null ? ByteOrder.ABCD : point.order();
  }

  private static double scale(Point point, double raw) {
    double scale = point.scale();
    // Dividing by 10 rounds once, where multiplying by 0.1 (inexact) gives 123.4 as
    // 123.40000000000001.
    double divisor = 1 / scale;
    if (Math.abs(scale) < 1 && divisor == Math.rint(divisor)) {
      return raw / divisor + point.offset();
    }
    return raw * scale + point.offset();
  }

  /**
   * The inverse of {@link #scale}, dividing where it divides and multiplying where it multiplies.
   */
  private static double unscale(Point point, double value) {
    double scale = point.scale();
    double divisor = 1 / scale;
    if (Math.abs(scale) < 1 && divisor == Math.rint(divisor)) {
      return (value - point.offset()) * divisor;
    }
    return (value - point.offset()) / scale;
  }

  private static Optional<Object> finite(double value) {
    return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
  }
}
