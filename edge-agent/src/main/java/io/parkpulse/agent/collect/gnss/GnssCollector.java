package io.parkpulse.agent.collect.gnss;

import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.CollectorThread;
import io.parkpulse.agent.collect.ReadingSink;
import io.parkpulse.agent.collect.serial.SerialLink;
import io.parkpulse.agent.collect.serial.SerialSettings;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Collects the position of a GNSS receiver (BeiDou, GPS, or several systems) from the NMEA 0183
 * sentences it sends on a serial line or over TCP: points {@code lat}, {@code lon}, {@code
 * fix_quality} and {@code satellites}, with {@code speed_kmh} and {@code hdop} when the receiver
 * gives them. Which positions become readings is the {@link PublishPolicy}'s choice.
 *
 * <p>One daemon thread reads the line. When the line cannot be opened, drops, or stays silent for
 * {@link #silenceLimit()} (a receiver talks every second), the collector reports itself unhealthy,
 * closes it and opens it again with a backoff from 1 s to 30 s. Bad sentences (a wrong checksum, a
 * missing field, noise from a wrong baud rate) are counted and shown in the health, never thrown.
 */
public final class GnssCollector implements Collector {

  private static final Logger LOG = Logger.getLogger(GnssCollector.class.getName());
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** The longest silence taken from a working receiver, whatever the line's timeout. */
  private static final Duration MIN_SILENCE = Duration.ofSeconds(5);

  private final GnssSettings settings;
  private final String name;
  private final String line;
  private final GnssReadings readings;
  private final CollectorThread worker;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Object lifecycle = new Object();

  private ExecutorService executor;
  private volatile SerialLink open;
  private volatile boolean closed;
  private volatile String problem = "not started";
  private boolean failing;

  /**
   * Checks the settings; the line is opened only when started or probed.
   *
   * @throws IllegalArgumentException saying which setting is wrong and how
   */
  public GnssCollector(GnssSettings settings) {
    validate(settings);
    this.settings = settings;
    this.name = settings.device().username();
    this.line = settings.line().describe();
    this.readings =
        new GnssReadings(
            new PublishPolicy(
                settings.interval(), settings.minMoveMetres(), settings.stillEvery()));
    this.worker = new CollectorThread("gnss " + name + " " + line);
  }

  @Override
  public void start(ReadingSink sink) {
    Objects.requireNonNull(sink, "sink");
    synchronized (lifecycle) {
      if (closed || executor != null) {
        throw new IllegalStateException(
            name + ": the GNSS collector of " + line + (closed ? " is closed" : " was started"));
      }
      problem = "opening " + line;
      executor = Executors.newSingleThreadExecutor(worker);
      executor.execute(() -> run(sink));
    }
  }

  @Override
  public Health health() {
    String failure = problem;
    if (failure != null) {
      return new Health(false, failure + counts(), published.get(), failures.get());
    }
    return new Health(
        true, describeFix(System.nanoTime()) + counts(), published.get(), failures.get());
  }

  /**
   * Listens to the receiver until it has said whether it has a fix, for at most {@link
   * #silenceLimit()} and a second.
   */
  @Override
  public Health probe() {
    GnssReadings probing = new GnssReadings(new PublishPolicy(Duration.ZERO, 0, Duration.ZERO));
    long deadline = System.nanoTime() + silenceLimit().plusSeconds(1).toNanos();
    try (SerialLink link = SerialLink.open(settings.line())) {
      LineReader reader = new LineReader(link.input(), probing, settings.line().overTcp());
      while (!probing.fixKnown() && System.nanoTime() < deadline) {
        String text = reader.next();
        if (text != null) {
          probing.take(text, System.nanoTime());
        } else if (reader.ended()) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Health(false, e.getMessage(), 0, 1);
    }
    if (!probing.fixKnown()) {
      String heard =
          probing.sentences() > 0
              ? "sentences " + probing.addresses() + " but no GGA or RMC"
              : probing.bad() > 0
                  ? probing.bad()
                      + " lines, none a sound NMEA sentence (last: "
                      + probing.lastBad()
                      + "); check the baud rate, data bits and parity"
                  : "nothing; check that the receiver is on, its wiring and its baud rate"
                      + " (often 9600, 4800 or 115200)";
      return new Health(false, "from " + line + " came " + heard, 0, 1);
    }
    GnssFix fix = probing.fix();
    String detail =
        "reading " + probing.addresses() + " from " + line + ": " + describe(fix, probing);
    if (!fix.hasFix()) {
      detail += "; check that the antenna has a clear view of the sky";
    }
    return new Health(true, detail, 1, 0);
  }

  @Override
  public void close() {
    ExecutorService stopping;
    synchronized (lifecycle) {
      closed = true;
      stopping = executor;
    }
    SerialLink link = open;
    if (link != null) {
      link.close(); // ends a read under way
    }
    if (stopping != null) {
      stopping.shutdownNow();
      long wait = settings.line().timeout().toMillis() + 2000;
      try {
        if (!worker.awaitEnd(stopping, wait)) {
          LOG.warning(name + ": reading " + line + " did not stop within " + wait + " ms");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The collector's thread: open, read until the line fails, wait, again. */
  private void run(ReadingSink sink) {
    Duration backoff = MIN_BACKOFF;
    while (!closed) {
      SerialLink link;
      try {
        link = SerialLink.open(settings.line());
      } catch (IOException | RuntimeException e) {
        failed(e.getMessage() + "; trying again in " + backoff.toSeconds() + " s", e);
        backoff = pause(backoff);
        continue;
      }
      open = link;
      long heard = readings.sentences();
      try {
        if (closed) {
          return;
        }
        problem = "connected to " + line + ", no NMEA sentence yet";
        read(link, sink);
      } catch (IOException e) {
        if (readings.sentences() > heard) {
          backoff = MIN_BACKOFF; // it worked: a line that drops now and then is not backed off
        }
        if (!closed) {
          failed(e.getMessage() + "; opening it again in " + backoff.toSeconds() + " s", e);
        }
      } catch (RuntimeException e) {
        // not expected (a fault of the serial library, say): logged whole, and the line reopened
        LOG.log(Level.WARNING, name + ": reading " + line + " failed", e);
        failed(
            "reading "
                + line
                + " failed ("
                + e
                + "); see the agent log; opening it again in "
                + backoff.toSeconds()
                + " s",
            e);
      } finally {
        open = null;
        link.close();
      }
      if (!closed) {
        backoff = pause(backoff);
      }
    }
  }

  /**
   * Reads sentences until the line fails or the collector is closed.
   *
   * @throws IOException saying how the line failed
   */
  private void read(SerialLink link, ReadingSink sink) throws IOException {
    LineReader reader = new LineReader(link.input(), readings, settings.line().overTcp());
    long silence = silenceLimit().toNanos();
    long lastLine = System.nanoTime();
    while (!closed) {
      String text = reader.next();
      long now = System.nanoTime();
      if (text == null) {
        if (reader.ended()) {
          throw new EOFException(line + ": the receiver closed the connection");
        }
        if (now - lastLine > silence) {
          throw new IOException(
              line
                  + ": no sound sentence received for "
                  + silenceLimit().toSeconds()
                  + " s; check the receiver and its baud rate");
        }
        continue;
      }
      long before = readings.sentences();
      Optional<Map<String, Object>> reading = readings.take(text, now);
      if (readings.sentences() > before) {
        // Only a sound sentence counts: a line of garbage is silence from the receiver.
        lastLine = now;
        if (problem != null) {
          recovered();
        }
      }
      if (reading.isPresent()) {
        try {
          sink.take(settings.device(), Instant.now(), reading.get());
          published.incrementAndGet();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, name + ": the agent could not take a position reading", e);
        }
      }
    }
  }

  /** Waits {@code backoff} unless closed; returns the next backoff. */
  private Duration pause(Duration backoff) {
    try {
      Thread.sleep(backoff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
    Duration next = backoff.multipliedBy(2);
    return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
  }

  private synchronized void failed(String detail, Exception e) {
    failures.incrementAndGet();
    problem = detail;
    if (!failing) {
      failing = true;
      LOG.warning(name + ": " + detail);
    } else {
      LOG.log(Level.FINE, name + ": " + detail, e);
    }
  }

  private synchronized void recovered() {
    problem = null;
    if (failing) {
      failing = false;
      LOG.info(name + ": reading " + line + " again (line failures since start: " + failures + ")");
    }
  }

  /** How long the line may stay silent before it is taken as failed. */
  private Duration silenceLimit() {
    Duration fiveTimeouts = settings.line().timeout().multipliedBy(5);
    return fiveTimeouts.compareTo(MIN_SILENCE) > 0 ? fiveTimeouts : MIN_SILENCE;
  }

  private String describeFix(long now) {
    String detail = "reading " + line + ": " + describe(readings.fix(), readings);
    if (readings.fixKnown()) {
      detail +=
          readings
              .lastPositionAt()
              .map(t -> "; last position " + age(Duration.ofNanos(now - t)) + " ago")
              .orElse("; no position since start");
    }
    return detail;
  }

  private static String describe(GnssFix fix, GnssReadings counts) {
    if (!counts.fixKnown()) {
      return "no GGA or RMC yet";
    }
    List<String> parts = new ArrayList<>();
    if (fix.hasFix()) {
      parts.add(
          "fix "
              + fix.quality()
              + (fix.fixType() == null ? "" : " (" + fix.fixType() + "D)")
              + String.format(
                  Locale.ROOT, " at %.6f, %.6f", fix.position().lat(), fix.position().lon()));
    } else {
      parts.add("no fix");
    }
    if (fix.satellites() != null) {
      parts.add(fix.satellites() + " satellites");
    }
    if (fix.hasFix() && fix.hdop() != null) {
      parts.add("HDOP " + fix.hdop());
    }
    return String.join(", ", parts);
  }

  private String counts() {
    String counts = "; " + readings.sentences() + " sentences read, " + readings.bad() + " bad";
    String why = readings.lastBad();
    return why == null ? counts : counts + " (last: " + why + ")";
  }

  private static String age(Duration age) {
    long seconds = age.toSeconds();
    if (seconds < 120) {
      return seconds + " s";
    }
    return seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
  }

  private static void validate(GnssSettings settings) {
    Objects.requireNonNull(settings, "settings");
    List<String> problems = new ArrayList<>();
    if (settings.device() == null) {
      problems.add("the device is missing");
    }
    SerialSettings line = settings.line();
    if (line == null) {
      problems.add("the serial line is missing");
    } else if (line.timeout().toMillis() < 1 || line.timeout().toMillis() > Integer.MAX_VALUE) {
      problems.add("timeout " + line.timeout() + " must be at least 1 ms");
    }
    if (settings.interval() == null || settings.interval().isNegative()) {
      problems.add("interval " + settings.interval() + " must not be negative");
    }
    if (settings.stillEvery() == null || settings.stillEvery().toMillis() < 1) {
      problems.add("still-every " + settings.stillEvery() + " must be at least 1 ms");
    }
    if (!(settings.minMoveMetres() >= 0) || Double.isInfinite(settings.minMoveMetres())) {
      problems.add("min-move-metres " + settings.minMoveMetres() + " must be 0 or more");
    }
    if (!problems.isEmpty()) {
      String device = settings.device() == null ? "?" : settings.device().username();
      throw new IllegalArgumentException(
          "GNSS settings of " + device + ": " + String.join("; ", problems));
    }
  }

  /**
   * Splits what the line delivers into lines. A {@code $} starts a sentence afresh (a line break
   * lost to noise does not cost the next sentence), a fragment received before the first line break
   * (the tail of a sentence cut by opening the line) is dropped, and an overlong line is counted
   * bad.
   */
  private static final class LineReader {

    private final InputStream in;
    private final GnssReadings counts;
    private final boolean endCloses;
    private final StringBuilder text = new StringBuilder();
    private boolean started;
    private boolean overlong;
    private boolean ended;

    /**
     * @param endCloses whether the end of the stream means the line closed (TCP), rather than a
     *     read that timed out (jSerialComm may say so)
     */
    LineReader(InputStream in, GnssReadings counts, boolean endCloses) {
      this.in = new BufferedInputStream(in, 512);
      this.counts = counts;
      this.endCloses = endCloses;
    }

    /**
     * The next line, or null when none came within the line's timeout, the stream ended, or twice a
     * sentence's length of bytes came without one.
     *
     * @throws IOException if the line failed
     */
    String next() throws IOException {
      // Bytes without a usable line (noise, a wrong baud rate) return now and then, so that the
      // caller still sees the silence limit and being closed.
      for (int taken = 0; taken < 2 * NmeaParser.MAX_LENGTH; taken++) {
        int b;
        try {
          b = in.read();
        } catch (InterruptedIOException e) {
          return null; // the line's timeout: no data for now
        }
        if (b < 0) {
          ended = endCloses;
          return null;
        }
        if (b == '\n' || b == '\r') {
          String done = finish();
          if (done != null) {
            return done;
          }
          continue;
        }
        if (b == '$' && text.length() > 0) {
          if (started && !overlong) {
            counts.bad("'" + text + "' was cut by the next sentence");
          }
          text.setLength(0);
          overlong = false;
          started = true;
        }
        if (text.length() >= NmeaParser.MAX_LENGTH) {
          if (!overlong) {
            counts.bad("a line longer than " + NmeaParser.MAX_LENGTH + " characters");
          }
          overlong = true;
          continue;
        }
        text.append((char) b);
      }
      return null;
    }

    /** Whether the stream ended: over TCP, the other side closed the connection. */
    boolean ended() {
      return ended;
    }

    private String finish() {
      String done = text.toString();
      boolean first = !started;
      boolean drop = overlong || done.isEmpty() || first && !done.startsWith("$");
      started = started || !done.isEmpty();
      text.setLength(0);
      overlong = false;
      return drop ? null : done;
    }
  }
}
