package io.parkpulse.agent.collect.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.parkpulse.devstack.gnss.LatLon;
import io.parkpulse.devstack.gnss.NmeaSentences;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lines as a receiver sends them, each second, turned into readings. */
class GnssReadingsTest {

  private static final LatLon DOCK = new LatLon(31.846478, 117.198827);
  private static final LocalDate DAY = LocalDate.of(2025, 3, 14);
  private static final int[] PRNS = {6, 9, 16, 19, 21, 22, 26, 29};

  private final GnssReadings readings =
      new GnssReadings(new PublishPolicy(Duration.ofSeconds(1), 5, Duration.ofSeconds(60)));
  private final List<Map<String, Object>> published = new ArrayList<>();

  @Test
  void combinesMixedTalkersIntoOneReadingPerSecond() {
    GnssReadings everyFix =
        new GnssReadings(new PublishPolicy(Duration.ZERO, 0, Duration.ofNanos(1)));
    LatLon next = DOCK.offset(5, 0);
    long now = 0;
    // GN for the fix, BD for BeiDou's precision, as a BeiDou + GPS receiver sends them; RMC
    // first, as many receivers do
    for (String line :
        List.of(
            NmeaSentences.rmc("GN", time(0), DAY, DOCK, 0, 0),
            NmeaSentences.gga("GN", time(0), DOCK, 1, 9, 1.1, 40.0),
            NmeaSentences.gsa("BD", 3, PRNS, 1.4, 0.9, 1.1),
            NmeaSentences.rmc("GN", time(1), DAY, next, 10.0, 0),
            NmeaSentences.gga("GN", time(1), next, 2, 14, 0.7, 40.0),
            NmeaSentences.gsa("BD", 3, PRNS, 1.4, 0.9, 1.1))) {
      now += Duration.ofMillis(300).toNanos();
      everyFix.take(line, now).ifPresent(published::add);
    }

    // The first RMC is taken alone (the receiver is not yet known to send GGA too); after that,
    // one reading per second with both the RMC's speed and the GGA's quality and satellites.
    assertThat(published).hasSize(3);
    assertThat(published.get(1)).containsEntry("satellites", 9L).containsEntry("speed_kmh", 0.0);
    Map<String, Object> last = published.get(2);
    assertThat((double) last.get("lat")).isCloseTo(next.lat(), within(1e-7));
    assertThat((double) last.get("lon")).isCloseTo(next.lon(), within(1e-7));
    assertThat(last)
        .contains(
            entry("fix_quality", 2L),
            entry("satellites", 14L),
            entry("hdop", 0.7),
            entry("speed_kmh", 18.52));
    assertThat(everyFix.fix().fixType()).isEqualTo(3);
    assertThat(everyFix.addresses()).isEqualTo("GNRMC, GNGGA, BDGSA");
    assertThat(everyFix.bad()).isZero();
    assertThat(everyFix.sentences()).isEqualTo(6);
  }

  @Test
  void aReceiverWithoutGgaIsReadFromRmcAndGsa() {
    take(
        0,
        NmeaSentences.gsa("GB", 3, PRNS, 1.9, 1.2, 1.5),
        NmeaSentences.rmc("GB", time(0), DAY, DOCK, 0, 0));

    assertThat(published).hasSize(1);
    assertThat(published.get(0))
        .containsEntry("fix_quality", 1L)
        .containsEntry("hdop", 1.2)
        .containsEntry("speed_kmh", 0.0)
        .doesNotContainKey("satellites");
  }

  @Test
  void losingTheFixPublishesFixQualityZeroWithoutAPositionAndRegainingItPublishesAtOnce() {
    take(0, fixAt(0, DOCK));
    take(1000, fixAt(1000, DOCK));
    take(
        2000,
        NmeaSentences.ggaNoFix("GN", time(2), 3),
        NmeaSentences.rmcNoFix("GN", time(2), DAY),
        NmeaSentences.gsa("BD", 1, new int[0], 99.99, 99.99, 99.99));
    take(
        3000, NmeaSentences.ggaNoFix("GN", time(3), 2), NmeaSentences.rmcNoFix("GN", time(3), DAY));
    take(4000, fixAt(4000, DOCK));

    assertThat(published).hasSize(3);
    assertThat(published.get(0)).containsKeys("lat", "lon").containsEntry("fix_quality", 1L);
    assertThat(published.get(1)).containsOnly(entry("fix_quality", 0L), entry("satellites", 3L));
    assertThat(published.get(2)).containsKeys("lat", "lon").containsEntry("fix_quality", 1L);
  }

  @Test
  void countsBadLinesAndKeepsGoing() {
    String gga = NmeaSentences.gga("GN", time(0), DOCK, 1, 9, 1.0, 40.0);
    take(0, NmeaSentences.withBadChecksum(gga), "garbage", "$GNGGA,1,2*00");
    assertThat(published).isEmpty();
    assertThat(readings.bad()).isEqualTo(3);
    assertThat(readings.lastBad()).contains("checksum");

    take(0, gga);
    assertThat(published).hasSize(1);
    assertThat(readings.sentences()).isEqualTo(1);
  }

  @Test
  void aMovingReceiverIsPublishedEverySecondAndAParkedOneEveryMinute() {
    // drives 6 m/s north for 10 s with a fix every 200 ms, then parks for 3 minutes
    LatLon at = DOCK;
    for (long ms = 0; ms <= 10_000; ms += 200) {
      at = DOCK.offset(6.0 * ms / 1000, 0);
      take(ms, fixAt(ms, at));
    }
    int driving = published.size();
    for (long ms = 10_200; ms <= 191_000; ms += 1000) {
      take(ms, fixAt(ms, at));
    }

    assertThat(driving).isEqualTo(11);
    assertThat(published.size() - driving).isEqualTo(3);
  }

  private Optional<Map<String, Object>> take(long millis, String... lines) {
    Optional<Map<String, Object>> last = Optional.empty();
    for (String line : lines) {
      last = readings.take(line, Duration.ofMillis(millis).toNanos());
      last.ifPresent(published::add);
    }
    return last;
  }

  private static String[] fixAt(long millis, LatLon at) {
    LocalTime time = LocalTime.of(8, 0).plusNanos(Duration.ofMillis(millis).toNanos());
    return new String[] {
      NmeaSentences.gga("GN", time, at, 1, 12, 0.8, 40.0),
      NmeaSentences.rmc("GN", time, DAY, at, 0, 0),
      NmeaSentences.gsa("BD", 3, PRNS, 1.4, 0.8, 1.1)
    };
  }

  private static LocalTime time(long second) {
    return LocalTime.of(8, 0).plusSeconds(second);
  }
}
