package io.parkpulse.devstack.gnss;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated GNSS receiver for tests: it plays a {@link Route} and, every step, writes the fix of
 * the route's next second as a receiver does: GGA, RMC and GSA ({@code GNGGA}, {@code GNRMC},
 * {@code BDGSA} unless told other talkers), with right checksums and {@code \r\n} line breaks. A
 * step may be shorter than a second (one fix every 200 ms plays the route five times as fast).
 *
 * <p>It serves the sentences over TCP on {@code 127.0.0.1:}{@link #port()} to every client
 * connected, as a receiver with a TCP output or a serial server does ({@link #start}), or writes
 * them to a file such as one side of a pseudo-terminal pair ({@link #writingTo}).
 *
 * <p>Tests can pause and resume it, make it lose its fix for a while, inject a sentence with a
 * wrong checksum or any line, and drop its clients' connections.
 */
public final class NmeaReceiver implements AutoCloseable {

  /** Satellites reported in a fix. */
  public static final int SATELLITES = 12;

  /** HDOP reported in a fix. */
  public static final double HDOP = 0.8;

  private static final int[] BEIDOU_PRNS = {6, 9, 16, 19, 21, 22, 26, 29, 35, 44, 45, 46};

  private final Route route;
  private final ServerSocket server;
  private final List<OutputStream> outlets = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService threads =
      Executors.newScheduledThreadPool(2, NmeaReceiver::daemon);
  private final LocalDateTime startUtc =
      LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
  private final AtomicInteger badToInject = new AtomicInteger();

  private volatile String ggaTalker = "GN";
  private volatile String rmcTalker = "GN";
  private volatile String gsaTalker = "BD";
  private volatile boolean paused;
  private volatile boolean noFix;
  private volatile long second;
  private volatile long steps;
  private volatile LatLon lastPosition;

  private NmeaReceiver(Route route, ServerSocket server, OutputStream file) {
    this.route = route;
    this.server = server;
    if (file != null) {
      outlets.add(file);
    }
  }

  /**
   * Serves {@code route} over TCP on a free port of 127.0.0.1, one fix every {@code stepMillis}.
   */
  public static NmeaReceiver start(Route route, long stepMillis) {
    return start(route, stepMillis, 0);
  }

  /**
   * Serves {@code route} over TCP on {@code 127.0.0.1:port} (0: a free one), one fix every {@code
   * stepMillis}: a receiver started again on the port of one closed.
   */
  public static NmeaReceiver start(Route route, long stepMillis, int port) {
    ServerSocket server = null;
    try {
      server = bound(port);
      NmeaReceiver receiver = new NmeaReceiver(route, server, null);
      receiver.threads.execute(receiver::accept);
      receiver.play(stepMillis);
      return receiver;
    } catch (IOException e) {
      if (server != null) {
        try {
          server.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
      }
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  /**
   * A server socket on {@code port}, trying again for up to 10 s while the port is taken: a client
   * that keeps reconnecting to a closed port in the ephemeral range can be given that very port as
   * its own and connect to itself, holding it until its read times out.
   */
  private static ServerSocket bound(int port) throws IOException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      ServerSocket server = new ServerSocket();
      try {
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return server;
      } catch (java.net.BindException taken) {
        server.close();
        if (port == 0 || System.nanoTime() > deadline) {
          throw taken;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw taken;
        }
      }
    }
  }

  /**
   * Writes {@code route} to {@code device}, e.g. one side of a pseudo-terminal pair made by socat,
   * one fix every {@code stepMillis}.
   */
  public static NmeaReceiver writingTo(Path device, Route route, long stepMillis) {
    try {
      NmeaReceiver receiver =
          new NmeaReceiver(route, null, new FileOutputStream(device.toFile(), true));
      receiver.play(stepMillis);
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + device, e);
    }
  }

  /** The TCP port the sentences are served on. */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("this receiver writes to a file, not to TCP clients");
    }
    return server.getLocalPort();
  }

  /** The talkers of the GGA, RMC and GSA sentences from the next step on, e.g. GN, GN, BD. */
  public NmeaReceiver talkers(String gga, String rmc, String gsa) {
    this.ggaTalker = gga;
    this.rmcTalker = rmc;
    this.gsaTalker = gsa;
    return this;
  }

  /** Stops writing; the route stands still too, until {@link #resume()}. */
  public void pause() {
    paused = true;
  }

  /** Writes again from where the route stopped. */
  public void resume() {
    paused = false;
  }

  /**
   * While {@code lost}, writes sentences without a fix (GGA quality 0, RMC status V, GSA fix type
   * 1); the route goes on meanwhile, as a forklift drives on through a hall.
   */
  public void noFix(boolean lost) {
    noFix = lost;
  }

  /** Writes, at the next step, a copy of its GGA with a wrong checksum before the real one. */
  public void injectBadChecksum() {
    badToInject.incrementAndGet();
  }

  /** Writes {@code line} and a line break now, as it is. */
  public void send(String line) {
    write(line + "\r\n");
  }

  /** Closes the connections of the clients connected; new ones are still accepted. */
  public void dropClients() {
    if (server == null) {
      throw new IllegalStateException("this receiver writes to a file, not to TCP clients");
    }
    for (OutputStream out : outlets) {
      outlets.remove(out);
      closeQuietly(out);
    }
  }

  /** Clients connected (for a receiver writing to a file: 1). */
  public int clients() {
    return outlets.size();
  }

  /** Fixes written since start (with or without a fix). */
  public long steps() {
    return steps;
  }

  /** The position of the last fix written, or null before the first. */
  public LatLon lastPosition() {
    return lastPosition;
  }

  /** The route played. */
  public Route route() {
    return route;
  }

  @Override
  public void close() {
    threads.shutdownNow();
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        // closing: nothing more to do
      }
    }
    for (OutputStream out : outlets) {
      closeQuietly(out);
    }
    outlets.clear();
  }

  private void play(long stepMillis) {
    threads.scheduleAtFixedRate(this::stepGuarded, 0, stepMillis, TimeUnit.MILLISECONDS);
  }

  /** A step that fails is reported and the next one runs: the executor would drop the task. */
  private void stepGuarded() {
    try {
      step();
    } catch (RuntimeException e) {
      System.err.println("simulated GNSS receiver: a step failed: " + e);
    }
  }

  private void step() {
    if (paused) {
      return;
    }
    long s = second;
    LocalDateTime utc = startUtc.plusSeconds(s);
    List<String> lines = new ArrayList<>(4);
    if (noFix) {
      lines.add(NmeaSentences.ggaNoFix(ggaTalker, utc.toLocalTime(), 3));
      lines.add(NmeaSentences.rmcNoFix(rmcTalker, utc.toLocalTime(), utc.toLocalDate()));
      lines.add(NmeaSentences.gsa(gsaTalker, 1, new int[0], 99.99, 99.99, 99.99));
    } else {
      LatLon at = route.at(s);
      String gga = NmeaSentences.gga(ggaTalker, utc.toLocalTime(), at, 1, SATELLITES, HDOP, 45.0);
      if (badToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        lines.add(NmeaSentences.withBadChecksum(gga));
      }
      lines.add(gga);
      lines.add(
          NmeaSentences.rmc(
              rmcTalker,
              utc.toLocalTime(),
              utc.toLocalDate(),
              at,
              route.speedAt(s) / 0.514444,
              route.courseAt(s)));
      lines.add(NmeaSentences.gsa(gsaTalker, 3, BEIDOU_PRNS, 1.4, HDOP, 1.1));
      lastPosition = at;
    }
    write(String.join("\r\n", lines) + "\r\n");
    second = s + 1;
    steps++;
  }

  private void write(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    for (OutputStream out : outlets) {
      try {
        synchronized (out) {
          out.write(bytes);
          out.flush();
        }
      } catch (IOException e) {
        outlets.remove(out);
        closeQuietly(out);
      }
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        client.setTcpNoDelay(true);
        outlets.add(client.getOutputStream());
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      // already gone
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "nmea-receiver");
    thread.setDaemon(true);
    return thread;
  }
}
