package io.parkpulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentStatusTextTest {

  @Test
  void aLongTextIsCutToTheEventsLimit() {
    String cut = Agent.cut("x".repeat(300));

    assertThat(cut).hasSize(250).endsWith("…");
    assertThat(Agent.cut("short")).isEqualTo("short");
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    // 248 letters, then a character outside the BMP (two chars) where the cut falls.
    String cut = Agent.cut("x".repeat(248) + "😀" + "y".repeat(10));

    assertThat(cut).isEqualTo("x".repeat(248) + "…");
    assertThat(cut.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
  }
}
