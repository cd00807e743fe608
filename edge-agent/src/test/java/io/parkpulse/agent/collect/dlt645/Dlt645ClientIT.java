package io.parkpulse.agent.collect.dlt645;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parkpulse.agent.collect.serial.SerialLink;
import io.parkpulse.agent.collect.serial.SerialSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against the meter simulator over a real pseudo-terminal pair made by socat, opened
 * through jSerialComm as a local serial port at 2400 baud 8E1, as a USB RS-485 adapter would be.
 */
class Dlt645ClientIT {

  private static final String METER = "000000123456";
  private static final String OTHER = "000000654321";
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private static Path dir;
  private static Process socat;
  private static SerialLink agentSide;
  private static SerialLink meterSide;
  private static MeterSimulator meters;
  private static Dlt645Client client;

  @BeforeAll
  static void startLine() throws Exception {
    dir = Files.createTempDirectory("dlt645");
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    socat =
        new ProcessBuilder(
                "socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("socat.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !socat.isAlive() || (Files.exists(a) && Files.exists(b)));
    assertThat(socat.isAlive()).as("socat runs (see %s)", dir.resolve("socat.log")).isTrue();
    agentSide = SerialLink.open(settings(a));
    meterSide = SerialLink.open(settings(b));
    meters = new MeterSimulator(meterSide.input(), meterSide.output(), METER, OTHER);
    client = new Dlt645Client(agentSide);
  }

  @AfterAll
  static void stopLine() throws Exception {
    if (meters != null) {
      meters.close();
    }
    if (agentSide != null) {
      agentSide.close();
    }
    if (meterSide != null) {
      meterSide.close();
    }
    if (socat != null) {
      socat.destroy();
      socat.waitFor();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterEach
  void metersAnswerAgain() {
    for (String address : new String[] {METER, OTHER}) {
      meters.silence(address, false);
      meters.delay(address, Duration.ZERO);
    }
  }

  @Test
  void readsEnergyVoltageCurrentPowerAndPowerFactor() throws Exception {
    meters.set(METER, DataId.FORWARD_ACTIVE_ENERGY, 123456.78);
    meters.set(METER, DataId.COMBINED_ACTIVE_ENERGY, 120000.5);
    meters.set(METER, DataId.VOLTAGE_A, 229.8);
    meters.set(METER, DataId.CURRENT_A, 12.345);
    meters.set(METER, DataId.CURRENT_B, -1.234);
    meters.set(METER, DataId.ACTIVE_POWER, 8.1234);
    meters.set(METER, DataId.POWER_FACTOR, -0.95);
    meters.set(METER, DataId.FREQUENCY, 50.02);
    meters.set(OTHER, DataId.FORWARD_ACTIVE_ENERGY, 42.5);
    MeterAddress meter = MeterAddress.of(METER);
    int before = meters.requests(METER);
    int otherBefore = meters.requests(OTHER);

    assertThat(client.read(meter, DataId.FORWARD_ACTIVE_ENERGY)).isEqualTo(123456.78);
    assertThat(client.read(meter, DataId.COMBINED_ACTIVE_ENERGY)).isEqualTo(120000.5);
    assertThat(client.read(meter, DataId.VOLTAGE_A)).isEqualTo(229.8);
    assertThat(client.read(meter, DataId.CURRENT_A)).isEqualTo(12.345);
    assertThat(client.read(meter, DataId.CURRENT_B)).isEqualTo(-1.234);
    assertThat(client.read(meter, DataId.ACTIVE_POWER)).isEqualTo(8.1234);
    assertThat(client.read(meter, DataId.POWER_FACTOR)).isEqualTo(-0.95);
    assertThat(client.read(meter, DataId.FREQUENCY)).isEqualTo(50.02);
    assertThat(client.read(MeterAddress.of(OTHER), DataId.FORWARD_ACTIVE_ENERGY)).isEqualTo(42.5);

    assertThat(meters.requests(METER) - before).isEqualTo(8);
    assertThat(meters.requests(OTHER) - otherBefore).isEqualTo(1);
    assertThat(meters.badFrames()).isZero();
  }

  @Test
  void anUnknownIdentifierIsRefusedInWords() {
    MeterAddress meter = MeterAddress.of(METER);
    assertThatThrownBy(() -> client.read(meter, DataId.REVERSE_ACTIVE_ENERGY))
        .isInstanceOfSatisfying(
            ErrorAnswerException.class,
            e -> {
              assertThat(e.errorByte()).isEqualTo(0x02);
              assertThat(e.noSuchData()).isTrue();
              assertThat(e.address()).isEqualTo(meter);
            })
        .hasMessage(
            "meter 000000123456 refused 00020000 (reverse active energy, total): no such data"
                + " (the meter does not have this data identifier) (error byte 02H)");
  }

  @Test
  void discoversTheAddressOfTheOnlyMeterThatAnswers() throws Exception {
    meters.silence(OTHER, true);
    int before = meters.requests(OTHER);
    assertThat(client.discoverAddress()).isEqualTo(MeterAddress.of(METER));
    // The silent meter's simulator counts the frame on its own thread, which may come after the
    // other meter's answer.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(meters.requests(OTHER) - before)
                    .as("the wildcard reaches every meter on the bus")
                    .isEqualTo(1));
  }

  @Test
  void aSilentMeterTimesOutAndTheNextMeterStillAnswers() throws Exception {
    meters.set(METER, DataId.VOLTAGE_B, 231.0);
    meters.silence(OTHER, true);
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.read(MeterAddress.of(OTHER), DataId.VOLTAGE_B))
        .isInstanceOf(NoAnswerException.class)
        .hasMessageContaining("no answer from meter 000000654321 on " + dir.resolve("a"))
        .hasMessageContaining("02010200 (phase B voltage)");
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    assertThat(waited)
        .as("about the line's timeout")
        .isBetween(TIMEOUT.minusMillis(50), TIMEOUT.multipliedBy(4));
    assertThat(client.read(MeterAddress.of(METER), DataId.VOLTAGE_B)).isEqualTo(231.0);
  }

  @Test
  void aLateAnswerIsDroppedBeforeTheNextRequest() throws Exception {
    meters.set(OTHER, DataId.FREQUENCY, 49.98);
    meters.set(METER, DataId.FREQUENCY, 50.01);
    meters.delay(OTHER, TIMEOUT.plusMillis(300));
    int answers = meters.answers();
    assertThatThrownBy(() -> client.read(MeterAddress.of(OTHER), DataId.FREQUENCY))
        .isInstanceOf(NoAnswerException.class);
    await().atMost(Duration.ofSeconds(3)).until(() -> meters.answers() > answers);
    // The late answer (2 wake-up bytes and 18 frame bytes) waits unread on the agent's side.
    await().atMost(Duration.ofSeconds(1)).until(() -> agentSide.input().available() >= 20);
    assertThat(client.read(MeterAddress.of(METER), DataId.FREQUENCY)).isEqualTo(50.01);
    meters.delay(OTHER, Duration.ZERO);
    assertThat(client.read(MeterAddress.of(OTHER), DataId.FREQUENCY))
        .as("the meter answers in time again")
        .isEqualTo(49.98);
  }

  private static SerialSettings settings(Path device) {
    return new SerialSettings(
        device.toString(),
        null,
        0,
        2400,
        8,
        SerialSettings.Parity.EVEN,
        1,
        TIMEOUT,
        Duration.ofMillis(5));
  }
}
