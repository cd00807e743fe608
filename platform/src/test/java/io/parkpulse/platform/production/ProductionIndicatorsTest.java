package io.parkpulse.platform.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.platform.production.Oee.Count;
import io.parkpulse.platform.production.Oee.State;
import io.parkpulse.platform.production.ShiftCalendar.Shift;
import io.parkpulse.platform.production.ShiftCalendar.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** OEE, shifts and energy on synthetic data whose answers are worked out by hand below. */
class ProductionIndicatorsTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private final ShiftCalendar calendar =
      new ShiftCalendar(
          List.of(
              new Shift("day", LocalTime.of(8, 0), LocalTime.of(20, 0)),
              new Shift("night", LocalTime.of(20, 0), LocalTime.of(8, 0))),
          SHANGHAI);

  @Test
  void shiftsAreLocalAndANightShiftEndsTheNextDay() {
    List<Window> windows = calendar.windows(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30));
    assertThat(windows).hasSize(2);
    assertThat(windows.get(0).start()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(windows.get(0).end()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
    assertThat(windows.get(1).start()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
    assertThat(windows.get(1).end()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
  }

  @Test
  void oeeOfADayShiftWorkedOutByHand() {
    Window day = calendar.windows(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30)).get(0);
    // Local times (UTC+8): RUNNING 08:00-10:00, DOWN 10:00-10:30, RUNNING 10:30-18:00, IDLE after.
    List<State> states =
        List.of(
            new State(at("07:55"), "IDLE"),
            new State(at("08:00"), "RUNNING"),
            new State(at("10:00"), "DOWN"),
            new State(at("10:30"), "RUNNING"),
            new State(at("18:00"), "IDLE"));
    // 900 parts in the shift (1,000 → 1,900), 855 good (1,000 → 1,855).
    List<Count> total = List.of(count("07:59", 1000), count("13:00", 1400), count("20:00", 1900));
    List<Count> good = List.of(count("07:59", 1000), count("13:00", 1380), count("20:00", 1855));

    Oee.Result r =
        Oee.compute(
            day, states, total, good, Optional.of(Duration.ofSeconds(30)), Duration.ofHours(12));

    // A = 9.5 h / 12 h; P = 30 s × 900 / 9.5 h = 27,000 / 34,200; Q = 855 / 900.
    assertThat(r.running()).isEqualTo(Duration.ofMinutes(570));
    assertThat(r.coverage()).isEqualTo(1.0);
    assertThat(r.availability().orElseThrow()).isCloseTo(9.5 / 12, within(1e-9));
    assertThat(r.performance().orElseThrow()).isCloseTo(27_000.0 / 34_200, within(1e-9));
    assertThat(r.quality().orElseThrow()).isCloseTo(0.95, within(1e-9));
    assertThat(r.oee().orElseThrow())
        .isCloseTo(9.5 / 12 * 27_000.0 / 34_200 * 0.95, within(1e-9))
        .isCloseTo(0.5938, within(1e-4));
  }

  @Test
  void aShiftWithTooLittleStateDataOrNoIdealCycleIsNotComputable() {
    Window day = calendar.windows(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30)).get(0);
    // Samples every 5 min holding 10 min at most, but only from 14:00: 6 of 12 hours covered.
    List<State> afternoon = new java.util.ArrayList<>();
    for (int m = 14 * 60; m < 20 * 60; m += 5) {
      afternoon.add(new State(at(String.format("%02d:%02d", m / 60, m % 60)), "RUNNING"));
    }
    List<Count> total = List.of(count("07:59", 0), count("20:00", 100));
    Oee.Result partial =
        Oee.compute(
            day,
            afternoon,
            total,
            total,
            Optional.of(Duration.ofSeconds(30)),
            Duration.ofMinutes(10));
    assertThat(partial.coverage()).isCloseTo(0.5, within(1e-9));
    assertThat(partial.availability()).isEmpty();
    assertThat(partial.computable()).isFalse();

    Oee.Result noCycle =
        Oee.compute(
            day,
            List.of(new State(at("08:00"), "RUNNING")),
            total,
            total,
            Optional.empty(),
            Duration.ofHours(12));
    assertThat(noCycle.availability()).contains(1.0);
    assertThat(noCycle.performance()).isEmpty();
    assertThat(noCycle.computable()).isFalse();
  }

  @Test
  void aCounterResetCountsFromZero() {
    Window day = calendar.windows(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30)).get(0);
    // 500 → 600 (+100), reset to 0 then 40 (+40), then 90 (+50): 190 parts.
    List<Count> total =
        List.of(count("07:00", 500), count("09:00", 600), count("10:00", 40), count("19:00", 90));
    assertThat(Oee.increase(total, day)).isEqualTo(190);
  }

  @Test
  void energyFromACounterAndFromPowerSamples() {
    List<Energy.Sample> counter =
        List.of(
            new Energy.Sample(at("08:00"), 1200.0),
            new Energy.Sample(at("09:00"), 1212.5),
            new Energy.Sample(at("10:00"), 2.0), // meter replaced
            new Energy.Sample(at("11:00"), 14.0));
    assertThat(Energy.fromCounter(counter)).isCloseTo(12.5 + 2 + 12, within(1e-9));

    // 10 kW for 1 h, a ramp to 20 kW over 30 min (7.5 kWh), then a 2-hour hole.
    List<Energy.Sample> power =
        List.of(
            new Energy.Sample(at("08:00"), 10),
            new Energy.Sample(at("09:00"), 10),
            new Energy.Sample(at("09:30"), 20),
            new Energy.Sample(at("11:30"), 20));
    assertThat(Energy.fromPower(power, Duration.ofMinutes(15 * 4)))
        .isCloseTo(10 + 7.5, within(1e-9));
  }

  private static Instant at(String localTime) {
    return LocalDate.of(2026, 11, 30)
        .atTime(LocalTime.parse(localTime))
        .atZone(SHANGHAI)
        .toInstant();
  }

  private static Count count(String localTime, double value) {
    return new Count(at(localTime), value);
  }
}
