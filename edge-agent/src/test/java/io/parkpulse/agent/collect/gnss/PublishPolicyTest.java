package io.parkpulse.agent.collect.gnss;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.agent.collect.gnss.NmeaSentence.LatLon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When positions become readings, on a clock the test sets. */
class PublishPolicyTest {

  private static final LatLon YARD = new LatLon(31.846478, 117.198827);

  /** One degree of latitude, in metres (mean earth radius). */
  private static final double DEGREE = Math.PI * 6_371_008.8 / 180;

  private final PublishPolicy policy =
      new PublishPolicy(Duration.ofSeconds(1), 5, Duration.ofSeconds(60));

  @Test
  void aStillReceiverIsPublishedOnceEveryStillEvery() {
    List<Long> published = new ArrayList<>();
    for (long second = 0; second < 300; second++) {
      // a still receiver's position wanders by a metre or so
      LatLon jitter = north(YARD, second % 2 == 0 ? 0 : 1.5);
      if (policy.publish(fix(jitter), seconds(second))) {
        published.add(second);
      }
    }

    assertThat(published).containsExactly(0L, 60L, 120L, 180L, 240L);
  }

  @Test
  void aMovingReceiverIsPublishedAtMostOncePerInterval() {
    List<Long> published = new ArrayList<>();
    // 10 m/s, a fix every 200 ms
    for (long step = 0; step <= 50; step++) {
      if (policy.publish(fix(north(YARD, 2.0 * step)), millis(200 * step))) {
        published.add(200 * step);
      }
    }

    assertThat(published)
        .containsExactly(0L, 1000L, 2000L, 3000L, 4000L, 5000L, 6000L, 7000L, 8000L, 9000L, 10000L);
  }

  @Test
  void creepingIsPublishedOnceItAddsUpToTheMinimumMove() {
    List<Long> published = new ArrayList<>();
    // 0.9 m/s: more than 5 m from the last published position every 6 s
    for (long second = 0; second <= 20; second++) {
      if (policy.publish(fix(north(YARD, 0.9 * second)), seconds(second))) {
        published.add(second);
      }
    }

    assertThat(published).containsExactly(0L, 6L, 12L, 18L);
  }

  @Test
  void losingOrRegainingTheFixIsPublishedAtOnce() {
    assertThat(policy.publish(fix(YARD), millis(0))).isTrue();
    assertThat(policy.publish(fix(YARD), millis(100))).isFalse();

    assertThat(policy.publish(GnssFix.NONE, millis(200))).as("fix lost").isTrue();
    assertThat(policy.publish(GnssFix.NONE, millis(1200))).as("still lost").isFalse();
    assertThat(policy.publish(fix(YARD), millis(1300))).as("fix regained").isTrue();
    assertThat(policy.publish(GnssFix.NONE, millis(1400))).as("lost again").isTrue();
  }

  @Test
  void withoutAFixAReadingComesEveryStillEvery() {
    List<Long> published = new ArrayList<>();
    for (long second = 0; second < 130; second++) {
      if (policy.publish(GnssFix.NONE, seconds(second))) {
        published.add(second);
      }
    }

    assertThat(published).containsExactly(0L, 60L, 120L);
  }

  @Test
  void theMetresBetweenTwoPositionsAreTheGreatCircleDistance() {
    assertThat(GnssFix.metres(YARD, north(YARD, 100))).isCloseTo(100, within(0.01));
    double equator = GnssFix.metres(new LatLon(0, 0), new LatLon(0, 1));
    assertThat(equator).isCloseTo(111_195, within(1));
    // a degree of longitude at 60 degrees north is half as long
    assertThat(GnssFix.metres(new LatLon(60, 0), new LatLon(60, 1)))
        .isCloseTo(equator / 2, within(equator * 1e-4));
    assertThat(GnssFix.metres(YARD, YARD)).isZero();
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }

  private static GnssFix fix(LatLon at) {
    return new GnssFix(1, at, 12, 0.8, 0.0, 3);
  }

  private static LatLon north(LatLon from, double metres) {
    return new LatLon(from.lat() + metres / DEGREE, from.lon());
  }

  private static long seconds(long s) {
    return Duration.ofSeconds(s).toNanos();
  }

  private static long millis(long ms) {
    return Duration.ofMillis(ms).toNanos();
  }
}
