package io.parkpulse.agent.collect.gnss;

import io.parkpulse.agent.collect.gnss.NmeaSentence.Gga;
import io.parkpulse.agent.collect.gnss.NmeaSentence.Gsa;
import io.parkpulse.agent.collect.gnss.NmeaSentence.Rmc;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Combines sentences into one {@link GnssFix}, whatever their talkers: a receiver may send its fix
 * as {@code GNGGA}, its speed as {@code GNRMC} and BeiDou's precision as {@code BDGSA}. GGA says
 * whether there is a fix and how good; RMC says so too (for receivers that send no GGA) and gives
 * the speed; GSA gives the fix type and, without GGA, the HDOP.
 *
 * <p>A receiver sends its GGA and RMC of one moment (an epoch) with the same UTC time, in an order
 * of its own. An epoch is complete once it has each of the two the receiver sends, or when the next
 * epoch begins; only a complete epoch is a fix to publish, so that a reading does not pair this
 * second's position with the last second's quality. Used by one thread.
 */
final class FixTracker {

  private enum Kind {
    GGA,
    RMC
  }

  private GnssFix fix = GnssFix.NONE;

  /** The kinds this receiver has been seen to send. */
  private final Set<Kind> sent = EnumSet.noneOf(Kind.class);

  /** The kinds received in the open epoch. */
  private final Set<Kind> received = EnumSet.noneOf(Kind.class);

  private boolean open;
  private LocalTime epoch;

  /**
   * Takes one sentence.
   *
   * @return the fix of an epoch this sentence completes: this sentence's, or the one before if it
   *     begins another
   */
  Optional<GnssFix> take(NmeaSentence sentence) {
    if (sentence instanceof Gsa gsa) {
      take(gsa);
      return Optional.empty();
    }
    LocalTime time = sentence instanceof Gga gga ? gga.time() : ((Rmc) sentence).time();
    Optional<GnssFix> before = Optional.empty();
    if (open && !Objects.equals(time, epoch)) {
      before = Optional.of(fix);
      open = false;
    }
    Kind kind;
    if (sentence instanceof Gga gga) {
      take(gga);
      kind = Kind.GGA;
    } else {
      take((Rmc) sentence);
      kind = Kind.RMC;
    }
    if (!open) {
      received.clear();
      open = true;
      epoch = time;
    }
    received.add(kind);
    sent.add(kind);
    if (received.containsAll(sent)) {
      open = false;
      return Optional.of(fix);
    }
    return before;
  }

  /** The fix as the sentences so far give it, the open epoch's included. */
  GnssFix fix() {
    return fix;
  }

  private void take(Gga gga) {
    GnssFix f = fix;
    fix =
        gga.position() == null
            ? new GnssFix(0, null, gga.satellites(), gga.hdop(), null, f.fixType())
            : new GnssFix(
                gga.quality(),
                gga.position(),
                gga.satellites(),
                gga.hdop(),
                f.speedKmh(),
                f.fixType());
  }

  private void take(Rmc rmc) {
    GnssFix f = fix;
    Double speed = rmc.speedKnots() == null ? null : rmc.speedKnots() * GnssFix.KMH_PER_KNOT;
    fix =
        rmc.valid()
            ? new GnssFix(
                f.quality() > 0 ? f.quality() : 1,
                rmc.position(),
                f.satellites(),
                f.hdop(),
                speed,
                f.fixType())
            : new GnssFix(0, null, f.satellites(), f.hdop(), null, f.fixType());
  }

  private void take(Gsa gsa) {
    GnssFix f = fix;
    // One GSA per system: a system without satellites in use says 1 while the others have a fix.
    Integer fixType =
        gsa.fixType() == 1 && f.hasFix() && f.fixType() != null ? f.fixType() : gsa.fixType();
    fix =
        new GnssFix(
            f.quality(),
            f.position(),
            f.satellites(),
            sent.contains(Kind.GGA) ? f.hdop() : gsa.hdop(),
            f.speedKmh(),
            fixType);
  }
}
