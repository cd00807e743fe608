package io.parkpulse.agent.collect.dlt645;

import io.parkpulse.agent.collect.serial.SerialLink;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads DL/T 645-2007 meters on one serial line (RS-485, usually 2400 baud 8E1). Each call sends
 * one request and waits for its answer: it first drops whatever the line still holds (a late answer
 * to an earlier request), sends the wake-up bytes and the frame, then reads the answer, which may
 * arrive in several pieces; each piece may take up to the line's timeout.
 *
 * <p>Frames that are not the answer are skipped: the echo of the request that some RS-485 adapters
 * return, and a late answer from another meter or to another identifier. If the answer then does
 * not come, the {@link NoAnswerException} says what was skipped.
 *
 * <p>One thread uses a client at a time, and the caller leaves the bus quiet for the line's gap
 * between requests. The client does not retry: the poller decides.
 */
public final class Dlt645Client {

  /** FEH bytes sent before each request, as most meters expect. */
  public static final int WAKE_UP_BYTES = 4;

  /** Frames read for one request before giving up: an echo, a late answer, then the answer. */
  private static final int MAX_FRAMES = 4;

  private static final Logger LOG = Logger.getLogger(Dlt645Client.class.getName());

  private final SerialLink link;
  private final int wakeUp;

  /** A client that sends {@link #WAKE_UP_BYTES} before each request. */
  public Dlt645Client(SerialLink link) {
    this(link, WAKE_UP_BYTES);
  }

  /**
   * @param wakeUp how many FEH bytes to send before each request, 0 to 4
   */
  public Dlt645Client(SerialLink link, int wakeUp) {
    if (wakeUp < 0 || wakeUp > 4) {
      throw new IllegalArgumentException("0 to 4 wake-up bytes, not " + wakeUp);
    }
    this.link = link;
    this.wakeUp = wakeUp;
  }

  /**
   * Reads one value from a meter, in the identifier's unit.
   *
   * @throws ErrorAnswerException if the meter refuses, e.g. because it does not have {@code id}
   * @throws NoAnswerException if the meter does not answer within the line's timeout
   * @throws BadFrameException if the answer is corrupt or is not the format the standard gives
   * @throws IOException if the line fails
   */
  public double read(MeterAddress address, DataId id) throws IOException, ErrorAnswerException {
    byte[] value = readData(address, id.di());
    BcdFormat format = id.format();
    if (value.length != format.bytes()) {
      throw new BadFrameException(
          String.format(
              Locale.ROOT,
              "meter %s answered %d value bytes for %s; its format %s takes %d",
              address,
              value.length,
              id,
              format.pattern(),
              format.bytes()));
    }
    try {
      return format.decode(value, 0);
    } catch (BadFrameException e) {
      throw new BadFrameException("meter " + address + " answered " + id + ": " + e.getMessage());
    }
  }

  /**
   * Reads any data identifier and returns the bytes after the identifier, as the meter sent them
   * (least significant first, without the 33H offset).
   *
   * @param di the identifier, DI3 in the top byte, e.g. {@code 0x04000401}
   * @throws ErrorAnswerException if the meter refuses
   * @throws NoAnswerException if the meter does not answer within the line's timeout
   * @throws BadFrameException if the answer is corrupt
   * @throws IOException if the line fails
   */
  public byte[] readData(MeterAddress address, int di) throws IOException, ErrorAnswerException {
    String what = DataId.of(di).map(DataId::toString).orElse(DataId.hex(di));
    Dlt645Frame answer =
        exchange(
            Dlt645Frame.readData(address, di),
            what,
            frame -> frame.isError() || (frame.data().length >= 4 && dataId(frame) == di));
    byte[] data = answer.data();
    byte[] value = new byte[data.length - 4];
    System.arraycopy(data, 4, value, 0, value.length);
    return value;
  }

  /**
   * Asks the meter on the bus for its address with the wildcard address AAAAAAAAAAAA. Every meter
   * answers that address, so this works only with a single meter on the bus: with several, the
   * answers collide and arrive as a bad frame (or, with luck, as one meter's address).
   *
   * @throws NoAnswerException if no meter answers within the line's timeout
   * @throws BadFrameException if the answer is corrupt, for instance because several meters
   *     answered
   * @throws ErrorAnswerException if the meter refuses
   * @throws IOException if the line fails
   */
  public MeterAddress discoverAddress() throws IOException, ErrorAnswerException {
    Dlt645Frame answer = exchange(Dlt645Frame.readAddress(), "its address", frame -> true);
    byte[] data = answer.data();
    if (data.length != 6) {
      throw new BadFrameException(
          "the answer to an address read carries " + data.length + " data bytes instead of 6");
    }
    MeterAddress fromData = MeterAddress.fromWire(data, 0);
    if (!fromData.equals(answer.address())) {
      throw new BadFrameException(
          "the answer to an address read says "
              + fromData
              + " in its data and "
              + answer.address()
              + " in its header; did several meters answer?");
    }
    return fromData;
  }

  private Dlt645Frame exchange(Dlt645Frame request, String what, Predicate<Dlt645Frame> expected)
      throws IOException, ErrorAnswerException {
    MeterAddress to = request.address();
    link.discardInput();
    OutputStream out = link.output();
    out.write(Dlt645Codec.encode(request, wakeUp));
    out.flush();
    String skipped = "";
    for (int i = 0; i < MAX_FRAMES; i++) {
      Dlt645Frame frame;
      try {
        frame = Dlt645Codec.read(link.input());
      } catch (NoAnswerException e) {
        throw new NoAnswerException(
            "no answer from meter "
                + to
                + " on "
                + link.name()
                + " to a read of "
                + what
                + skipped
                + "; check the meter's address, the A/B wiring, the baud rate and parity (2400 8E1"
                + " for most meters)");
      } catch (BadFrameException e) {
        throw new BadFrameException(
            "bad answer from meter " + to + " on " + link.name() + ": " + e.getMessage());
      }
      String why = notTheAnswer(request, frame, expected);
      if (why == null) {
        if (frame.isError()) {
          byte[] data = frame.data();
          throw new ErrorAnswerException(frame.address(), what, data.length > 0 ? data[0] : 0);
        }
        return frame;
      }
      LOG.log(Level.FINE, "{0}: skipped {1} ({2})", new Object[] {link.name(), frame, why});
      skipped += "; skipped " + why;
    }
    throw new BadFrameException(
        MAX_FRAMES + " frames arrived on " + link.name() + ", none the answer" + skipped);
  }

  /** Why {@code frame} is not the answer to {@code request}, or null if it is. */
  private static String notTheAnswer(
      Dlt645Frame request, Dlt645Frame frame, Predicate<Dlt645Frame> expected) {
    if (!frame.isAnswer()) {
      return "a request (the adapter's echo, or another master on the bus)";
    }
    if (!request.address().reaches(frame.address())) {
      return "an answer from meter " + frame.address();
    }
    if (frame.function() != request.function() || !expected.test(frame)) {
      return "an answer from meter " + frame.address() + " to another request";
    }
    return null;
  }

  private static int dataId(Dlt645Frame frame) {
    byte[] d = frame.data();
    return (d[0] & 0xFF) | (d[1] & 0xFF) << 8 | (d[2] & 0xFF) << 16 | (d[3] & 0xFF) << 24;
  }
}
