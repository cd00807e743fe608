package io.parkpulse.agent.collect.serial;

import io.parkpulse.agent.collect.CollectorThread;
import io.parkpulse.agent.collect.ReadingSink;
import io.parkpulse.model.DeviceRef;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One RS-485 line shared by several devices ("drops"), polled in turn by one daemon thread. The bus
 * knows no protocol: a drop is a device address with {@link Schedule schedules}, each an interval
 * and an {@link Exchange} that reads one set of values over the open line.
 *
 * <p>On the line, one request at a time: each schedule is due at its own interval, the earliest due
 * goes first, and between the end of one exchange and the next request the bus keeps the line's
 * {@code gap} of silence. Input left over from an earlier exchange (a late answer) is discarded
 * before each one.
 *
 * <p>A drop that does not answer, or answers garbage, is isolated: its polls wait 1 s, then 2 s,
 * doubling up to 60 s after each further failure, so that a dead device costs the others one
 * timeout per wait rather than one per interval. Its failures and the times it was isolated are
 * counted in its {@link Status}. A drop that answers with an error ({@link RefusedException}) is
 * there: the failure is counted, but it is not isolated.
 *
 * <p>If the line cannot be opened (no such port, the serial server unreachable) or goes away (end
 * of stream, an I/O error other than a timeout), every drop reports that, and the bus opens it
 * again after the same doubling waits.
 */
