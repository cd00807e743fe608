package io.parkpulse.agent.collect.gnss;

import io.parkpulse.agent.collect.gnss.NmeaSentence.LatLon;
import java.time.Duration;

/**
 * When a position is worth a reading: a receiver says where it is every second or faster, and a
 * parked forklift need not fill the store with the same place. A reading is published
 *
 * <ul>
 *   <li>at once when the fix is lost or regained (and for the first thing the receiver says);
 *   <li>while moving (more than {@code minMoveMetres} from the last published position), at most
 *       one per {@code interval};
 *   <li>otherwise, with or without a fix, one every {@code stillEvery}, so that a still receiver is
 *       seen alive.
 * </ul>
 *
 * <p>Times are monotonic nanoseconds ({@link System#nanoTime()}). Used by one thread.
 */
final class PublishPolicy {

  private final long interval;
  private final double minMoveMetres;
  private final long stillEvery;

  private boolean published;
  private boolean publishedFix;
  private LatLon publishedPosition;
  private long publishedAt;

  PublishPolicy(Duration interval, double minMoveMetres, Duration stillEvery) {
    this.interval = interval.toNanos();
    this.minMoveMetres = minMoveMetres;
    this.stillEvery = stillEvery.toNanos();
  }

  /** Whether {@code fix}, known at {@code now}, is published; if so it is remembered as such. */
  boolean publish(GnssFix fix, long now) {
    boolean due;
    if (!published || fix.hasFix() != publishedFix) {
      due = true;
    } else {
      long since = now - publishedAt;
      due =
          since >= stillEvery
              || fix.hasFix()
                  && since >= interval
                  && GnssFix.metres(publishedPosition, fix.position()) > minMoveMetres;
    }
    if (due) {
      published = true;
      publishedFix = fix.hasFix();
      publishedPosition = fix.position();
      publishedAt = now;
    }
    return due;
  }
}
