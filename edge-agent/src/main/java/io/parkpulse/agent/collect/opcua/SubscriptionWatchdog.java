package io.parkpulse.agent.collect.opcua;

import java.time.Duration;

/**
 * Tells a live subscription from a dead one. A server sends each publishing interval the values
 * that changed, and a keep-alive after {@code maxKeepAliveCount} intervals without any; a
 * subscription that has sent neither for {@link #MISSED_KEEP_ALIVES} keep-alive periods is dead,
 * whatever the session says (a server that restarted, or that dropped the subscription on its own,
 * while the client's session looked fine). Times are monotonic nanoseconds.
 */
final class SubscriptionWatchdog {

  /** Keep-alive periods without a word from the server after which a subscription is dead. */
  static final int MISSED_KEEP_ALIVES = 3;

  private volatile long keepAlive = Long.MAX_VALUE / (2 * MISSED_KEEP_ALIVES);
  private volatile long lastHeard;

  /** Starts watching a new subscription whose keep-alive period is {@code keepAlivePeriod}. */
  void watch(Duration keepAlivePeriod, long now) {
    keepAlive = Math.max(1, keepAlivePeriod.toNanos());
    lastHeard = now;
  }

  /** The server sent values or a keep-alive. */
  void heard(long now) {
    lastHeard = now;
  }

  /** Whether the server has been silent for {@link #MISSED_KEEP_ALIVES} keep-alive periods. */
  boolean dead(long now) {
    return now - lastHeard > MISSED_KEEP_ALIVES * keepAlive;
  }

  /**
   * Whether the values are known current: the server has spoken within a keep-alive period and a
   * half. After that they may be stale, and no reading is taken from them.
   */
  boolean current(long now) {
    return now - lastHeard <= keepAlive + keepAlive / 2;
  }

  /** How long the server may stay silent, for messages. */
  Duration limit() {
    return Duration.ofNanos(MISSED_KEEP_ALIVES * keepAlive);
  }
}
