package io.parkpulse.platform.alarms.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.platform.alarms.Polygon;
import io.parkpulse.platform.alarms.rules.RuleState.Change;
import io.parkpulse.platform.alarms.rules.RuleState.FlapLimit;
import io.parkpulse.platform.alarms.rules.RuleState.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules over recorded series: each reading is written out with its time, and the test lists the
 * transitions the rule gives, as {@code time change value}.
 */
class RuleStateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FlapLimit NO_FLAPPING = new FlapLimit(1000, Duration.ofMinutes(1));
  private static final Map<String, String> PROFILE =
      Map.of("temperature.c", "temp", "machine.state", "state");

  /** A reading: its time of day (UTC, 2026-11-29) and its values. */
  private record R(String time, Map<String, Object> metrics) {}

  private static R r(String time, Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return new R(time, m);
  }

  private static Instant at(String time) {
    return Instant.parse("2026-11-29T" + time + "Z");
  }

  private static RuleState state(String when, Duration holdFor, FlapLimit flap) throws Exception {
    Condition c = RuleTrees.parse(JSON.readTree(when));
    Watches.Watch w =
        Watches.of(c, p -> p.name() != null ? p.name() : PROFILE.get(p.kind())).orElseThrow();
    return new RuleState(w, holdFor, flap);
  }

  /** Feeds the series, returns "time change value" per transition. */
  private static List<String> run(RuleState s, R... series) {
    List<String> out = new ArrayList<>();
    for (R reading : series) {
      s.onReading(at(reading.time()), reading.metrics()).ifPresent(t -> out.add(line(t)));
    }
    return out;
  }

  private static String line(Transition t) {
    String time = t.at().toString().substring(11, 19);
    return time
        + " "
        + (t.flappingStarts() ? "FLAPPING" : t.change().name())
        + (t.suppressed() ? " (suppressed)" : "")
        + " "
        + t.value();
  }

  @Test
  void hysteresisRaisesAbove80AndClearsOnlyBelow75() throws Exception {
    RuleState s =
        state(
            "{\"kind\": \"temperature.c\", \"above\": 80, \"clear\": 75}",
            Duration.ZERO,
            NO_FLAPPING);
    assertThat(
            run(
                s,
                r("03:00:00", "temp", 70.0),
                r("03:01:00", "temp", 81.0),
                r("03:02:00", "temp", 79.0),
                r("03:03:00", "temp", 76.0),
                r("03:04:00", "temp", 75.0),
                r("03:05:00", "temp", 74.9),
                r("03:06:00", "temp", 79.0),
                r("03:07:00", "temp", 80.5)))
        .containsExactly("03:01:00 RAISED 81.0", "03:05:00 CLEARED 74.9", "03:07:00 RAISED 80.5");
  }

  @Test
  void withoutHysteresisTheSameSeriesRaisesAndClearsAtTheLevel() throws Exception {
    RuleState s = state("{\"point\": \"temp\", \"above\": 80}", Duration.ZERO, NO_FLAPPING);
    assertThat(
            run(
                s,
                r("03:00:00", "temp", 70.0),
                r("03:01:00", "temp", 81.0),
                r("03:02:00", "temp", 79.0),
                r("03:07:00", "temp", 80.5)))
        .containsExactly("03:01:00 RAISED 81.0", "03:02:00 CLEARED 79.0", "03:07:00 RAISED 80.5");
  }

  @Test
  void rateOfChangeOverAWindow() throws Exception {
    // More than 2 °C per minute over the last 3 minutes.
    RuleState s =
        state(
            "{\"point\": \"temp\", \"rate\": {\"above\": 2, \"windowSeconds\": 180}}",
            Duration.ZERO,
            NO_FLAPPING);
    assertThat(
            run(
                s,
                r("03:00:00", "temp", 20.0),
                r("03:01:00", "temp", 21.0),
                r("03:02:00", "temp", 22.0),
                // 20 -> 27 over 3 minutes: 2.333/min.
                r("03:03:00", "temp", 27.0),
                // 21 -> 33 over 3 minutes: 4/min, still raised.
                r("03:04:00", "temp", 33.0),
                // 27 -> 33 over 3 minutes (03:03 .. 03:06): 2/min, not above 2.
                r("03:06:00", "temp", 33.0),
                r("03:07:00", "temp", 33.0)))
        .containsExactly("03:03:00 RAISED 27.0 (2.333/min)", "03:06:00 CLEARED 33.0 (2.000/min)");
  }

  @Test
  void aFallingRateWithBelowAndANegativeLimit() throws Exception {
    RuleState s =
        state(
            "{\"point\": \"pressure\", \"rate\": {\"below\": -0.5, \"windowSeconds\": 120}}",
            Duration.ZERO,
            NO_FLAPPING);
    assertThat(
            run(
                s,
                r("03:00:00", "pressure", 6.0),
                r("03:01:00", "pressure", 5.9),
                r("03:02:00", "pressure", 4.5)))
        .containsExactly("03:02:00 RAISED 4.5 (-0.750/min)");
  }

  @Test
  void allAndAnyCombineLeaves() throws Exception {
    String hotWhileRunning =
        "{\"all\": [{\"kind\": \"temperature.c\", \"above\": 80},"
            + " {\"kind\": \"machine.state\", \"equals\": \"RUNNING\"}]}";
    RuleState all = state(hotWhileRunning, Duration.ZERO, NO_FLAPPING);
    assertThat(
            run(
                all,
                r("03:00:00", "temp", 85.0, "state", "IDLE"),
                r("03:01:00", "state", "RUNNING"),
                r("03:02:00", "temp", 70.0),
                r("03:03:00", "temp", 90.0),
                r("03:04:00", "state", "DOWN")))
        .containsExactly(
            "03:01:00 RAISED temp=85.0; state=RUNNING",
            "03:02:00 CLEARED temp=70.0; state=RUNNING",
            "03:03:00 RAISED temp=90.0; state=RUNNING",
            "03:04:00 CLEARED temp=90.0; state=DOWN");

    String hotOrDown =
        "{\"any\": [{\"point\": \"temp\", \"above\": 80}, {\"point\": \"state\", \"equals\": \"DOWN\"}]}";
    RuleState any = state(hotOrDown, Duration.ZERO, NO_FLAPPING);
    assertThat(
            run(
                any,
                r("03:00:00", "temp", 70.0, "state", "RUNNING"),
                r("03:01:00", "state", "DOWN"),
                r("03:02:00", "temp", 90.0, "state", "RUNNING"),
                r("03:03:00", "temp", 60.0)))
        .containsExactly(
            "03:01:00 RAISED temp=70.0; state=DOWN", "03:03:00 CLEARED temp=60.0; state=RUNNING");
  }

  @Test
  void theConditionMustHoldForTheWholeDurationAndADipStartsItOver() throws Exception {
    RuleState s = state("{\"point\": \"temp\", \"above\": 80}", Duration.ofMinutes(5), NO_FLAPPING);
    assertThat(
            run(
                s,
                r("03:00:00", "temp", 85.0),
                r("03:02:00", "temp", 86.0),
                r("03:04:00", "temp", 79.0),
                r("03:05:00", "temp", 88.0),
                r("03:09:00", "temp", 89.0)))
        .isEmpty();
    assertThat(s.due()).contains(at("03:10:00"));
    assertThat(s.onTime(at("03:09:59"))).isEmpty();
    // No reading since 03:09: the duration runs out on the clock, not at the next reading.
    assertThat(s.onTime(at("03:10:00")).map(RuleStateTest::line)).contains("03:10:00 RAISED 89.0");
    assertThat(run(s, r("03:11:00", "temp", 90.0))).as("raised once").isEmpty();
  }

  @Test
  void aFlappingSignalGivesOneFlappingAlarmAndACountNotOneAlarmPerChange() throws Exception {
    // 4 changes within 10 minutes make it flapping.
    RuleState s =
        state(
            "{\"point\": \"temp\", \"above\": 80}",
            Duration.ZERO,
            new FlapLimit(4, Duration.ofMinutes(10)));
    List<R> series = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      series.add(
          r(String.format("03:%02d:%02d", i / 2, (i % 2) * 30), "temp", i % 2 == 0 ? 85.0 : 70.0));
    }
    List<String> out = run(s, series.toArray(R[]::new));
    assertThat(out.subList(0, 4))
        .containsExactly(
            "03:00:00 RAISED 85.0",
            "03:00:30 CLEARED 70.0",
            "03:01:00 RAISED 85.0",
            "03:01:30 FLAPPING 70.0");
    assertThat(out).hasSize(20);
    assertThat(out.subList(4, 20)).allMatch(l -> l.contains("(suppressed)"));
    assertThat(s.flapping()).isTrue();
    s.alarmClosed();
    assertThat(s.flapping()).isFalse();
  }

  @Test
  void changesFurtherApartThanTheWindowDoNotFlap() throws Exception {
    RuleState s =
        state(
            "{\"point\": \"temp\", \"above\": 80}",
            Duration.ZERO,
            new FlapLimit(3, Duration.ofMinutes(10)));
    List<String> out =
        run(
            s,
            r("03:00:00", "temp", 85.0),
            r("03:06:00", "temp", 70.0),
            r("03:12:00", "temp", 85.0),
            r("03:18:00", "temp", 70.0));
    assertThat(out).noneMatch(l -> l.contains("FLAPPING") || l.contains("suppressed"));
  }

  @Test
  void silenceRaisesAfterItsTimeAndClearsWhenTheDeviceReportsAgain() {
    Condition.Silent tenMinutes = new Condition.Silent(Duration.ofMinutes(10));
    Instant seen = at("03:00:00");
    assertThat(RuleState.silence(tenMinutes, seen, false, at("03:09:59"))).isEmpty();
    assertThat(RuleState.silence(tenMinutes, seen, false, at("03:10:00"))).contains(Change.RAISED);
    assertThat(RuleState.silence(tenMinutes, seen, true, at("03:15:00"))).isEmpty();
    assertThat(RuleState.silence(tenMinutes, at("03:15:01"), true, at("03:15:05")))
        .contains(Change.CLEARED);
    assertThat(RuleState.silence(tenMinutes, null, false, at("03:30:00")))
        .as("a device that never reported is not silent")
        .isEmpty();
  }

  @Test
  void aSeededAlarmKeepsItsHysteresisAcrossARestart() throws Exception {
    RuleState s =
        state("{\"point\": \"temp\", \"above\": 80, \"clear\": 75}", Duration.ZERO, NO_FLAPPING);
    s.seed(true, false);
    assertThat(run(s, r("03:00:00", "temp", 78.0)))
        .as("between the levels: still raised")
        .isEmpty();
    assertThat(run(s, r("03:01:00", "temp", 74.0))).containsExactly("03:01:00 CLEARED 74.0");
  }

  @Test
  void readingsWithoutTheRulesPointsAndReplaysChangeNothing() throws Exception {
    RuleState s = state("{\"point\": \"temp\", \"above\": 80}", Duration.ZERO, NO_FLAPPING);
    assertThat(
            run(
                s,
                r("03:00:00", "temp", 85.0),
                r("03:01:00", "humidity", 40.0),
                r("02:59:00", "temp", 20.0)))
        .containsExactly("03:00:00 RAISED 85.0");
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
  void geofencesOpenOnEnteringAndOnLeavingHavingBeenIn() {
    Map<String, String> tracker = Map.of("position.lat", "lat", "position.lon", "lon");
    RuleState inside =
        new RuleState(
            Watches.of(
                    RuleTrees.legacy("inside", "position.lat", null, null, null, ZONE),
                    p -> tracker.get(p.kind()))
                .orElseThrow(),
            Duration.ZERO,
            NO_FLAPPING);
    assertThat(
            run(
                inside,
                r("03:00:00", "lat", 31.1990, "lon", 121.5000),
                r("03:01:00", "lat", 31.2001, "lon", 121.5001),
                r("03:01:30", "fix", 0),
                r("03:02:00", "lat", 31.2010, "lon", 121.5001)))
        .containsExactly(
            "03:01:00 RAISED 31.200100,121.500100", "03:02:00 CLEARED 31.201000,121.500100");

    RuleState outside =
        new RuleState(
            Watches.of(
                    RuleTrees.legacy("outside", "position.lat", null, null, null, ZONE),
                    p -> tracker.get(p.kind()))
                .orElseThrow(),
            Duration.ZERO,
            NO_FLAPPING);
    assertThat(run(outside, r("03:00:00", "lat", 31.3000, "lon", 121.5000)))
        .as("never in the zone: it did not leave it")
        .isEmpty();
    assertThat(
            run(
                outside,
                r("03:01:00", "lat", 31.2000, "lon", 121.5000),
                r("03:02:00", "lat", 31.2000, "lon", 121.5100)))
        .containsExactly("03:02:00 RAISED 31.200000,121.510000");
  }

  @Test
  void aRuleDoesNotApplyToADeviceWithoutItsPoints() throws Exception {
    Condition c = RuleTrees.parse(JSON.readTree("{\"kind\": \"power.active_kw\", \"above\": 5}"));
    assertThat(Watches.of(c, p -> PROFILE.get(p.kind()))).isEmpty();
  }
}
