package io.parkpulse.agent.collect.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.CollectorThread;
import io.parkpulse.agent.collect.ReadingSink;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Area;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import io.parkpulse.agent.collect.modbus.ReadPlan.Request;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls one Modbus TCP device with j2mod: each group at its own fixed rate, on one daemon thread,
 * one reading per poll. Neighbouring points are read in one request ({@link ReadPlan}).
 *
 * <p>Every failure is taken as transient: the collector reports itself unhealthy, logs once when it
 * starts failing and once when it recovers, and tries again at the group's next poll. j2mod's
 * {@code isConnected()} cannot tell that a device went away, so only a failed request does; after
 * one that did not come from the device, the connection is dropped and the next poll opens a new
 * one.
 *
 * <p>Writes go over the poll's connection, on the poll thread between two polls (some devices take
 * one connection only); before the collector is started, over a connection of their own.
 */
public final class ModbusCollector implements Collector {

  private static final Logger LOG = Logger.getLogger(ModbusCollector.class.getName());

  private final ModbusSettings settings;
  private final List<List<Request>> plans;
  private final String endpoint;
  private final int timeoutMillis;
  private final AtomicLong readings = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final Set<String> loggedSkips = ConcurrentHashMap.newKeySet();

  /** Per group, what its last poll failed with; null when it succeeded. Guarded by this. */
  private final String[] groupFailures;

  private boolean failing;
  private ScheduledExecutorService scheduler;
  private volatile CollectorThread worker;
  private boolean closed;

  /**
   * Used by the scheduler thread only (polls and writes), and by {@link #close()} once that thread
   * has stopped.
   */
  private volatile ModbusTCPMaster master;

  /**
   * Checks the settings; connects only when started or probed.
   *
   * @throws IllegalArgumentException saying which setting is wrong and how
   */
  public ModbusCollector(ModbusSettings settings) {
    validate(settings);
    this.settings = settings;
    this.plans = settings.groups().stream().map(g -> ReadPlan.of(g.points())).toList();
    this.endpoint = settings.host() + ":" + settings.port();
    this.timeoutMillis = (int) settings.timeout().toMillis();
    this.groupFailures = new String[settings.groups().size()];
    Arrays.fill(groupFailures, "not started");
  }

