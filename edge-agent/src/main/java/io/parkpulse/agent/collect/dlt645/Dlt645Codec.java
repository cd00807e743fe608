package io.parkpulse.agent.collect.dlt645;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PushbackInputStream;
import java.util.HexFormat;
import java.util.Locale;

/**
 * DL/T 645-2007 frames to bytes and back. On the wire a frame is {@code 68H}, the 6 address bytes
 * (least significant first), {@code 68H}, the control code, the data length L, L data bytes each
 * plus 33H, the checksum (the sum modulo 256 of every byte from the first 68H to the last data
 * byte) and {@code 16H}. A request is usually preceded by {@code FEH} bytes that wake the meter's
 * line receiver; an answer may start with some too, and the decoder skips them.
 */
public final class Dlt645Codec {

  /** The wake-up byte sent before a request. */
  public static final int WAKE_UP = 0xFE;

  private static final int START = 0x68;
  private static final int END = 0x16;
  private static final int OFFSET = 0x33;
  private static final int HEADER = 10;

  /** Bytes a stream read skips looking for a frame before it gives up: more than a whole frame. */
  static final int MAX_SKIPPED = 512;

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

  private Dlt645Codec() {}

  /** The frame's bytes, without wake-up bytes. */
  public static byte[] encode(Dlt645Frame frame) {
    return encode(frame, 0);
  }

  /** The frame's bytes after {@code wakeUp} FEH bytes (usually 4 before a request). */
  public static byte[] encode(Dlt645Frame frame, int wakeUp) {
    byte[] data = frame.data();
    byte[] out = new byte[wakeUp + 12 + data.length];
    int p = 0;
    while (p < wakeUp) {
      out[p++] = (byte) WAKE_UP;
    }
    int start = p;
    out[p++] = (byte) START;
    byte[] address = frame.address().wire();
    System.arraycopy(address, 0, out, p, 6);
    p += 6;
    out[p++] = (byte) START;
    out[p++] = (byte) frame.control();
    out[p++] = (byte) data.length;
    for (byte b : data) {
      out[p++] = (byte) (b + OFFSET);
    }
    out[p] = checksum(out, start, p);
    out[p + 1] = (byte) END;
    return out;
  }

  /**
   * The one frame in {@code bytes}, after any FEH bytes.
   *
   * @throws BadFrameException saying what is wrong: no start byte, a truncated frame, a length that
   *     does not match, no end byte, a bad checksum or an address that is not BCD
   */
  public static Dlt645Frame decode(byte[] bytes) throws BadFrameException {
    int start = 0;
    while (start < bytes.length && (bytes[start] & 0xFF) == WAKE_UP) {
      start++;
    }
    int given = bytes.length - start;
    if (given < 12) {
      throw new BadFrameException(
          "truncated frame: a frame has at least 12 bytes, "
              + given
              + " arrived ("
              + HEX.formatHex(bytes)
              + ")");
    }
    if ((bytes[start] & 0xFF) != START || (bytes[start + 7] & 0xFF) != START) {
      throw new BadFrameException(
          "not a DL/T 645 frame: it must start 68H, 6 address bytes, 68H ("
              + HEX.formatHex(bytes, start, start + 8)
              + ")");
    }
    int length = bytes[start + 9] & 0xFF;
    int size = 12 + length;
    if (given < size) {
      throw new BadFrameException(
          String.format(
              Locale.ROOT,
              "truncated frame: its length byte L=%02XH makes %d bytes, only %d arrived",
              length,
              size,
              given));
    }
    if (given > size) {
      throw new BadFrameException(
          String.format(
              Locale.ROOT,
              "wrong length: the length byte L=%02XH makes a %d-byte frame, but %d bytes were given",
              length,
              size,
              given));
    }
    return parse(bytes, start, length);
  }

  /**
   * The frame in {@code bytes}, which must be sent by or to {@code expected}.
   *
   * @throws BadFrameException as {@link #decode(byte[])}, or if the frame is for another address
   */
  public static Dlt645Frame decode(byte[] bytes, MeterAddress expected) throws BadFrameException {
    Dlt645Frame frame = decode(bytes);
    if (!expected.reaches(frame.address())) {
      throw new BadFrameException(
          "the frame is for meter " + frame.address() + ", not for meter " + expected);
    }
    return frame;
  }

