package io.parkpulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void anOrdinaryUsernameIsWrittenAsItIs() {
    assertThat(LogSafe.identity("cnc-01@acme")).isEqualTo("cnc-01@acme");
    assertThat(LogSafe.identity("压机-01@东方精密")).isEqualTo("压机-01@东方精密");
  }

  @Test
  void lineBreaksAndEscapesCannotForgeALogLine() {
    String forged = "x@acme\n2026-12-06 INFO accepted admin@acme\u001b[2J";

    String safe = LogSafe.identity(forged);

    assertThat(safe).doesNotContain("\n", "\u001b");
    assertThat(safe).isEqualTo("x@acme\\u000a2026-12-06 INFO accepted admin@acme\\u001b[2J");
  }

  @Test
  void aHugeNameIsCutAndSaysHowLongItWas() {
    String safe = LogSafe.identity("a".repeat(70_000));

    assertThat(safe).hasSize(LogSafe.MAX_LENGTH + "…(70000 chars)".length());
    assertThat(safe).endsWith("…(70000 chars)");
  }

  @Test
  void noNameIsSaid() {
    assertThat(LogSafe.identity(null)).isEqualTo("(none)");
  }
}
