package io.parkpulse.agent.collect.dlt645;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One DL/T 645-2007 frame as its parts, with the data as the meter means it (the 33H that each data
 * byte carries on the wire is already removed); {@link Dlt645Codec} turns it into bytes and back.
 *
 * <p>The control code: bit 7 is set in an answer, bit 6 in an error answer, bit 5 when further
 * frames follow, and the low 5 bits are the function ({@code 11H} read data, {@code 13H} read the
 * communication address). So a read is answered with {@code 91H} (or {@code B1H} when more frames
 * follow) or refused with {@code D1H}.
 *
 * @param address the meter the frame is sent to, or that answers
 * @param control the control code, 0 to 255
 * @param data the data, at most 255 bytes, without the 33H offset
 */
public record Dlt645Frame(MeterAddress address, int control, byte[] data) {

  /** Function code of a data read. */
  public static final int READ_DATA = 0x11;

  /** Function code of a communication address read. */
  public static final int READ_ADDRESS = 0x13;

  private static final int ANSWER = 0x80;
  private static final int ERROR = 0x40;
  private static final int FOLLOWING = 0x20;
  private static final int FUNCTION = 0x1F;

  public Dlt645Frame {
    Objects.requireNonNull(address, "address");
    if (control < 0 || control > 0xFF) {
      throw new IllegalArgumentException("a control code is one byte, not " + control);
    }
    if (data.length > 0xFF) {
      throw new IllegalArgumentException(
          "a frame carries at most 255 data bytes, not " + data.length);
    }
    data = data.clone();
  }

  /** A request to read the data identifier {@code di} (such as {@code 0x00010000}). */
  public static Dlt645Frame readData(MeterAddress address, int di) {
    return new Dlt645Frame(address, READ_DATA, diBytes(di));
  }

  /** A request for the communication address of the only meter on the bus. */
  public static Dlt645Frame readAddress() {
    return new Dlt645Frame(MeterAddress.WILDCARD, READ_ADDRESS, new byte[0]);
  }

  /** The normal answer to a read: the data identifier then the value's bytes. */
  public static Dlt645Frame dataAnswer(MeterAddress address, int di, byte[] value) {
    byte[] data = Arrays.copyOf(diBytes(di), 4 + value.length);
    System.arraycopy(value, 0, data, 4, value.length);
    return new Dlt645Frame(address, ANSWER | READ_DATA, data);
  }

  /** The error answer to a read, carrying the error byte (see {@link ErrorAnswerException}). */
  public static Dlt645Frame errorAnswer(MeterAddress address, int errorByte) {
    return new Dlt645Frame(address, ANSWER | ERROR | READ_DATA, new byte[] {(byte) errorByte});
  }

  /** A meter's answer to {@link #readAddress()}: its address, also as the data. */
  public static Dlt645Frame addressAnswer(MeterAddress address) {
    return new Dlt645Frame(address, ANSWER | READ_ADDRESS, address.wire());
  }

  /** The function, the low 5 bits of the control code: {@link #READ_DATA} or another. */
  public int function() {
    return control & FUNCTION;
  }

  /** Whether a meter sent the frame (bit 7), rather than the agent. */
  public boolean isAnswer() {
    return (control & ANSWER) != 0;
  }

  /** Whether the frame is an error answer (bit 6): its data is the error byte. */
  public boolean isError() {
    return isAnswer() && (control & ERROR) != 0;
  }

  /** Whether further frames follow this answer (bit 5). */
  public boolean hasFollowing() {
    return (control & FOLLOWING) != 0;
  }

  /**
   * The data identifier at the start of the data, DI3 in the top byte.
   *
   * @throws BadFrameException if the data is shorter than 4 bytes
   */
  public int dataId() throws BadFrameException {
    if (data.length < 4) {
      throw new BadFrameException(
          "the frame carries " + data.length + " data bytes, too few for a data identifier");
    }
    return (data[0] & 0xFF)
        | (data[1] & 0xFF) << 8
        | (data[2] & 0xFF) << 16
        | (data[3] & 0xFF) << 24;
  }

  /** The data, without the 33H offset. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dlt645Frame f
        && f.address.equals(address)
        && f.control == control
        && Arrays.equals(f.data, data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, control, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Dlt645Frame[address=%s, control=%02XH, data=%s]",
        address,
        control,
        HexFormat.ofDelimiter(" ").withUpperCase().formatHex(data));
  }

  /** The 4 bytes of a data identifier in wire order: DI0 (the lowest byte) first. */
  static byte[] diBytes(int di) {
    return new byte[] {(byte) di, (byte) (di >> 8), (byte) (di >> 16), (byte) (di >> 24)};
  }
}
