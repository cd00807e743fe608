package io.parkpulse.agent.collect.modbus;

import io.parkpulse.agent.collect.modbus.ModbusSettings.ByteOrder;
import io.parkpulse.agent.collect.modbus.ModbusSettings.DataType;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import java.util.Optional;

/**
 * Turns the registers a device answered into a point's value: {@code raw * scale + offset}, a
 * {@link Long} when the type is an integer and the point is not scaled, a {@link Double} otherwise.
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

  private static Optional<Object> finite(double value) {
    return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
  }
}
