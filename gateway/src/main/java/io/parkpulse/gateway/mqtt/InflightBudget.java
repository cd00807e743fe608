package io.parkpulse.gateway.mqtt;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of messages the gateway holds for Kafka, across all connections. When Kafka is slow or
 * down, messages wait here for their acknowledgement; the budget keeps that memory bounded: a
 * message that does not fit is refused instead of buffered.
 */
final class InflightBudget {

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  InflightBudget(long limitBytes) {
    this.limit = limitBytes;
  }

  /** Reserves {@code bytes}, or returns false (reserving nothing) if they do not fit. */
  boolean tryReserve(long bytes) {
    while (true) {
      long current = used.get();
      if (current + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  /** Returns {@code bytes} reserved earlier. */
  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Bytes reserved now. */
  long used() {
    return used.get();
  }
}
