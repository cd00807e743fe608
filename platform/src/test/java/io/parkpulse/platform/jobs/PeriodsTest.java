package io.parkpulse.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PeriodsTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Test
  void aFixedIntervalStartsAtMultiplesSinceTheEpoch() {
    assertThat(Periods.every(Instant.parse("2026-12-06T10:00:29.999Z"), Duration.ofSeconds(30)))
        .isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
    assertThat(Periods.every(Instant.parse("2026-12-06T10:00:30Z"), Duration.ofSeconds(30)))
        .isEqualTo(Instant.parse("2026-12-06T10:00:30Z"));
    assertThat(Periods.every(Instant.parse("2026-12-06T10:59:00Z"), Duration.ofHours(1)))
        .isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
  }

  @Test
  void aDailyScheduleBelongsToTheLastTimeItFiredInItsZone() {
    String daily = "0 0 2 * * ?";
    // 02:00 in Shanghai is 18:00 UTC the day before.
    assertThat(Periods.lastFired(daily, Instant.parse("2026-12-05T17:59:59.900Z"), SHANGHAI))
        .contains(Instant.parse("2026-12-04T18:00:00Z"));
    assertThat(Periods.lastFired(daily, Instant.parse("2026-12-05T18:00:00Z"), SHANGHAI))
        .contains(Instant.parse("2026-12-05T18:00:00Z"));
    assertThat(Periods.lastFired(daily, Instant.parse("2026-12-05T18:00:00.500Z"), SHANGHAI))
        .contains(Instant.parse("2026-12-05T18:00:00Z"));
    assertThat(Periods.lastFired(daily, Instant.parse("2026-12-06T09:30:00Z"), SHANGHAI))
        .contains(Instant.parse("2026-12-05T18:00:00Z"));
  }

  @Test
  void aScheduleThatIsNoCronExpressionIsRefused() {
    assertThatThrownBy(() -> Periods.lastFired("daily", Instant.now(), SHANGHAI))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
