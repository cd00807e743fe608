package io.parkpulse.agent.collect.dlt645;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.agent.collect.serial.Pty;
import io.parkpulse.agent.collect.serial.SerialLink;
import io.parkpulse.agent.collect.serial.SerialSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code parkpulse-agent find-meter} over a real pseudo-terminal pair: the one meter on the line
 * tells its address; a silent line says what to check; wrong options print the usage.
 */
class FindMeterIT {

  @Test
  void theOneMeterOnTheLineTellsItsAddress() throws Exception {
    Path dir = Files.createTempDirectory("find-meter");
    try (Pty pty = Pty.start(dir.resolve("a"), dir.resolve("b"));
        SerialLink meterSide =
            SerialLink.open(
                new SerialSettings(
                    pty.b().toString(),
                    null,
                    0,
                    2400,
                    8,
                    SerialSettings.Parity.EVEN,
                    1,
                    Duration.ofMillis(500),
                    Duration.ofMillis(5)))) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      int status;
      try (MeterSimulator meter =
          new MeterSimulator(meterSide.input(), meterSide.output(), "000000123456")) {
        status = FindMeter.run(List.of("--port", pty.a().toString()), print(text));
      }
      assertThat(status).isZero();
      assertThat(text.toString(StandardCharsets.UTF_8))
          .contains("meter 000000123456 answered on " + pty.a() + " 2400 8E1")
          .contains("address: \"000000123456\"")
          .contains("device: meter-123456");

      ByteArrayOutputStream silent = new ByteArrayOutputStream();
      assertThat(FindMeter.run(List.of("--port", pty.a().toString()), print(silent))).isOne();
      assertThat(silent.toString(StandardCharsets.UTF_8))
          .contains("no meter address")
          .contains("one meter only");
    }
  }

  @Test
  void wrongOptionsPrintTheUsage() {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    assertThat(FindMeter.run(List.of("--baud", "2400"), print(text))).isEqualTo(2);
    assertThat(text.toString(StandardCharsets.UTF_8))
        .contains("give --port or --tcp")
        .contains("usage: parkpulse-agent find-meter");
    ByteArrayOutputStream unknown = new ByteArrayOutputStream();
    assertThat(FindMeter.run(List.of("--port"), print(unknown))).isEqualTo(2);
    assertThat(unknown.toString(StandardCharsets.UTF_8)).contains("--port needs a value");
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
