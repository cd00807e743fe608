package io.parkpulse.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DailyQuotaTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-29T23:59:00Z"));
  private final DailyQuota quota = new DailyQuota(new MovableClock(now));

  @Test
  void refusesBytesBeyondTheLimitAndTakesNothingForThem() {
    assertThat(quota.tryUse(600, 1_000)).isTrue();
    assertThat(quota.tryUse(400, 1_000)).isTrue();

    assertThat(quota.tryUse(1, 1_000)).isFalse();
    assertThat(quota.used()).isEqualTo(1_000);
  }

  @Test
  void startsAgainAtMidnightUtc() {
    assertThat(quota.tryUse(1_000, 1_000)).isTrue();

    now.set(Instant.parse("2026-11-30T00:00:00Z"));

    assertThat(quota.used()).isZero();
    assertThat(quota.tryUse(1_000, 1_000)).isTrue();
  }

  @Test
  void zeroMeansNoLimitButStillCounts() {
    assertThat(quota.tryUse(Long.MAX_VALUE / 2, 0)).isTrue();
    assertThat(quota.used()).isEqualTo(Long.MAX_VALUE / 2);
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(AtomicReference<Instant> now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
