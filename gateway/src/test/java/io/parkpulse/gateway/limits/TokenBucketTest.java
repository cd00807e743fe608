package io.parkpulse.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private final AtomicLong now = new AtomicLong();
  private final TokenBucket bucket = new TokenBucket(10, now::get);

  @Test
  void letsABurstOfOneSecondsWorthThroughWithoutWaiting() {
    for (int i = 0; i < 10; i++) {
      assertThat(bucket.waitNanos()).isZero();
      bucket.take();
    }

    assertThat(bucket.waitNanos()).isEqualTo(Duration.ofMillis(100).toNanos());
  }

  @Test
  void eachMessageBeyondTheRateWaitsOneIntervalLongerThanTheOneBefore() {
    for (int i = 0; i < 10; i++) {
      bucket.take();
    }
    for (int i = 1; i <= 5; i++) {
      assertThat(bucket.waitNanos()).isEqualTo(Duration.ofMillis(100L * i).toNanos());
      bucket.take();
    }
  }

  @Test
  void refillsAtItsRateUpToItsBurst() {
    for (int i = 0; i < 12; i++) {
      bucket.take();
    }

    now.addAndGet(Duration.ofMillis(300).toNanos());
    assertThat(bucket.waitNanos()).isZero();
    now.addAndGet(Duration.ofHours(1).toNanos());
    for (int i = 0; i < 10; i++) {
      assertThat(bucket.waitNanos()).isZero();
      bucket.take();
    }
    assertThat(bucket.waitNanos()).isPositive();
  }

  @Test
  void aLowerRateCapsWhatWasSavedUp() {
    bucket.rate(2);

    bucket.take();
    bucket.take();

    assertThat(bucket.waitNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
  }
}
