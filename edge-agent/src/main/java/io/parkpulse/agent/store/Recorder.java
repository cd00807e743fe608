package io.parkpulse.agent.store;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Reading;
import io.parkpulse.model.TelemetryCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Turns what the collectors take into stored readings: gives each its device's next sequence number
 * and appends them to the {@link ReadingStore} in batches, one fsync per batch (a group commit: at
 * low rates every reading is forced at once, at high rates many share one fsync). A reading counts
 * as taken once it is stored; what is still queued when the process dies has no sequence number yet
 * and leaves no gap.
 *
 * <p>The queue is bounded by the heap ({@link #queueBound}): a reading waiting there takes up to
 * about a kilobyte, and a queue of 100,000 ran the agent's default 48 MB heap out of memory when
 * the machines offered more than the store took (30,000 readings/s in the pipeline benchmark). A
 * reading that finds the queue full is not taken, and counted with the dropped ones.
 */
public final class Recorder implements Runnable {

  private static final Logger LOG = Logger.getLogger(Recorder.class.getName());
  private static final int MAX_QUEUE = 100_000;
  private static final int MIN_QUEUE = 1_000;

  /** Heap bytes allowed per queued reading: a quarter of the heap at about 1 KB each. */
  private static final long HEAP_PER_QUEUED = 4 * 1024;

  private static final int BATCH = 10_000;

  private record Taken(DeviceRef device, Instant ts, Map<String, Object> metrics) {}

  private final ReadingStore store;
  private final Runnable onStored;
  private final TelemetryCodec codec = new TelemetryCodec();
  private final BlockingQueue<Taken> queue;
  private final AtomicLong overflowed = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean storing;

  /**
   * @param onStored called after each batch is stored, e.g. to wake the forwarder
   */
  public Recorder(ReadingStore store, Runnable onStored) {
    this(store, onStored, queueBound(Runtime.getRuntime().maxMemory()));
  }

  Recorder(ReadingStore store, Runnable onStored, int queue) {
    this.store = store;
    this.onStored = onStored;
    this.queue = new LinkedBlockingQueue<>(queue);
  }

  /**
   * Readings that may wait to be stored with a heap of {@code maxHeap} bytes: 12,288 with 48 MB,
   * 1,000 to 100,000.
   */
  static int queueBound(long maxHeap) {
    return (int) Math.max(MIN_QUEUE, Math.min(MAX_QUEUE, maxHeap / HEAP_PER_QUEUED));
  }

  /** Queues a reading of {@code device} taken at {@code ts}; it is stored within moments. */
  public void take(DeviceRef device, Instant ts, Map<String, Object> metrics) {
    if (!queue.offer(new Taken(device, ts, metrics))) {
      // The disk cannot keep up at all; counted like a store overflow.
      long n = overflowed.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warning("the store cannot keep up: " + n + " readings not taken");
      }
    }
  }

  /** Readings waiting to be stored. */
  public int pending() {
    return queue.size();
  }

  /** Whether nothing waits to be stored. */
  public boolean idle() {
    return queue.isEmpty() && !storing;
  }

  /** Readings the queue had no room for. */
  public long overflowed() {
    return overflowed.get();
  }

  /** Stores what is queued, then stops. */
  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    List<Taken> batch = new ArrayList<>();
    while (running || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          Taken first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          storing = true;
          batch.add(first);
          queue.drainTo(batch, BATCH - 1);
        }
        store(batch);
        batch.clear();
        storing = false;
        onStored.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } catch (IOException e) {
        // A full or failing disk: keep the batch and try again, so nothing taken is lost silently.
        LOG.severe("cannot write to the store (" + e.getMessage() + "); retrying in 1 s");
        if (!running) {
          LOG.severe(batch.size() + " readings were not stored at stop");
          return;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void store(List<Taken> batch) throws IOException {
    Map<String, Long> next = new HashMap<>();
    List<ReadingStore.Entry> entries = new ArrayList<>(batch.size());
    for (Taken taken : batch) {
      String key = taken.device().kafkaKey();
      long seq = next.computeIfAbsent(key, k -> store.lastSeq(k) + 1);
      next.put(key, seq + 1);
      byte[] json =
          codec.encodeDevicePayload(List.of(new Reading(seq, taken.ts(), taken.metrics())));
      entries.add(new ReadingStore.Entry(key, seq, json));
    }
    store.append(entries);
  }
}
