package io.parkpulse.agent.collect.dlt645;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The meter answered, but with an error answer (control code D1H for a read) instead of the data:
 * the line works, the request was refused. The message names the meter, the data identifier and the
 * error bits in words.
 */
public final class ErrorAnswerException extends Exception {

  private static final long serialVersionUID = 1L;

  private final MeterAddress address;
  private final int errorByte;

  public ErrorAnswerException(MeterAddress address, String request, int errorByte) {
    super(
        String.format(
            Locale.ROOT,
            "meter %s refused %s: %s (error byte %02XH)",
            address,
            request,
            describe(errorByte),
            errorByte & 0xFF));
    this.address = address;
    this.errorByte = errorByte & 0xFF;
  }

  /** The meter that answered. */
  public MeterAddress address() {
    return address;
  }

  /** The error byte as the meter sent it (after removing the 33H offset). */
  public int errorByte() {
    return errorByte;
  }

  /** Whether the meter says it has no such data (bit 02H), the usual answer to an unknown DI. */
  public boolean noSuchData() {
    return (errorByte & 0x02) != 0;
  }

  /** The error bits of DL/T 645-2007 in words, e.g. {@code no such data; password error}. */
  public static String describe(int errorByte) {
    List<String> words = new ArrayList<>();
    if ((errorByte & 0x01) != 0) {
      words.add("other error");
    }
    if ((errorByte & 0x02) != 0) {
      words.add("no such data (the meter does not have this data identifier)");
    }
    if ((errorByte & 0x04) != 0) {
      words.add("password error or not authorised");
    }
    if ((errorByte & 0x08) != 0) {
      words.add("the communication rate cannot be changed");
    }
    if ((errorByte & 0x10) != 0) {
      words.add("too many year time zones");
    }
    if ((errorByte & 0x20) != 0) {
      words.add("too many day periods");
    }
    if ((errorByte & 0x40) != 0) {
      words.add("too many tariffs");
    }
    if ((errorByte & 0x80) != 0) {
      words.add("reserved bit 80H set");
    }
    return words.isEmpty() ? "no error bit set" : String.join("; ", words);
  }
}
