package io.parkpulse.agent.collect.dlt645;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How DL/T 645 writes a number: packed BCD, two digits a byte, least significant byte first, with a
 * fixed number of decimals ({@code XXX.XXX} is 3 bytes, 3 decimals). A signed value keeps its sign
 * in the top bit of the most significant byte (1 is negative) and its magnitude in the other bits,
 * so the first digit of a signed value is at most 7.
 *
 * @param bytes how many bytes the value takes, 1 to 8
 * @param decimals how many of its digits are after the decimal point
 * @param signed whether the top bit is a sign
 */
public record BcdFormat(int bytes, int decimals, boolean signed) {

  public BcdFormat {
    if (bytes < 1 || bytes > 8) {
      throw new IllegalArgumentException("a BCD value takes 1 to 8 bytes, not " + bytes);
    }
    if (decimals < 0 || decimals > 2 * bytes) {
      throw new IllegalArgumentException(
          "a " + bytes + "-byte BCD value cannot have " + decimals + " decimals");
    }
  }

  /**
   * The value at {@code data[offset]}, least significant byte first.
   *
   * @throws BadFrameException if there are fewer than {@link #bytes()} bytes or a digit is above 9
   */
  public double decode(byte[] data, int offset) throws BadFrameException {
    if (offset < 0 || data.length - offset < bytes) {
      throw new BadFrameException(
          String.format(
              Locale.ROOT,
              "a %s value takes %d bytes, only %d arrived",
              pattern(),
              bytes,
              Math.max(0, data.length - offset)));
    }
    long raw = 0;
    boolean negative = false;
    for (int i = bytes - 1; i >= 0; i--) {
      int b = data[offset + i] & 0xFF;
      if (signed && i == bytes - 1) {
        negative = (b & 0x80) != 0;
        b &= 0x7F;
      }
      int high = b >> 4;
      int low = b & 0x0F;
      if (high > 9 || low > 9) {
        throw new BadFrameException(
            String.format(
                Locale.ROOT,
                "byte %d of a %s value is %02XH, which is not two BCD digits (a digit above 9)",
                i,
                pattern(),
                data[offset + i] & 0xFF));
      }
      raw = raw * 100 + high * 10 + low;
    }
    // A division by an exact power of ten gives the double nearest to the decimal, e.g. 123456.78.
    double value = raw / Math.pow(10, decimals);
    return negative && raw != 0 ? -value : value;
  }

  /**
   * The bytes that carry {@code value}, least significant first, rounded to the format's decimals.
   *
   * @throws IllegalArgumentException if the value is not finite, is negative in an unsigned format,
   *     or does not fit
   */
  public byte[] encode(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("cannot write " + value + " as " + pattern());
    }
    if (value < 0 && !signed) {
      throw new IllegalArgumentException(
          "cannot write " + value + " as " + pattern() + ": the format has no sign");
    }
    long raw =
        BigDecimal.valueOf(Math.abs(value))
            .setScale(decimals, RoundingMode.HALF_UP)
            .unscaledValue()
            .longValueExact();
    long limit = signed ? 8 * pow10(2 * bytes - 1) : pow10(2 * bytes);
    if (raw >= limit) {
      throw new IllegalArgumentException(
          "cannot write "
              + value
              + " as "
              + pattern()
              + ": the largest is "
              + (signed ? "±" : "")
              + BigDecimal.valueOf(limit - 1, decimals).toPlainString());
    }
    byte[] out = new byte[bytes];
    long rest = raw;
    for (int i = 0; i < bytes; i++) {
      int pair = (int) (rest % 100);
      out[i] = (byte) ((pair / 10) << 4 | pair % 10);
      rest /= 100;
    }
    if (value < 0 && raw != 0) {
      out[bytes - 1] |= (byte) 0x80;
    }
    return out;
  }

  /** The format as the standard writes it, e.g. {@code XXX.XXX}, with a leading ± when signed. */
  public String pattern() {
    int digits = 2 * bytes;
    String x = "X".repeat(digits - decimals) + (decimals > 0 ? "." + "X".repeat(decimals) : "");
    return (signed ? "±" : "") + x;
  }

  private static long pow10(int exponent) {
    long p = 1;
    for (int i = 0; i < exponent; i++) {
      p *= 10;
    }
    return p;
  }
}
