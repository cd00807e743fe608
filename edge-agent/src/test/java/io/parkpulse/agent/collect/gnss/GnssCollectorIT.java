package io.parkpulse.agent.collect.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.parkpulse.agent.collect.Collector.Health;
import io.parkpulse.agent.collect.serial.SerialSettings;
import io.parkpulse.devstack.Ports;
import io.parkpulse.devstack.gnss.LatLon;
import io.parkpulse.devstack.gnss.NmeaReceiver;
import io.parkpulse.devstack.gnss.Route;
import io.parkpulse.model.DeviceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The collector reading a simulated receiver ({@link NmeaReceiver}) over a real TCP connection: a
 * fix every 100 ms (ten route seconds a second), GNGGA, GNRMC and BDGSA as a BeiDou receiver sends
 * them.
 */
class GnssCollectorIT {

  private static final DeviceRef FORKLIFT = new DeviceRef("acme", "forklift-07");
  private static final LatLon DOCK = new LatLon(31.846478, 117.198827);
  private static final long STEP_MILLIS = 50;
  private static final Duration INTERVAL = Duration.ofMillis(300);
  private static final Duration STILL_EVERY = Duration.ofSeconds(1);

  private final List<Taken> taken = new CopyOnWriteArrayList<>();
  private NmeaReceiver receiver;
  private GnssCollector collector;

  private record Taken(DeviceRef device, Instant ts, Map<String, Object> metrics) {}

  @AfterEach
  void stop() {
    if (collector != null) {
      collector.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void publishesTheRouteWhileMovingAtMostOncePerIntervalAndThenOnceEveryStillEvery() {
    // waits 10 steps, drives 60 m north at 2 m/s (2 m a step, 30 steps: 1.5 s), then parks
    LatLon end = DOCK.offset(60, 0);
    Route route = Route.through(2, DOCK, end).startingAfter(10);
    receiver = NmeaReceiver.start(route, STEP_MILLIS);
    collector = new GnssCollector(settings(tcp(receiver.port())));
    collector.start((device, ts, metrics) -> taken.add(new Taken(device, ts, metrics)));

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.steps() > route.seconds() + 2);
    int untilParked = taken.size();
    await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() >= untilParked + 2);

    assertThat(taken).allSatisfy(t -> assertThat(t.device()).isEqualTo(FORKLIFT));
    assertThat(taken)
        .allSatisfy(
            t ->
                assertThat(t.metrics())
                    .containsEntry("fix_quality", 1L)
                    .containsEntry("satellites", (long) NmeaReceiver.SATELLITES)
                    .containsEntry("hdop", NmeaReceiver.HDOP)
                    .containsKeys("lat", "lon"));
    // the speed comes with the RMC: from the second fix on, once the receiver is known to send
    // both GGA and RMC
    assertThat(taken.subList(1, taken.size()))
        .allSatisfy(t -> assertThat(t.metrics()).containsKey("speed_kmh"));
    // every published position is one the receiver sent, to the centimetre
    for (Taken t : taken) {
      LatLon at = new LatLon((double) t.metrics().get("lat"), (double) t.metrics().get("lon"));
      double nearest =
          LongStream.rangeClosed(0, route.seconds())
              .mapToDouble(s -> route.at(s).metresTo(at))
              .min()
              .orElseThrow();
      assertThat(nearest).isLessThan(0.05);
    }
    // never two readings within an interval (the clocks may differ by a few milliseconds)
    for (int i = 1; i < taken.size(); i++) {
      assertThat(Duration.between(taken.get(i - 1).ts(), taken.get(i).ts()))
          .isGreaterThanOrEqualTo(INTERVAL.minusMillis(5));
    }
    // 1.5 s of driving at a 300 ms interval: about five readings, however the steps fell
    assertThat(untilParked).isBetween(3, 8);
    assertThat(taken)
        .anySatisfy(
            t ->
                assertThat(t.metrics())
                    .hasEntrySatisfying(
                        "speed_kmh", v -> assertThat((double) v).isCloseTo(7.2, within(0.1))));
    Map<String, Object> parked = taken.get(taken.size() - 1).metrics();
    assertThat((double) parked.get("speed_kmh")).isZero();
    assertThat((double) parked.get("lat")).isCloseTo(end.lat(), within(1e-6));

    Health health = collector.health();
    assertThat(health.ok()).isTrue();
    assertThat(health.readings()).isEqualTo(taken.size());
    assertThat(health.failures()).isZero();
    assertThat(health.detail())
        .startsWith("reading tcp 127.0.0.1:" + receiver.port() + ": fix 1 (3D) at 31.847")
        .contains("12 satellites, HDOP 0.8; last position 0 s ago;")
        .contains(" 0 bad");
  }

