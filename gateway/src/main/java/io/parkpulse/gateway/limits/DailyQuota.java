package io.parkpulse.gateway.limits;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Payload bytes used in the current UTC day, started again at midnight UTC. Thread-safe: an
 * enterprise's quota is shared by its connections on several event loops.
 */
final class DailyQuota {

  private final Clock clock;
  private LocalDate day;
  private long used;

  /** {@code clock}: the time, {@link Clock#systemUTC()} outside tests. */
  DailyQuota(Clock clock) {
    this.clock = clock;
    this.day = today();
  }

  /**
   * Adds {@code bytes} if they fit within {@code limit} ({@code 0}: no limit).
   *
   * @return false, adding nothing, if they do not
   */
  synchronized boolean tryUse(long bytes, long limit) {
    rollOver();
    if (limit > 0 && used + bytes > limit) {
      return false;
    }
    used += bytes;
    return true;
  }

  /** Gives back {@code bytes} added by {@link #tryUse} for a message refused after all. */
  synchronized void giveBack(long bytes) {
    used = Math.max(0, used - bytes);
  }

  /** Bytes used today (UTC). */
  synchronized long used() {
    rollOver();
    return used;
  }

  private void rollOver() {
    LocalDate today = today();
    if (!today.equals(day)) {
      day = today;
      used = 0;
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
