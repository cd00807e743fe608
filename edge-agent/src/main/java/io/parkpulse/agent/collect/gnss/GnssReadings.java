package io.parkpulse.agent.collect.gnss;

import io.parkpulse.agent.collect.gnss.NmeaParser.NmeaException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the lines a receiver sends into readings: each line is parsed, combined into the current
 * fix, and published when the {@link PublishPolicy} says so. Bad lines are counted, never thrown.
 * Lines are taken by one thread; the counts and the fix may be read from any.
 */
final class GnssReadings {

  /** Sentence addresses remembered for the summary, at most. */
  private static final int ADDRESSES = 16;

  private final FixTracker tracker = new FixTracker();
  private final PublishPolicy policy;
  private final AtomicLong sentences = new AtomicLong();
  private final AtomicLong bad = new AtomicLong();
  private final Set<String> addresses = Collections.synchronizedSet(new LinkedHashSet<>());
  private volatile String lastBad;
  private volatile GnssFix fix = GnssFix.NONE;
  private volatile long lastPositionAt;
  private volatile boolean positioned;
  private volatile boolean fixKnown;

  GnssReadings(PublishPolicy policy) {
    this.policy = policy;
  }

  /**
   * Takes one line (without its line break) received at {@code now} (monotonic nanoseconds).
   *
   * @return the reading to publish, if this line makes one due
   */
  Optional<Map<String, Object>> take(String line, long now) {
    NmeaSentence sentence;
    try {
      sentence = NmeaParser.parse(line).orElse(null);
    } catch (NmeaException e) {
      bad.incrementAndGet();
      lastBad = e.getMessage();
      return Optional.empty();
    }
    sentences.incrementAndGet();
    if (addresses.size() < ADDRESSES) {
      int comma = line.indexOf(',');
      addresses.add(line.substring(line.indexOf('$') + 1, comma < 0 ? line.indexOf('*') : comma));
    }
    Optional<GnssFix> complete = sentence == null ? Optional.empty() : tracker.take(sentence);
    fix = tracker.fix();
    if (complete.isEmpty()) {
      return Optional.empty();
    }
    GnssFix current = complete.get();
    fixKnown = true;
    if (current.hasFix()) {
      lastPositionAt = now;
      positioned = true;
    }
    return policy.publish(current, now) ? Optional.of(current.metrics()) : Optional.empty();
  }

  /** Counts a fragment that could not be a sentence (too long, or cut by another {@code $}). */
  void bad(String why) {
    bad.incrementAndGet();
    lastBad = why;
  }

  /** Sound sentences read, used or not. */
  long sentences() {
    return sentences.get();
  }

  /** Lines that were not sound sentences. */
  long bad() {
    return bad.get();
  }

  /** Why the last bad line was bad, or null. */
  String lastBad() {
    return lastBad;
  }

  /** The current fix. */
  GnssFix fix() {
    return fix;
  }

  /** Whether a GGA or RMC has said whether there is a fix. */
  boolean fixKnown() {
    return fixKnown;
  }

  /** When the last position came (monotonic nanoseconds), or empty if none has. */
  Optional<Long> lastPositionAt() {
    return positioned ? Optional.of(lastPositionAt) : Optional.empty();
  }

  /** The addresses of the sentences read, e.g. GNGGA, BDGSA, in the order first seen. */
  String addresses() {
    synchronized (addresses) {
      return String.join(", ", addresses);
    }
  }
}