  @Test
  void publishesTheLossAndTheReturnOfTheFixAtOnce() {
    receiver = NmeaReceiver.start(Route.still(DOCK), STEP_MILLIS);
    collector =
        new GnssCollector(
            new GnssSettings(FORKLIFT, tcp(receiver.port()), INTERVAL, 5, Duration.ofSeconds(600)));
    collector.start((device, ts, metrics) -> taken.add(new Taken(device, ts, metrics)));
    await().atMost(Duration.ofSeconds(5)).until(() -> taken.size() == 1);

    receiver.noFix(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> taken.size() == 2);
    assertThat(taken.get(1).metrics()).isEqualTo(Map.of("fix_quality", 0L, "satellites", 3L));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(collector.health().detail())
                    .contains(": no fix, 3 satellites; last position "));

    receiver.noFix(false);
    await().atMost(Duration.ofSeconds(5)).until(() -> taken.size() == 3);
    assertThat(taken.get(2).metrics()).containsEntry("fix_quality", 1L).containsKeys("lat", "lon");
    assertThat(collector.health().ok()).isTrue();
  }

  @Test
  void countsBadSentencesAndGarbageAndKeepsReading() {
    receiver = NmeaReceiver.start(Route.still(DOCK), STEP_MILLIS);
    collector = new GnssCollector(settings(tcp(receiver.port())));
    collector.start((device, ts, metrics) -> taken.add(new Taken(device, ts, metrics)));
    await().atMost(Duration.ofSeconds(5)).until(() -> collector.health().ok());

    receiver.injectBadChecksum();
    receiver.send("\u0000\u0013garbage from a wrong baud rate");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(collector.health().detail()).contains(" 2 bad (last: "));
    long sentences = sentencesRead();
    await().atMost(Duration.ofSeconds(5)).until(() -> sentencesRead() > sentences + 6);
    assertThat(collector.health().ok()).isTrue();
    assertThat(collector.health().failures()).isZero();
  }

  @Test
  void opensTheLineAgainWhenItDropsOrTheReceiverIsNotThereYet() {
    int port = Ports.free();
    Route route = Route.through(2, DOCK, DOCK.offset(0, 500));
    collector = new GnssCollector(settings(tcp(port)));
    collector.start((device, ts, metrics) -> taken.add(new Taken(device, ts, metrics)));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(collector.health().detail())
                    .startsWith("cannot reach the serial server 127.0.0.1:" + port)
                    .contains("trying again in 1 s"));
    assertThat(collector.health().ok()).isFalse();

    receiver = NmeaReceiver.start(route, STEP_MILLIS, port);
    await().atMost(Duration.ofSeconds(10)).until(() -> collector.health().ok());
    await().atMost(Duration.ofSeconds(5)).until(() -> !taken.isEmpty());

    receiver.dropClients();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(collector.health().detail())
                    .contains("the receiver closed the connection"));
    int beforeReturn = taken.size();
    await().atMost(Duration.ofSeconds(10)).until(() -> collector.health().ok());
    await().atMost(Duration.ofSeconds(5)).until(() -> taken.size() > beforeReturn);
    // the forklift drove on while the line was down: the reading after it is further east
    double lonBefore = (double) taken.get(beforeReturn - 1).metrics().get("lon");
    double lonAfter = (double) taken.get(taken.size() - 1).metrics().get("lon");
    assertThat(lonAfter).isGreaterThan(lonBefore);
    assertThat(collector.health().failures()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void probeListensUntilItKnowsTheFix() {
    receiver = NmeaReceiver.start(Route.still(DOCK), STEP_MILLIS).talkers("GB", "GB", "GB");
    // A step under way when the talkers changed may still be written with the old ones.
    long changedAt = receiver.steps();
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.steps() >= changedAt + 2);
    collector = new GnssCollector(settings(tcp(receiver.port())));

    Health probe = collector.probe();

    assertThat(probe.ok()).isTrue();
    assertThat(probe.detail())
        .startsWith("reading GBGGA")
        .contains("from tcp 127.0.0.1:" + receiver.port() + ": fix 1 at 31.846478, 117.198827");
    assertThat(taken).isEmpty();
  }

  @Test
  void probeSaysWhatToCheckWhenNothingAnswers() {
    int closed = Ports.free();
    collector = new GnssCollector(settings(tcp(closed)));

    Health probe = collector.probe();

    assertThat(probe.ok()).isFalse();
    assertThat(probe.detail())
        .startsWith("cannot reach the serial server 127.0.0.1:" + closed)
        .contains("check its address");
  }

  /** The sentences read, as the health says. */
  private long sentencesRead() {
    Matcher m = Pattern.compile("(\\d+) sentences read").matcher(collector.health().detail());
    assertThat(m.find()).as(collector.health().detail()).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static GnssSettings settings(SerialSettings line) {
    return new GnssSettings(FORKLIFT, line, INTERVAL, 5, STILL_EVERY);
  }

  private static SerialSettings tcp(int port) {
    return new SerialSettings(
        null,
        "127.0.0.1",
        port,
        9600,
        8,
        SerialSettings.Parity.NONE,
        1,
        Duration.ofMillis(500),
        Duration.ofMillis(4));
  }
}