  /**
   * Reads the next frame from {@code in}. FEH bytes and any garbage before a frame are skipped: the
   * read looks for the next 68H that starts a frame header, so it resynchronises after noise or
   * after the tail of an earlier frame. The frame may arrive in several pieces; each read of {@code
   * in} waits at most the line's timeout.
   *
   * @throws NoAnswerException if nothing at all arrived before the line's timeout or end
   * @throws BadFrameException if the frame is truncated or bad, or if only garbage arrived
   * @throws IOException if the line fails
   */
  public static Dlt645Frame read(InputStream in) throws IOException {
    PushbackInputStream stream = new PushbackInputStream(in, HEADER);
    int skipped = 0;
    byte[] header = new byte[HEADER];
    while (true) {
      int b = next(stream);
      if (b < 0) {
        if (skipped == 0) {
          throw new NoAnswerException("nothing arrived within the line's timeout");
        }
        throw new BadFrameException(
            skipped
                + " bytes arrived but no frame; a wrong baud rate or parity often looks like this");
      }
      if (b != START) {
        if (++skipped > MAX_SKIPPED) {
          throw new BadFrameException(
              "no frame in "
                  + MAX_SKIPPED
                  + " bytes; a wrong baud rate or parity often looks like this");
        }
        continue;
      }
      header[0] = (byte) b;
      int got = 1 + readUpTo(stream, header, 1, HEADER - 1);
      if (got < HEADER) {
        throw truncated(got, HEADER);
      }
      if ((header[7] & 0xFF) != START) {
        // This 68H did not start a frame: look again from the byte after it.
        stream.unread(header, 1, HEADER - 1);
        skipped++;
        continue;
      }
      int length = header[9] & 0xFF;
      byte[] frame = new byte[12 + length];
      System.arraycopy(header, 0, frame, 0, HEADER);
      int rest = readUpTo(stream, frame, HEADER, frame.length - HEADER);
      if (rest < frame.length - HEADER) {
        throw truncated(HEADER + rest, frame.length);
      }
      return parse(frame, 0, length);
    }
  }

  private static Dlt645Frame parse(byte[] bytes, int start, int length) throws BadFrameException {
    int sum = start + 10 + length;
    int end = sum + 1;
    if ((bytes[end] & 0xFF) != END) {
      throw new BadFrameException(
          String.format(
              Locale.ROOT,
              "no end byte 16H: byte %d of the frame is %02XH (frame %s)",
              end - start,
              bytes[end] & 0xFF,
              HEX.formatHex(bytes, start, end + 1)));
    }
    byte expected = checksum(bytes, start, sum);
    if (bytes[sum] != expected) {
      throw new BadFrameException(
          String.format(
              Locale.ROOT,
              "bad checksum: the frame says %02XH, its bytes sum to %02XH; the line corrupted it"
                  + " (check wiring, termination, baud rate and parity)",
              bytes[sum] & 0xFF,
              expected & 0xFF));
    }
    MeterAddress address = MeterAddress.fromWire(bytes, start + 1);
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (bytes[start + 10 + i] - OFFSET);
    }
    return new Dlt645Frame(address, bytes[start + 8] & 0xFF, data);
  }

  /** The sum modulo 256 of {@code bytes[from..to)}. */
  private static byte checksum(byte[] bytes, int from, int to) {
    int sum = 0;
    for (int i = from; i < to; i++) {
      sum += bytes[i] & 0xFF;
    }
    return (byte) sum;
  }

  private static BadFrameException truncated(int got, int size) {
    return new BadFrameException(
        "truncated frame: "
            + got
            + " of its "
            + size
            + " bytes arrived before the line fell silent");
  }

  /** The next byte, or -1 when the line's timeout passes or the stream ends. */
  private static int next(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (InterruptedIOException timeout) {
      return -1;
    }
  }

  /**
   * Reads up to {@code len} bytes, fewer only when the line falls silent or ends. Byte by byte, so
   * that bytes pushed back are counted exactly whatever the line does next.
   */
  private static int readUpTo(InputStream in, byte[] buf, int off, int len) throws IOException {
    for (int done = 0; done < len; done++) {
      int b = next(in);
      if (b < 0) {
        return done;
      }
      buf[off + done] = (byte) b;
    }
    return len;
  }
}
