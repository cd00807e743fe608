package io.parkpulse.model;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits failed logins per key (a source address or a username): each key may fail {@code
 * maxFailures} times, and regains that allowance evenly over {@code window}. A key that has used it
 * up is blocked until it regains one failure, so that guessing secrets or passwords costs the
 * attacker time and the server no hashing. The gateway counts failed device logins with it, the
 * platform failed sign-ins. Counts are kept in memory, per process.
 */
public final class FailureLimiter {

  /** Above this many tracked keys, keys that regained their whole allowance are forgotten. */
  private static final int SWEEP_ABOVE = 100_000;

  private final double capacity;
  private final double refillPerNano;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public FailureLimiter(int maxFailures, Duration window, LongSupplier nanoTime) {
    this.capacity = maxFailures;
    this.refillPerNano = maxFailures / (double) window.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Whether {@code key} has used up its failures. */
  public boolean isBlocked(String key) {
    Bucket bucket = buckets.get(key);
    return bucket != null && bucket.available(nanoTime.getAsLong()) < 1;
  }

  /** How long until a blocked {@code key} regains one failure; zero if it is not blocked. */
  public Duration retryAfter(String key) {
    Bucket bucket = buckets.get(key);
    if (bucket == null) {
      return Duration.ZERO;
    }
    double missing = 1 - bucket.available(nanoTime.getAsLong());
    return missing <= 0
        ? Duration.ZERO
        : Duration.ofNanos((long) Math.ceil(missing / refillPerNano));
  }

  /** Counts one failure of {@code key}. */
  public void recordFailure(String key) {
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
