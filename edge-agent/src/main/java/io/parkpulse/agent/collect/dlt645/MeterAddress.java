package io.parkpulse.agent.collect.dlt645;

import java.util.Locale;

/**
 * A meter's address as written on its nameplate: 12 decimal digits, most significant first, e.g.
 * {@code 000000123456}. On the wire it is 6 BCD bytes, least significant first ({@code 56 34 12 00
 * 00 00}). A pair of digits may be the wildcard {@code AA}; {@link #WILDCARD} ({@code
 * AAAAAAAAAAAA}) reaches any meter, and is only useful with a single meter on the bus.
 *
 * @param digits the 12 characters, each pair two decimal digits or {@code AA}
 */
public record MeterAddress(String digits) {

  /** Every meter answers this address: used to read the address of the one meter on a bus. */
  public static final MeterAddress WILDCARD = new MeterAddress("AAAAAAAAAAAA");

  private static final int WILD = 0xAA;

  public MeterAddress {
    if (digits == null || digits.length() != 12) {
      throw new IllegalArgumentException(
          "a DL/T 645 meter address has 12 digits, as on the nameplate (e.g. 000000123456), not '"
              + digits
              + "'");
    }
    digits = digits.toUpperCase(Locale.ROOT);
    for (int i = 0; i < 12; i += 2) {
      String pair = digits.substring(i, i + 2);
      if (!pair.equals("AA") && !(isDigit(pair.charAt(0)) && isDigit(pair.charAt(1)))) {
        throw new IllegalArgumentException(
            "meter address '"
                + digits
                + "' has '"
                + pair
                + "': only digits 0-9 (or AA) are allowed");
      }
    }
  }

  /** The address written as on the nameplate, e.g. {@code of("000000123456")}. */
  public static MeterAddress of(String digits) {
    return new MeterAddress(digits);
  }

  /**
   * Reads the 6 address bytes of a frame, least significant first.
   *
   * @throws BadFrameException if a byte is neither two BCD digits nor AAH
   */
  public static MeterAddress fromWire(byte[] bytes, int offset) throws BadFrameException {
    StringBuilder digits = new StringBuilder(12);
    for (int i = 5; i >= 0; i--) {
      int b = bytes[offset + i] & 0xFF;
      if (b != WILD && ((b >> 4) > 9 || (b & 0x0F) > 9)) {
        throw new BadFrameException(
            String.format(
                Locale.ROOT, "address byte A%d is %02XH, which is not two BCD digits", i, b));
      }
      digits.append(String.format(Locale.ROOT, "%02X", b));
    }
    return new MeterAddress(digits.toString());
  }

  /** The 6 bytes as they go on the wire: A0 (the last two digits) first. */
  public byte[] wire() {
    byte[] bytes = new byte[6];
    for (int i = 0; i < 6; i++) {
      int pos = 10 - 2 * i;
      bytes[i] = (byte) Integer.parseInt(digits.substring(pos, pos + 2), 16);
    }
    return bytes;
  }

  /** Whether some pair of digits is the wildcard AA. */
  public boolean hasWildcard() {
    return digits.contains("AA");
  }

  /**
   * Whether a meter at {@code other} is reached by a frame sent to this address: every pair is
   * equal or is AA here.
   */
  public boolean reaches(MeterAddress other) {
    for (int i = 0; i < 12; i += 2) {
      if (!digits.startsWith("AA", i) && !digits.regionMatches(i, other.digits, i, 2)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return digits;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