public final class Bus implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Bus.class.getName());

  /** The first wait after a failure; it doubles after each further one. */
  static final Duration FIRST_WAIT = Duration.ofSeconds(1);

  /** The longest wait between two tries. */
  static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

  private final String name;
  private final SerialSettings line;
  private final Consumer<Bus> whenEmpty;
  private final CollectorThread thread;
  private final ExecutorService executor;

  /** Guards everything below; the bus thread waits on it for work. */
  private final Object lock = new Object();

  private final List<Drop> drops = new ArrayList<>();
  private final Deque<Call<?>> calls = new ArrayDeque<>();
  private boolean started;
  private boolean closed;

  /** The open line, or null. */
  private GuardedLink link;

  /** Why the line is not open, or null while it is (or before the first try). */
  private String lineProblem;

  private int lineFailuresInRow;
  private long lineRetryAt;

  /** When the last exchange on the line ended, for the gap before the next request. */
  private long lastEnd;

  /** The drop whose poll is under way, so that detaching it waits for the poll. */
  private Drop polling;

  /**
   * A bus on {@code line}, not started.
   *
   * @param name the line's name in the configuration, e.g. {@code rs485-1}
   */
  public Bus(String name, SerialSettings line) {
    this(name, line, bus -> {});
  }

  /** As above; {@code whenEmpty} is called, outside the bus's lock, when its last drop leaves. */
  Bus(String name, SerialSettings line, Consumer<Bus> whenEmpty) {
    this.name = Objects.requireNonNull(name, "name");
    this.line = Objects.requireNonNull(line, "line");
    this.whenEmpty = whenEmpty;
    this.thread = new CollectorThread("serial bus " + name);
    this.executor = Executors.newSingleThreadExecutor(thread);
  }

  /** The line's name in the configuration. */
  public String name() {
    return name;
  }

  /** The line's settings. */
  public SerialSettings line() {
    return line;
  }

  /** {@code rs485-1 (/dev/ttyUSB0 9600 8E1)}: the bus as health details name it. */
  public String describe() {
    return name + " (" + line.describe() + ")";
  }

  /** Starts the bus's thread, which opens the line; it starts once. */
  public void start() {
    synchronized (lock) {
      if (started || closed) {
        throw new IllegalStateException("bus " + name + " starts once");
      }
      started = true;
    }
    executor.execute(this::run);
  }

  /**
   * Adds a drop: its schedules are first due now, then every interval.
   *
   * @param drop how health and logs name it on the line, e.g. {@code unit 3}
   * @param device the device its readings belong to
   * @param schedules what to read, each at its interval; at least one
   * @param sink where its readings go
   */
  public Drop attach(String drop, DeviceRef device, List<Schedule> schedules, ReadingSink sink) {
    if (schedules.isEmpty()) {
      throw new IllegalArgumentException(drop + " on bus " + name + " has nothing to read");
    }
    Drop added = new Drop(drop, device, schedules, sink);
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("bus " + name + " is closed");
      }
      drops.add(added);
      lock.notifyAll();
    }
    return added;
  }

  /**
   * Runs one exchange on the bus's thread, between two polls, and waits for it: for a probe or a
   * write while the bus runs. Before the bus is started, it waits until it is.
   *
   * @param wait how long to wait for the bus and the exchange, at most
   * @throws IOException what the exchange threw, or that the line is not open (saying why), or that
   *     the bus did not get to it in time
   */
  public <T> T call(Exchange<T> exchange, Duration wait) throws IOException {
    Call<T> call = new Call<>(exchange);
    synchronized (lock) {
      if (closed) {
        throw new IOException("bus " + describe() + " is closed");
      }
      if (link == null && lineProblem != null && System.nanoTime() < lineRetryAt) {
        throw new IOException(lineDetail(System.nanoTime()));
      }
      calls.add(call);
      lock.notifyAll();
    }
    try {
      return call.done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for bus " + name);
    } catch (TimeoutException e) {
      synchronized (lock) {
        calls.remove(call);
      }
      throw new IOException(
          "bus " + describe() + " did not get to the request within " + wait.toMillis() + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause().toString(), e.getCause());
    }
  }

  /** Whether no drop is attached. */
  boolean isEmpty() {
    synchronized (lock) {
      return drops.isEmpty();
    }
  }

  /** Stops the thread and closes the line; waits for an exchange under way to end. */
  @Override
  public void close() {
    List<Call<?>> dropped;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
      dropped = List.copyOf(calls);
      calls.clear();
    }
    dropped.forEach(c -> c.done.completeExceptionally(new IOException("bus " + name + " closed")));
    executor.shutdownNow();
    // An exchange under way ends within a few of the line's timeouts.
    long wait = line.timeout().toMillis() * 4 + 2000;
    try {
      if (!thread.awaitEnd(executor, wait)) {
        LOG.warning("bus " + describe() + " did not stop within " + wait + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      closeLink();
    }
  }

  private void run() {
    try {
      while (true) {
        Runnable work = next();
        if (work == null) {
          return;
        }
        try {
          work.run();
        } catch (RuntimeException e) {
          // Nothing may end the bus's thread: the drops would stop being read.
          LOG.log(Level.SEVERE, "bus " + describe() + " failed unexpectedly", e);
          synchronized (lock) {
            polling = null;
            lock.notifyAll();
          }
        }
      }
    } catch (InterruptedException e) {
      // Closing.
    } finally {
      List<Call<?>> left;
      synchronized (lock) {
        closeLink();
        left = List.copyOf(calls);
        calls.clear();
      }
      left.forEach(c -> c.done.completeExceptionally(new IOException("bus " + name + " closed")));
    }
  }

  /** Waits for the next thing to do: open the line, a call, or a due poll; null when closed. */
  private Runnable next() throws InterruptedException {
    synchronized (lock) {
      while (true) {
        if (closed) {
          return null;
        }
        long now = System.nanoTime();
        if (link == null) {
          if (now - lineRetryAt >= 0) {
            return this::openLine;
          }
          failCalls(lineDetail(now));
          waitUntil(lineRetryAt, now);
          continue;
        }
        Call<?> call = calls.poll();
        if (call != null) {
          return () -> exchange(call);
        }
        Task earliest = null;
        for (Drop drop : drops) {
          for (Task task : drop.tasks) {
            if (earliest == null || task.due() - earliest.due() < 0) {
              earliest = task;
            }
          }
        }
        if (earliest != null && now - earliest.due() >= 0) {
          Task due = earliest;
          polling = due.drop;
          return () -> poll(due);
        }
        if (earliest == null) {
          lock.wait();
        } else {
          waitUntil(earliest.due(), now);
        }
      }
    }
  }

  private void waitUntil(long at, long now) throws InterruptedException {
    long millis = TimeUnit.NANOSECONDS.toMillis(at - now);
    lock.wait(Math.max(1, millis));
  }

  private void openLine() {
    SerialLink opened = null;
    String problem = null;
    try {
      opened = SerialLink.open(line);
    } catch (IOException | RuntimeException e) {
      problem = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    synchronized (lock) {
      long now = System.nanoTime();
      if (opened != null) {
        if (closed) {
          opened.close();
          return;
        }
        link = new GuardedLink(opened);
        lastEnd = now;
        if (lineProblem != null) {
          LOG.info("bus " + describe() + ": line open again");
        }
        lineProblem = null;
        return;
      }
      lineFailuresInRow++;
      lineRetryAt = now + backoff(lineFailuresInRow).toNanos();
      if (lineProblem == null || lineFailuresInRow == 1) {
        LOG.warning("bus " + name + ": " + problem);
      }
      lineProblem = problem;
      for (Drop drop : drops) {
        drop.failures++;
      }
    }
  }

  /** Runs a call between polls; it counts for no drop. */
  private <T> void exchange(Call<T> call) {
    GuardedLink open = link;
    try {
      pauseForGap();
      open.discardInput();
      call.done.complete(call.exchange.over(open));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.done.completeExceptionally(new InterruptedIOException("bus " + name + " closing"));
    } catch (IOException | RuntimeException e) {
      call.done.completeExceptionally(e);
    }
    synchronized (lock) {
      lastEnd = System.nanoTime();
      if (open.broken != null) {
        lineLost(open.broken);
      }
    }
  }

  private void poll(Task task) {
    Drop drop = task.drop;
    GuardedLink open = link;
    Map<String, Object> metrics = null;
    Exception failure = null;
    try {
      pauseForGap();
      open.discardInput();
      metrics = task.schedule.poll().over(open);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = new InterruptedIOException("bus closing");
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    boolean lineOk = open.broken == null;
    RuntimeException notTaken = null;
    if (failure == null && lineOk && metrics != null && !metrics.isEmpty()) {
      try {
        drop.sink.take(drop.device, Instant.now(), metrics);
      } catch (RuntimeException e) {
        notTaken = e;
      }
    }
    synchronized (lock) {
      long now = System.nanoTime();
      lastEnd = now;
      task.advance(now);
      polling = null;
      lock.notifyAll();
      if (closed) {
        return;
      }
      if (!lineOk) {
        drop.failures++;
        task.problem = null;
        lineLost(open.broken);
      } else if (failure instanceof RefusedException refused) {
        drop.failures++;
        drop.answered(describe());
        task.problem = refused.getMessage();
      } else if (failure != null) {
        drop.isolate(task, failure, now);
      } else if (notTaken != null) {
        drop.failures++;
        drop.answered(describe());
        task.problem = "the agent could not take the reading (" + notTaken + ")";
        LOG.log(Level.WARNING, drop.device.username() + ": " + task.problem, notTaken);
      } else {
        drop.answered(describe());
        task.problem = null;
        if (metrics != null && !metrics.isEmpty()) {
          drop.readings++;
        }
      }
    }
  }

  /** Keeps the line's gap between the end of the last exchange and the next request. */
  private void pauseForGap() throws InterruptedException {
    long since;
    synchronized (lock) {
      since = System.nanoTime() - lastEnd;
    }
    long rest = line.gap().toNanos() - since;
    if (rest > 0) {
      TimeUnit.NANOSECONDS.sleep(rest);
    }
  }

  /** The line went away under an exchange: close it, and open it again after a wait. */
  private void lineLost(String reason) {
    closeLink();
    lineFailuresInRow++;
    lineRetryAt = System.nanoTime() + backoff(lineFailuresInRow).toNanos();
    lineProblem = "lost the line " + line.describe() + " (" + reason + ")";
    LOG.warning("bus " + name + ": " + lineProblem + "; opening it again");
  }

  private void closeLink() {
    if (link != null) {
      link.close();
      link = null;
    }
  }

  private void failCalls(String why) {
    Call<?> call;
    while ((call = calls.poll()) != null) {
      call.done.completeExceptionally(new IOException(why));
    }
  }

  private String lineDetail(long now) {
    return lineProblem + "; next try in " + seconds(lineRetryAt - now);
  }

  /** {@code 1s}, {@code 2s}, … {@code 60s} after the first, second, … failure in a row. */
  static Duration backoff(int failuresInRow) {
    int doublings = Math.min(Math.max(0, failuresInRow - 1), 6);
    Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
    return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
  }

  private static String seconds(long nanos) {
    return Math.max(0, (nanos + 999_999_999) / 1_000_000_000) + " s";
  }

  /**
   * What a drop reads at an interval.
   *
   * @param interval how often
   * @param poll one read: the metrics of one reading, or empty for none
   */
  public record Schedule(Duration interval, Exchange<Map<String, Object>> poll) {
    public Schedule {
      if (interval == null || interval.toMillis() < 1) {
        throw new IllegalArgumentException("interval " + interval + " must be at least 1 ms");
      }
      Objects.requireNonNull(poll, "poll");
    }
  }

  /**
   * How a drop is doing.
   *
   * @param ok whether its last polls succeeded, and the line is open
   * @param problem what is wrong and what to check, or null when ok
   * @param readings readings handed to the sink since it was attached
   * @param failures failed polls since it was attached (and failed tries to open the line)
   * @param isolations times it stopped answering and was isolated
   */
  public record Status(boolean ok, String problem, long readings, long failures, long isolations) {}

  /** A device on the bus, as {@link #attach} added it. */
  public final class Drop {

    private final String name;
    private final DeviceRef device;
    private final ReadingSink sink;
    private final List<Task> tasks = new ArrayList<>();
    private long readings;
    private long failures;
    private long isolations;
    private int failuresInRow;
    private boolean isolated;
    private long isolatedUntil;
    private boolean everAnswered;
    private boolean detached;

    private Drop(String name, DeviceRef device, List<Schedule> schedules, ReadingSink sink) {
      this.name = Objects.requireNonNull(name, "name");
      this.device = Objects.requireNonNull(device, "device");
      this.sink = Objects.requireNonNull(sink, "sink");
      long now = System.nanoTime();
      for (Schedule schedule : schedules) {
        tasks.add(new Task(this, schedule, now));
      }
    }

    /** The bus it is on. */
    public Bus bus() {
      return Bus.this;
    }

    /** How it is doing; once detached, how it was doing when it left. */
    public Status status() {
      synchronized (lock) {
        long now = System.nanoTime();
        if (link == null && !detached) {
          String why =
              lineProblem == null
                  ? (closed ? "bus " + describe() + " is closed" : "opening " + describe())
                  : "bus " + Bus.this.name + ": " + lineDetail(now);
          return new Status(false, why, readings, failures, isolations);
        }
        if (isolated) {
          String problem =
              tasks.stream().map(t -> t.problem).filter(Objects::nonNull).findFirst().orElse("");
          return new Status(
              false,
              problem
                  + "; isolated "
                  + (isolations == 1 ? "once" : isolations + " times")
                  + " since start, next try in "
                  + seconds(isolatedUntil - now),
              readings,
              failures,
              isolations);
        }
        for (Task task : tasks) {
          if (task.problem != null) {
            return new Status(false, task.problem, readings, failures, isolations);
          }
        }
        if (!everAnswered) {
          return new Status(
              false,
              "no answer yet from " + name + " on bus " + describe(),
              readings,
              failures,
              isolations);
        }
        return new Status(true, null, readings, failures, isolations);
      }
    }

    /** Takes the drop off the bus, after a poll of it under way; its status stays readable. */
    public void detach() {
      boolean empty;
      synchronized (lock) {
        if (!drops.remove(this)) {
          return;
        }
        detached = true;
        long deadline = System.nanoTime() + line.timeout().multipliedBy(4).plusSeconds(2).toNanos();
        while (polling == this && System.nanoTime() - deadline < 0) {
          try {
            lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        empty = drops.isEmpty();
      }
      if (empty) {
        whenEmpty.accept(Bus.this);
      }
    }

    private void answered(String bus) {
      everAnswered = true;
      lineFailuresInRow = 0;
      failuresInRow = 0;
      if (isolated) {
        isolated = false;
        LOG.info(device.username() + ": " + name + " on bus " + bus + " answers again");
      }
    }

    private void isolate(Task task, Exception failure, long now) {
      failures++;
      failuresInRow++;
      isolatedUntil = now + backoff(failuresInRow).toNanos();
      String why =
          failure.getMessage() == null || failure instanceof RuntimeException
              ? failure.toString()
              : failure.getMessage();
      task.problem = why;
      if (!isolated) {
        isolated = true;
        isolations++;
        String message =
            device.username() + ": " + name + " on bus " + describe() + ": " + why + "; isolated";
        if (failure instanceof RuntimeException) {
          LOG.log(Level.WARNING, message, failure);
        } else {
          LOG.warning(message);
        }
      }
    }
  }

  /** A schedule of a drop, with when it is next due and how its last poll went. */
  private static final class Task {
    final Drop drop;
    final Schedule schedule;
    long due;
    String problem;

    Task(Drop drop, Schedule schedule, long now) {
      this.drop = drop;
      this.schedule = schedule;
      this.due = now;
    }

    /** When it may run: at its interval, and not before its drop's isolation ends. */
    long due() {
      return drop.isolated && drop.isolatedUntil - due > 0 ? drop.isolatedUntil : due;
    }

    /** The next interval; a poll that overran is not caught up with a burst. */
    void advance(long now) {
      due += schedule.interval().toNanos();
      if (due - now < 0) {
        due = now;
      }
    }
  }

  /** An exchange waiting for the bus's thread. */
  private static final class Call<T> {
    final Exchange<T> exchange;
    final CompletableFuture<T> done = new CompletableFuture<>();

    Call(Exchange<T> exchange) {
      this.exchange = exchange;
    }
  }
}
