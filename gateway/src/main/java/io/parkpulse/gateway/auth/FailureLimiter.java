package io.parkpulse.gateway.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits failed logins per key (a source address or a username): each key may fail {@code
 * maxFailures} times, and regains that allowance evenly over {@code window}. A key that has used it
 * up is blocked until it regains one failure, so that guessing secrets or hammering the gateway
 * with bad credentials costs the attacker time and the gateway no hashing.
 */
final class FailureLimiter {

  /** Above this many tracked keys, keys that regained their whole allowance are forgotten. */
  private static final int SWEEP_ABOVE = 100_000;

  private final double capacity;
  private final double refillPerNano;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  FailureLimiter(int maxFailures, Duration window, LongSupplier nanoTime) {
    this.capacity = maxFailures;
    this.refillPerNano = maxFailures / (double) window.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Whether {@code key} has used up its failures. */
  boolean isBlocked(String key) {
    Bucket bucket = buckets.get(key);
    return bucket != null && bucket.available(nanoTime.getAsLong()) < 1;
  }

  /** Counts one failure of {@code key}. */
  void recordFailure(String key) {
    long now = nanoTime.getAsLong();
    buckets.computeIfAbsent(key, k -> new Bucket(capacity, now)).take(now);
    if (buckets.size() > SWEEP_ABOVE) {
      buckets.values().removeIf(b -> b.available(now) >= capacity);
    }
  }

  private final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    synchronized double available(long now) {
      tokens = Math.min(capacity, tokens + (now - updated) * refillPerNano);
      updated = now;
      return tokens;
    }

    synchronized void take(long now) {
      available(now);
      tokens = Math.max(0, tokens - 1);
    }
  }
}
