package io.parkpulse.gateway.limits;

import java.util.function.LongSupplier;

/**
 * A message rate: tokens flow in at {@code rate} per second up to a burst of one second's worth,
 * and each message takes one. A message may be taken when no token is left: the bucket then runs
 * into debt, and {@link #waitNanos()} says how far behind the rate the next message would be. That
 * debt is what the gateway delays messages by (throttling) and what it refuses beyond a tolerance.
 * Thread-safe: an enterprise's bucket is shared by its connections on several event loops.
 */
final class TokenBucket {

  private static final double NANOS = 1e9;

  private final LongSupplier nanoTime;
  private int rate;
  private double tokens;
  private long updated;

  /**
   * @param rate messages per second, at least 1
   * @param nanoTime the clock, {@link System#nanoTime()} outside tests
   */
  TokenBucket(int rate, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.rate = rate;
    this.tokens = rate;
    this.updated = nanoTime.getAsLong();
  }

  /** Changes the rate (the registry carried new limits); what was saved up is kept. */
  synchronized void rate(int rate) {
    if (rate != this.rate) {
      refill();
      this.rate = rate;
      tokens = Math.min(tokens, rate);
    }
  }

  /** How long until a message taken now would be within the rate; 0 if a token is there. */
  synchronized long waitNanos() {
    refill();
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / rate * NANOS);
  }

  /** Takes a token for a message, running into debt if none is left. */
  synchronized void take() {
    refill();
    tokens -= 1;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(rate, tokens + (now - updated) / NANOS * rate);
    updated = now;
  }
}
