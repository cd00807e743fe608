package io.parkpulse.platform.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.alarms.AlarmCondition.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmConditionTest {

  private static final Instant NOW = Instant.parse("2026-11-29T03:10:00Z");
  private final AlarmCondition hot = new AlarmCondition("above", 80.0, null, Duration.ofMinutes(5));
  private final AlarmCondition down =
      new AlarmCondition("equals", null, "DOWN", Duration.ofMinutes(10));

  @Test
  void opensOnlyOnceTheConditionHeldForTheWholeDuration() {
    List<Sample> fourMinutes = List.of(s(-4, 85), s(-2, 86), s(0, 90));
    assertThat(hot.triggered(fourMinutes, NOW)).isEmpty();
    List<Sample> sixMinutes = List.of(s(-6, 81), s(-4, 85), s(-2, 86), s(0, 90));
    assertThat(hot.triggered(sixMinutes, NOW)).contains(s(0, 90));
  }

  @Test
  void aDipBelowTheThresholdRestartsTheDuration() {
    List<Sample> dipped = List.of(s(-8, 85), s(-3, 79), s(-2, 86), s(0, 90));
    assertThat(hot.triggered(dipped, NOW)).isEmpty();
    List<Sample> cooledDown = List.of(s(-8, 85), s(-6, 86), s(0, 70));
    assertThat(hot.triggered(cooledDown, NOW)).isEmpty();
  }

  @Test
  void aMachineDownForTenMinutes() {
    List<Sample> states =
        List.of(
            new Sample(NOW.minus(Duration.ofMinutes(12)), "DOWN"),
            new Sample(NOW.minus(Duration.ofMinutes(1)), "DOWN"));
    assertThat(down.triggered(states, NOW)).isPresent();
    List<Sample> recovered =
        List.of(
            new Sample(NOW.minus(Duration.ofMinutes(12)), "DOWN"),
            new Sample(NOW.minus(Duration.ofMinutes(1)), "RUNNING"));
    assertThat(down.triggered(recovered, NOW)).isEmpty();
  }

  private static Sample s(int minutes, double value) {
    return new Sample(NOW.plus(Duration.ofMinutes(minutes)), value);
  }
}
