package io.parkpulse.platform.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInGuardTest {

  private final AtomicLong now = new AtomicLong();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final SignInGuard guard =
      new SignInGuard(10, 3, Duration.ofMinutes(15), meters, now::get);

  @Test
  void anAddressThatFailedTooOftenIsRefusedForEveryUser() {
    for (int i = 0; i < 10; i++) {
      assertThat(guard.refusal("user-" + i, "10.0.0.1")).isEmpty();
      guard.failed("user-" + i, "10.0.0.1");
    }

    assertThat(guard.refusal("someone-else", "10.0.0.1")).contains(Duration.ofSeconds(90));
    assertThat(guard.refusal("someone-else", "10.0.0.2")).isEmpty();
  }

  @Test
  void aUserThatFailedTooOftenIsRefusedOnlyFromTheAddressesThatFailedForIt() {
    guard.failed("admin", "10.0.0.1");
    guard.failed("admin", "10.0.0.1");
    assertThat(guard.refusal("admin", "10.0.0.1")).isEmpty();
    guard.failed("admin", "10.0.0.3");

    assertThat(guard.refusal("admin", "10.0.0.1")).isPresent();
    assertThat(guard.refusal("admin", "10.0.0.3")).contains(Duration.ofMinutes(15));
    // The real admin, from an address with no failure for it, is checked.
    assertThat(guard.refusal("admin", "10.0.0.2")).isEmpty();
  }

  @Test
  void theWindowGivesAllowancesBack() {
    for (int i = 0; i < 3; i++) {
      guard.failed("admin", "10.0.0.1");
    }
    assertThat(guard.refusal("admin", "10.0.0.1")).isPresent();

    now.addAndGet(Duration.ofMinutes(15).toNanos());

    assertThat(guard.refusal("admin", "10.0.0.1")).isEmpty();
  }

  @Test
  void countsEveryOutcome() {
    guard.succeeded();
    for (int i = 0; i < 4; i++) {
      if (guard.refusal("admin", "10.0.0.1").isEmpty()) {
        guard.failed("admin", "10.0.0.1");
      }
    }

    assertThat(count("accepted")).isEqualTo(1.0);
    assertThat(count("refused")).isEqualTo(3.0);
    assertThat(count("throttled")).isEqualTo(1.0);
  }

  private double count(String outcome) {
    return meters.counter("parkpulse.platform.sign.ins", "outcome", outcome).count();
  }
}
