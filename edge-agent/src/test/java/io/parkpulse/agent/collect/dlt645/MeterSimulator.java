package io.parkpulse.agent.collect.dlt645;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DL/T 645-2007 meters on one end of a line, for tests: answers data and address reads for the
 * meters it serves with the values the test sets, refuses unknown identifiers with error byte 02H,
 * and ignores frames for other addresses, as meters on a shared bus do. Each answer starts with two
 * FEH bytes and goes out in three pieces a few milliseconds apart, as slow serial lines deliver it.
 */
final class MeterSimulator implements AutoCloseable {

  private static final Duration PIECE_GAP = Duration.ofMillis(15);

  private final InputStream in;
  private final OutputStream out;
  private final Map<MeterAddress, Meter> meters = new ConcurrentHashMap<>();
  private final AtomicInteger badFrames = new AtomicInteger();
  private final AtomicInteger answers = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean ended;

  private static final class Meter {
    final Map<Integer, byte[]> values = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    volatile boolean silent;
    volatile Duration delay = Duration.ZERO;
  }

  /**
   * Starts serving {@code addresses} on a line: requests are read from {@code in}, answers written
   * to {@code out}.
   */
  MeterSimulator(InputStream in, OutputStream out, String... addresses) {
    this.in =
        new FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
          }
        };
    this.out = out;
    for (String address : addresses) {
      meters.put(MeterAddress.of(address), new Meter());
    }
    thread = new Thread(this::serve, "dlt645-meter-simulator");
    thread.setDaemon(true);
    thread.start();
  }

  /** Sets the value the meter at {@code address} answers for {@code id}. */
  void set(String address, DataId id, double value) {
    meter(address).values.put(id.di(), id.format().encode(value));
  }

  /** Sets the raw value bytes (least significant first) the meter answers for {@code di}. */
  void setRaw(String address, int di, byte[] value) {
    meter(address).values.put(di, value.clone());
  }

  /**
   * Makes the meter at {@code address} ignore every request (as if switched off), or answer again.
   */
  void silence(String address, boolean silent) {
    meter(address).silent = silent;
  }

  /** Makes the meter at {@code address} wait this long before it answers. */
  void delay(String address, Duration delay) {
    meter(address).delay = delay;
  }

  /** Requests the meter at {@code address} received, answered or not (wildcard reads included). */
  int requests(String address) {
    return meter(address).requests.get();
  }

  /** Answers written so far, by all meters. */
  int answers() {
    return answers.get();
  }

  /** Frames that arrived corrupt. */
  int badFrames() {
    return badFrames.get();
  }

  private Meter meter(String address) {
    Meter meter = meters.get(MeterAddress.of(address));
    if (meter == null) {
      throw new IllegalArgumentException("the simulator does not serve meter " + address);
    }
    return meter;
  }

  private void serve() {
    while (running) {
      Dlt645Frame request;
      try {
        request = Dlt645Codec.read(in);
      } catch (NoAnswerException quiet) {
        if (ended) {
          return; // the other end closed the line
        }
        continue;
      } catch (BadFrameException e) {
        badFrames.incrementAndGet();
        continue;
      } catch (IOException e) {
        return; // the line was closed
      }
      if (request.isAnswer()) {
        continue; // another meter's answer on the bus
      }
      for (Map.Entry<MeterAddress, Meter> entry : meters.entrySet()) {
        if (request.address().reaches(entry.getKey())) {
          entry.getValue().requests.incrementAndGet();
          Dlt645Frame answer = answer(entry.getKey(), entry.getValue(), request);
          if (answer != null && !entry.getValue().silent) {
            try {
              send(answer, entry.getValue().delay);
            } catch (IOException | InterruptedException e) {
              return;
            }
          }
        }
      }
    }
  }

  private static Dlt645Frame answer(MeterAddress address, Meter meter, Dlt645Frame request) {
    if (request.control() == Dlt645Frame.READ_ADDRESS) {
      return Dlt645Frame.addressAnswer(address);
    }
    if (request.control() != Dlt645Frame.READ_DATA) {
      return Dlt645Frame.errorAnswer(address, 0x01);
    }
    int di;
    try {
      di = request.dataId();
    } catch (BadFrameException e) {
      return Dlt645Frame.errorAnswer(address, 0x01);
    }
    byte[] value = meter.values.get(di);
    return value == null
        ? Dlt645Frame.errorAnswer(address, 0x02)
        : Dlt645Frame.dataAnswer(address, di, value);
  }

  private void send(Dlt645Frame answer, Duration delay) throws IOException, InterruptedException {
    Thread.sleep(delay.toMillis());
    byte[] bytes = Dlt645Codec.encode(answer, 2);
    int third = bytes.length / 3;
    int[] cuts = {0, third, 2 * third, bytes.length};
    for (int i = 0; i < 3; i++) {
      if (i > 0) {
        Thread.sleep(PIECE_GAP.toMillis());
      }
      out.write(bytes, cuts[i], cuts[i + 1] - cuts[i]);
      out.flush();
    }
    answers.incrementAndGet();
  }

  /** Stops serving and waits for the thread to end; the caller closes the line itself. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    try {
      in.close(); // wakes a read on a socket without timeout
    } catch (IOException e) {
      // Already closed.
    }
    thread.join(5_000);
  }
}