  @Override
  public synchronized void start(ReadingSink sink) {
    Objects.requireNonNull(sink, "sink");
    if (closed || scheduler != null) {
      throw new IllegalStateException(
          "the Modbus collector of "
              + endpoint
              + (closed ? " is closed" : " was already started")
              + "; it starts once");
    }
    Arrays.fill(groupFailures, "no answer yet from " + endpoint);
    worker = new CollectorThread("modbus " + settings.device().username() + " " + endpoint);
    scheduler = Executors.newSingleThreadScheduledExecutor(worker);
    long[] lastStart = new long[plans.size()];
    for (int i = 0; i < plans.size(); i++) {
      int group = i;
      long interval = settings.groups().get(group).interval().toNanos();
      scheduler.scheduleAtFixedRate(
          () -> {
            // A poll that overran (a device timing out) is not caught up with a burst of polls.
            long now = System.nanoTime();
            if (lastStart[group] != 0 && now - lastStart[group] < interval / 2) {
              return;
            }
            lastStart[group] = now;
            pollGuarded(group, sink);
          },
          0,
          interval,
          TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public synchronized Health health() {
    for (String failure : groupFailures) {
      if (failure != null) {
        return new Health(false, failure, readings.get(), failures.get());
      }
    }
    int points = settings.groups().stream().mapToInt(g -> g.points().size()).sum();
    String detail = "reading " + points + " points from " + endpoint + " unit " + unit();
    long skippedValues = skipped.get();
    if (skippedValues > 0) {
      detail += "; " + skippedValues + " values skipped as NaN or infinite";
    }
    return new Health(true, detail, readings.get(), failures.get());
  }

  @Override
  public Health probe() {
    ModbusTCPMaster probing = null;
    try {
      probing = connect(null);
      List<String> values = new ArrayList<>();
      for (int group = 0; group < plans.size(); group++) {
        Reading reading = read(probing, group);
        reading.metrics().forEach((name, value) -> values.add(name + "=" + value));
        reading.skipped().forEach(name -> values.add(name + "=NaN (skipped)"));
      }
      return new Health(
          true, "read " + values.size() + " points: " + ModbusPoints.summary(values), 1, 0);
    } catch (Exception e) {
      Failure failure = describe(e, "reading");
      return new Health(false, failure.what() + ": " + failure.check(), 0, 1);
    } finally {
      if (probing != null) {
        probing.disconnect();
      }
    }
  }

  /**
   * Writes a holding register point with function code 6 (one register) or 16 (two), and a coil
   * with function code 5; see {@link PointDecoder#encode} for how a number becomes registers.
   */
  @Override
  public void write(String name, Object value) throws IOException {
    Point point = writablePoint(name);
    Request target =
        new Request(point.area(), point.address(), ReadPlan.width(point), List.of(point));
    WriteRequest request = writeRequest(point, value);
    String writing = settings.device().username() + ": writing " + name + "=" + value + " failed: ";
    ScheduledExecutorService poller;
    synchronized (this) {
      if (closed) {
        throw new IOException(writing + "the Modbus collector of " + endpoint + " is closed");
      }
      poller = scheduler;
    }
    try {
      if (poller == null) {
        writeOnce(target, request);
      } else {
        writeBetweenPolls(poller, target, request, writing);
      }
    } catch (Unreachable | RequestException e) {
      Failure failure = describe(e, "writing");
      throw new IOException(writing + failure.what() + ": " + failure.check(), e);
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      closed = true;
      stopping = scheduler;
    }
    if (stopping != null) {
      // Writes still queued are cancelled, so that their callers learn it at once.
      for (Runnable queued : stopping.shutdownNow()) {
        if (queued instanceof Future<?> task) {
          task.cancel(false);
        }
      }
      // A poll under way ends within its requests' timeouts.
      int requests = plans.stream().mapToInt(List::size).max().orElse(0);
      long wait = (long) timeoutMillis * (requests + 1) + 1000;
      try {
        if (!worker.awaitEnd(stopping, wait)) {
          LOG.warning("Modbus poll of " + endpoint + " did not stop within " + wait + " ms");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ModbusTCPMaster open = master;
    master = null;
    if (open != null) {
      open.disconnect();
    }
  }

  private Point writablePoint(String name) {
    return ModbusPoints.writable(settings.device(), settings.groups(), name);
  }

  /** Function code 5 for a coil, 6 for one register, 16 for two. */
  private WriteRequest writeRequest(Point point, Object value) {
    try {
      if (point.area() == Area.COIL) {
        boolean bit = PointDecoder.encodeBit(point, value);
        return writer -> writer.writeCoil(unit(), point.address(), bit);
      }
      Register[] registers =
          Arrays.stream(PointDecoder.encode(point, value))
              .mapToObj(SimpleRegister::new)
              .toArray(Register[]::new);
      return registers.length == 1
          ? writer -> writer.writeSingleRegister(unit(), point.address(), registers[0])
          : writer -> writer.writeMultipleRegisters(unit(), point.address(), registers);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(settings.device().username() + ": " + e.getMessage(), e);
    }
  }

  /** Before start: a connection of its own, closed after the write. */
  private void writeOnce(Request target, WriteRequest request)
      throws Unreachable, RequestException {
    ModbusTCPMaster writer = connect(null);
    try {
      send(writer, target, request);
    } finally {
      writer.disconnect();
    }
  }

  /** While polling: on the poll thread, over the poll's connection. */
  private void writeBetweenPolls(
      ScheduledExecutorService poller, Request target, WriteRequest request, String writing)
      throws IOException, Unreachable, RequestException {
    Future<?> done;
    try {
      done =
          poller.submit(
              () -> {
                try {
                  master = connect(master);
                  send(master, target, request);
                } catch (Unreachable | RequestException e) {
                  if (!(e.getCause() instanceof ModbusSlaveException)) {
                    // As after a failed poll: the next request starts from a new connection.
                    dropConnection();
                  }
                  throw e;
                }
                return null;
              });
    } catch (RejectedExecutionException e) {
      throw new IOException(writing + "the Modbus collector of " + endpoint + " is closed", e);
    }
    // A poll under way, then the write, each within its requests' timeouts.
    int requests = plans.stream().mapToInt(List::size).max().orElse(0);
    long wait = (long) timeoutMillis * (requests + 2) + 1000;
    try {
      done.get(wait, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      done.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(writing + "interrupted");
    } catch (TimeoutException e) {
      done.cancel(true);
      throw new IOException(
          writing
              + "the poll thread of "
              + endpoint
              + " did not get it done within "
              + wait
              + " ms",
          e);
    } catch (CancellationException e) {
      throw new IOException(writing + "the Modbus collector of " + endpoint + " was closed", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Unreachable u) {
        throw u;
      }
      if (e.getCause() instanceof RequestException r) {
        throw r;
      }
      throw new IOException(writing + e.getCause(), e.getCause());
    }
  }

  private void send(ModbusTCPMaster writer, Request target, WriteRequest request)
      throws RequestException {
    try {
      request.send(writer);
    } catch (ModbusException e) {
      throw new RequestException(target, e);
    }
  }

  private void dropConnection() {
    ModbusTCPMaster broken = master;
    master = null;
    if (broken != null) {
      broken.disconnect();
    }
  }

  private void pollGuarded(int group, ReadingSink sink) {
    try {
      poll(group, sink);
    } catch (Throwable e) {
      // Nothing may leave the scheduler's thread: an exception would cancel the group's polls.
      LOG.log(Level.SEVERE, "Modbus poll of " + endpoint + " failed unexpectedly", e);
      failures.incrementAndGet();
    }
  }

  private void poll(int group, ReadingSink sink) {
    String retry =
        "; retrying every " + ModbusPoints.format(settings.groups().get(group).interval());
    Reading reading;
    try {
      master = connect(master);
      reading = read(master, group);
    } catch (Exception e) {
      if (!(e instanceof RequestException r && r.getCause() instanceof ModbusSlaveException)) {
        // The device did not answer: start again from a new connection.
        dropConnection();
      }
      Failure failure = describe(e, "reading");
      failed(group, failure.what() + ": " + failure.check() + retry, e);
      return;
    }
    for (String name : reading.skipped()) {
      skipped.incrementAndGet();
      if (loggedSkips.add(name)) {
        LOG.warning(
            settings.device().username()
                + ": point '"
                + name
                + "' read NaN or infinite from "
                + endpoint
                + "; it is left out of the readings while it does");
      }
    }
    if (!reading.metrics().isEmpty()) {
      try {
        sink.take(settings.device(), Instant.now(), reading.metrics());
      } catch (RuntimeException e) {
        failed(group, "the agent could not take the reading (" + e + ")" + retry, e);
        return;
      }
      readings.incrementAndGet();
    }
    succeeded(group);
  }

  private synchronized void failed(int group, String detail, Exception e) {
    failures.incrementAndGet();
    groupFailures[group] = detail;
    if (!failing) {
      failing = true;
      String message = settings.device().username() + ": " + detail;
      boolean expected =
          e instanceof Unreachable
              || e instanceof RequestException && e.getCause() instanceof ModbusException;
      if (expected) {
        LOG.warning(message);
      } else {
        LOG.log(Level.WARNING, message, e);
      }
    }
  }

  private synchronized void succeeded(int group) {
    groupFailures[group] = null;
    if (failing && Arrays.stream(groupFailures).allMatch(Objects::isNull)) {
      failing = false;
      LOG.info(
          settings.device().username()
              + ": reading "
              + endpoint
              + " again ("
              + failures.get()
              + " failed polls since start)");
    }
  }

  /** Connects {@code current}, or a new master when there is none; j2mod does not throw here. */
  private ModbusTCPMaster connect(ModbusTCPMaster current) throws Unreachable {
    ModbusTCPMaster connecting = current;
    try {
      if (connecting == null) {
        connecting =
            new ModbusTCPMaster(settings.host(), settings.port(), timeoutMillis, false, false);
      }
      connecting.connect();
      // One attempt per poll: the next poll is the retry, and a poll must not outlast its interval.
      connecting.setRetries(1);
      return connecting;
    } catch (Exception e) {
      throw new Unreachable(e);
    }
  }

  /** Reads a group's points, in the group's order, leaving out floats that are not numbers. */
  private Reading read(ModbusTCPMaster reader, int group) throws RequestException {
    Map<String, Object> values = new HashMap<>();
    List<String> skippedNames = new ArrayList<>(0);
    for (Request request : plans.get(group)) {
      try {
        if (ReadPlan.isBits(request.area())) {
          BitVector bits =
              request.area() == Area.COIL
                  ? reader.readCoils(unit(), request.start(), request.count())
                  : reader.readInputDiscretes(unit(), request.start(), request.count());
          for (Point point : request.points()) {
            values.put(point.spec().name(), bits.getBit(request.indexOf(point)));
          }
        } else {
          InputRegister[] registers =
              request.area() == Area.HOLDING_REGISTER
                  ? reader.readMultipleRegisters(unit(), request.start(), request.count())
                  : reader.readInputRegisters(unit(), request.start(), request.count());
          if (registers.length != request.count()) {
            throw new ModbusException(
                "answered " + registers.length + " registers, not " + request.count());
          }
          int[] words = new int[registers.length];
          for (int i = 0; i < words.length; i++) {
            words[i] = registers[i].getValue();
          }
          ModbusPoints.decode(request, words, values, skippedNames);
        }
      } catch (ModbusException e) {
        throw new RequestException(request, e);
      }
    }
    Map<String, Object> metrics = ModbusPoints.inGroupOrder(settings.groups().get(group), values);
    return new Reading(metrics, skippedNames);
  }

  /**
   * Says what failed and what to check, in the technician's terms.
   *
   * @param doing {@code reading} or {@code writing}
   */
  private Failure describe(Exception e, String doing) {
    if (e instanceof Unreachable) {
      Throwable cause = e.getCause();
      if (cause.getCause() instanceof java.net.UnknownHostException) {
        return new Failure(
            "cannot resolve " + settings.host(), "check the host name and the DNS settings");
      }
      return new Failure(
          "cannot reach " + endpoint + " (" + reason(cause) + ")",
          "check that the device is on and on the network, that "
              + endpoint
              + " is its Modbus TCP address and that no firewall blocks it");
    }
    if (e instanceof RequestException r) {
      String what = r.request.describe() + " (" + ModbusPoints.names(r.request) + ")";
      if (r.getCause() instanceof ModbusSlaveException slave) {
        return new Failure(
            "unit " + unit() + " answered " + slave.getMessage() + " for " + what,
            ModbusPoints.check(slave.getType(), r.request, doing, unit()));
      }
      String message = reason(r.getCause());
      if (r.getCause() instanceof ModbusIOException && isTimeout(message)) {
        return new Failure(
            "no answer from " + endpoint + " unit " + unit() + " within " + timeoutMillis + " ms",
            "check the unit id and that the device is on; a slow device needs a longer timeout");
      }
      return new Failure(
          doing
              + " "
              + what
              + (doing.equals("writing") ? " of " : " from ")
              + endpoint
              + " failed ("
              + message
              + ")",
          "check the device and the network");
    }
    return new Failure(
        doing + " " + endpoint + " failed (" + e + ")", "see the agent log for the cause");
  }

  private static boolean isTimeout(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("timed out") || lower.contains("timeout");
  }

  /** The reason without j2mod's hex dump of the request. */
  private static String reason(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int tried = message.indexOf("times) ");
    return tried < 0 ? message.trim() : message.substring(tried + 7).trim();
  }

  private int unit() {
    return settings.unitId();
  }

  private static void validate(ModbusSettings settings) {
    Objects.requireNonNull(settings, "settings");
    String device = settings.device() == null ? "?" : settings.device().username();
    List<String> problems = new ArrayList<>();
    if (settings.device() == null) {
      problems.add("the device is missing");
    }
    if (settings.host() == null || settings.host().isBlank()) {
      problems.add("the host is missing");
    }
    if (settings.port() < 1 || settings.port() > 65535) {
      problems.add("port " + settings.port() + " is not between 1 and 65535 (Modbus TCP: 502)");
    }
    if (settings.unitId() < 0 || settings.unitId() > 255) {
      problems.add("unit id " + settings.unitId() + " is not between 0 and 255");
    }
    Duration timeout = settings.timeout();
    if (timeout == null || timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
      problems.add("timeout " + timeout + " must be at least 1 ms");
    }
    problems.addAll(ModbusPoints.problems(settings.groups()));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Modbus settings of " + device + ": " + String.join("; ", problems));
    }
  }

  /** What one read of a group gave: values in the group's order, and NaN floats left out. */
  private record Reading(Map<String, Object> metrics, List<String> skipped) {}

  /** One write request: function code 5, 6 or 16. */
  @FunctionalInterface
  private interface WriteRequest {
    void send(ModbusTCPMaster writer) throws ModbusException;
  }

  /** What failed, and what the technician should check. */
  private record Failure(String what, String check) {}

  /** The device could not be connected to. */
  private static final class Unreachable extends Exception {
    Unreachable(Exception cause) {
      super(cause);
    }
  }

  /** A request failed: the device answered with an exception, or not at all. */
  private static final class RequestException extends Exception {
    final transient Request request;

    RequestException(Request request, ModbusException cause) {
      super(cause);
      this.request = request;
    }
  }
}
