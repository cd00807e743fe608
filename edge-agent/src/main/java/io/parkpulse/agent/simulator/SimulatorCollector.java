package io.parkpulse.agent.simulator;

import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.ReadingSink;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Takes a reading of a {@link SimulatedMachine} every interval; with {@code max-readings} it stops
 * once the device's sequence number reaches it, counting the readings already stored.
 */
public final class SimulatorCollector implements Collector {

  private final SimulatorSettings settings;
  private final SimulatedMachine machine;
  private final LongSupplier alreadyTaken;
  private final AtomicLong readings = new AtomicLong();
  private ScheduledExecutorService scheduler;
  private volatile boolean finished;

  /**
   * @param alreadyTaken the device's last stored sequence number, read once at start
   */
  public SimulatorCollector(SimulatorSettings settings, LongSupplier alreadyTaken) {
    this.settings = settings;
    this.machine = new SimulatedMachine(settings.seed());
    this.alreadyTaken = alreadyTaken;
  }

  @Override
  public synchronized void start(ReadingSink sink) {
    long start = alreadyTaken.getAsLong();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "simulator-" + settings.device().device());
              thread.setDaemon(true);
              return thread;
            });
    long period = settings.interval().toNanos();
    scheduler.scheduleAtFixedRate(
        () -> {
          if (settings.maxReadings() > 0 && start + readings.get() >= settings.maxReadings()) {
            finished = true;
            scheduler.shutdown();
            return;
          }
          Map<String, Object> metrics = machine.advance(settings.interval());
          sink.take(settings.device(), Instant.now(), metrics);
          readings.incrementAndGet();
        },
        0,
        period,
        TimeUnit.NANOSECONDS);
  }

  /** Whether it took its {@code max-readings} and stopped. */
  public boolean finished() {
    return finished;
  }

  @Override
  public Health health() {
    return new Health(true, finished ? "finished" : "simulating", readings.get(), 0);
  }

  @Override
  public Health probe() {
    return new Health(true, "simulated machine, seed " + settings.seed(), 0, 0);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
