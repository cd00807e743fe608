package io.parkpulse.agent.collect.gnss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.parkpulse.agent.collect.serial.SerialSettings;
import io.parkpulse.devstack.gnss.LatLon;
import io.parkpulse.devstack.gnss.NmeaReceiver;
import io.parkpulse.devstack.gnss.Route;
import io.parkpulse.model.DeviceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector on a real serial port: a pseudo-terminal pair made by socat, the collector on side
 * a through jSerialComm, the simulated receiver writing its sentences on side b.
 */
class GnssSerialPortIT {

  private static final Path SOCAT = Path.of("/usr/bin/socat");
  private static final DeviceRef FORKLIFT = new DeviceRef("acme", "forklift-08");
  // Southern and western hemispheres: Buenos Aires harbour
  private static final LatLon QUAY = new LatLon(-34.61062, -58.383018);

  @TempDir Path dir;

  private final List<Map<String, Object>> taken = new CopyOnWriteArrayList<>();
  private Process socat;
  private NmeaReceiver receiver;
  private GnssCollector collector;

  @BeforeEach
  void pseudoTerminals() throws IOException {
    assumeTrue(Files.isExecutable(SOCAT), "socat is not installed");
    socat =
        new ProcessBuilder(
                SOCAT.toString(),
                "-d",
                "-d",
                "pty,raw,echo=0,link=" + dir.resolve("a"),
                "pty,raw,echo=0,link=" + dir.resolve("b"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("socat.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.exists(dir.resolve("a")) && Files.exists(dir.resolve("b")));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (collector != null) {
      collector.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (socat != null) {
      socat.destroy();
      socat.waitFor();
    }
  }

  @Test
  void readsTheReceiverOnASerialPort() {
    Route route = Route.through(3, QUAY, QUAY.offset(-40, -40)).startingAfter(5);
    receiver = NmeaReceiver.writingTo(dir.resolve("b"), route, 50).talkers("GP", "GP", "GP");
    collector =
        new GnssCollector(
            new GnssSettings(
                FORKLIFT,
                port(dir.resolve("a")),
                Duration.ofMillis(200),
                5,
                Duration.ofSeconds(1)));
    collector.start((device, ts, metrics) -> taken.add(metrics));

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.steps() > route.seconds() + 1);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat((double) taken.get(taken.size() - 1).get("lat"))
                    .isCloseTo(QUAY.offset(-40, -40).lat(), within(1e-6)));

    assertThat(taken.size()).isGreaterThan(3);
    assertThat(taken).allSatisfy(m -> assertThat((double) m.get("lat")).isNegative());
    assertThat(taken).allSatisfy(m -> assertThat((double) m.get("lon")).isNegative());
    assertThat(taken.get(0))
        .containsEntry("fix_quality", 1L)
        .containsEntry("satellites", (long) NmeaReceiver.SATELLITES);
    assertThat((double) taken.get(0).get("lat")).isCloseTo(QUAY.lat(), within(1e-6));
    assertThat((double) taken.get(0).get("lon")).isCloseTo(QUAY.lon(), within(1e-6));
    assertThat(collector.health().ok()).isTrue();
    assertThat(collector.health().detail())
        .startsWith("reading " + dir.resolve("a") + " 9600 8N1: fix 1 (3D) at -34.6");
  }

  private static SerialSettings port(Path device) {
    return new SerialSettings(
        device.toString(),
        null,
        0,
        9600,
        8,
        SerialSettings.Parity.NONE,
        1,
        Duration.ofMillis(200),
        Duration.ofMillis(4));
  }
}
