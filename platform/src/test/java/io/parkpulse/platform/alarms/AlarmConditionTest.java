package io.parkpulse.platform.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  /** A zone of about 110 m around 31.2000 N, 121.5000 E. */
  private static final Polygon ZONE =
      Polygon.of(
          List.of(
              List.of(121.4995, 31.1995),
              List.of(121.5005, 31.1995),
              List.of(121.5005, 31.2005),
              List.of(121.4995, 31.2005)));

  @Test
  void insideAZoneForAWhile() {
    AlarmCondition inside = new AlarmCondition("inside", null, null, Duration.ofMinutes(1), ZONE);
    Sample out = p(-3, 31.1990, 121.5000);
    Sample in = p(-2, 31.2000, 121.5000);
    Sample stillIn = p(0, 31.2004, 121.4996);
    assertThat(inside.triggered(List.of(out, in), NOW)).contains(in);
    assertThat(inside.triggered(List.of(out, p(0, 31.2000, 121.5000)), NOW))
        .as("entered less than a minute ago")
        .isEmpty();
    assertThat(inside.triggered(List.of(in, stillIn), NOW)).contains(stillIn);
    assertThat(inside.triggered(List.of(in, p(0, 31.2006, 121.5000)), NOW)).isEmpty();
    assertThat(inside.holds(75.0)).as("a number is not a position").isFalse();
  }

  @Test
  void outsideMeansHavingLeft() {
    AlarmCondition left = new AlarmCondition("outside", null, null, Duration.ZERO, ZONE);
    Sample parked = p(-2, 31.2000, 121.5000);
    Sample gone = p(0, 31.2000, 121.5100);
    assertThat(left.triggered(List.of(parked, gone), NOW)).contains(gone);
    assertThat(left.triggered(List.of(p(-2, 31.2000, 121.5200), gone), NOW))
        .as("never in the zone within the window: it did not leave it")
        .isEmpty();
    assertThat(left.triggered(List.of(gone, parked), NOW)).as("back in").isEmpty();
  }

  @Test
  void polygonsAreCheckedAndContainPointsByTheEvenOddRule() {
    // An L shape: the notch at its top right is outside.
    Polygon l =
        Polygon.of(
            List.of(
                List.of(0.0, 0.0),
                List.of(2.0, 0.0),
                List.of(2.0, 1.0),
                List.of(1.0, 1.0),
                List.of(1.0, 2.0),
                List.of(0.0, 2.0),
                List.of(0.0, 0.0)));
    assertThat(l.contains(new Polygon.Position(0.5, 1.5))).isTrue();
    assertThat(l.contains(new Polygon.Position(1.5, 0.5))).isTrue();
    assertThat(l.contains(new Polygon.Position(1.5, 1.5))).isFalse();
    assertThat(l.contains(new Polygon.Position(-0.1, 0.5))).isFalse();
    assertThat(l.corners()).hasSize(7).first().isEqualTo(List.of(0.0, 0.0));
    assertThatThrownBy(() -> Polygon.of(List.of(List.of(0.0, 0.0), List.of(1.0, 1.0))))
        .hasMessageContaining("at least 3 distinct corners");
    assertThatThrownBy(
            () -> Polygon.of(List.of(List.of(0.0, 0.0), List.of(1.0, 1.0), List.of(2.0, 2.0))))
        .hasMessageContaining("on one line");
    assertThatThrownBy(
            () ->
                Polygon.of(
                    List.of(List.of(31.2, 121.5), List.of(31.3, 121.5), List.of(31.3, 121.6))))
        .hasMessageContaining("longitude first");
    assertThatThrownBy(() -> Polygon.of(List.of(List.of(0.0), List.of(1.0, 1.0))))
        .hasMessageContaining("corner 0 is not a [longitude, latitude] pair");
  }

  private static Sample p(int minutes, double lat, double lon) {
    return new Sample(NOW.plus(Duration.ofMinutes(minutes)), new Polygon.Position(lat, lon));
  }

  private static Sample s(int minutes, double value) {
    return new Sample(NOW.plus(Duration.ofMinutes(minutes)), value);
  }
}
