package io.parkpulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLimiterTest {

  private final AtomicLong now = new AtomicLong();
  private final FailureLimiter limiter = new FailureLimiter(3, Duration.ofSeconds(60), now::get);

  @Test
  void blocksAKeyOnceItUsedUpItsFailures() {
    limiter.recordFailure("10.0.0.1");
    limiter.recordFailure("10.0.0.1");
    assertThat(limiter.isBlocked("10.0.0.1")).isFalse();

    limiter.recordFailure("10.0.0.1");

    assertThat(limiter.isBlocked("10.0.0.1")).isTrue();
    assertThat(limiter.isBlocked("10.0.0.2")).isFalse();
  }

  @Test
  void aBlockedKeyRegainsOneFailurePerThirdOfTheWindow() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("k");
    }

    now.addAndGet(Duration.ofSeconds(19).toNanos());
    assertThat(limiter.isBlocked("k")).isTrue();
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(limiter.isBlocked("k")).isFalse();

    limiter.recordFailure("k");
    assertThat(limiter.isBlocked("k")).isTrue();
  }

  @Test
  void saysHowLongABlockedKeyWaits() {
    assertThat(limiter.retryAfter("k")).isZero();
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("k");
    }

    assertThat(limiter.retryAfter("k")).isEqualTo(Duration.ofSeconds(20));
    now.addAndGet(Duration.ofSeconds(15).toNanos());
    assertThat(limiter.retryAfter("k")).isEqualTo(Duration.ofSeconds(5));
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(limiter.retryAfter("k")).isZero();
  }
}
