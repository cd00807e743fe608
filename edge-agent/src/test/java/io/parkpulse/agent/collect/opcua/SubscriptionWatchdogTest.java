package io.parkpulse.agent.collect.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SubscriptionWatchdogTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private final SubscriptionWatchdog watchdog = new SubscriptionWatchdog();

  @Test
  void aSubscriptionIsDeadAfterThreeKeepAlivePeriodsOfSilence() {
    watchdog.watch(Duration.ofSeconds(2), 0);

    assertThat(watchdog.dead(6 * SECOND)).isFalse();
    assertThat(watchdog.dead(6 * SECOND + 1)).isTrue();
    assertThat(watchdog.limit()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void valuesOrKeepAlivesKeepItAliveAndItsValuesCurrent() {
    watchdog.watch(Duration.ofSeconds(2), 0);
    for (long t = 0; t <= 60; t += 2) {
      watchdog.heard(t * SECOND);
      assertThat(watchdog.dead(t * SECOND + 1)).isFalse();
    }

    assertThat(watchdog.current(63 * SECOND)).isTrue();
    assertThat(watchdog.current(63 * SECOND + 1)).as("late by half a keep-alive").isFalse();
    assertThat(watchdog.dead(63 * SECOND + 1)).isFalse();
  }

  @Test
  void aNewSubscriptionStartsWithAFullAllowance() {
    watchdog.watch(Duration.ofSeconds(1), 0);
    assertThat(watchdog.dead(10 * SECOND)).isTrue();

    watchdog.watch(Duration.ofSeconds(1), 10 * SECOND);
    assertThat(watchdog.dead(12 * SECOND)).isFalse();
    assertThat(watchdog.current(11 * SECOND)).isTrue();
  }
}
