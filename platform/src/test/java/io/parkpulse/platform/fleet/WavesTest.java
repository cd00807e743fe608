package io.parkpulse.platform.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WavesTest {

  @Test
  void theCanaryIsTheShareAskedForRoundedUpByDeviceId() {
    List<RolloutTarget> waves =
        FleetService.waves(7, List.of("d", "b", "a", "e", "c", "f", "g", "h", "i", "j"), 25);

    assertThat(waves)
        .extracting(t -> t.deviceId + t.wave)
        .containsExactly("a1", "b1", "c1", "d2", "e2", "f2", "g2", "h2", "i2", "j2");
    assertThat(waves).allMatch(t -> t.rolloutId == 7 && t.state.equals("pending"));
  }

  @Test
  void aSmallShareIsStillOneAgentAndNoShareIsAllAtOnce() {
    assertThat(FleetService.waves(1, List.of("b", "a", "c"), 1))
        .extracting(t -> t.wave)
        .containsExactly(1, 2, 2);
    assertThat(FleetService.waves(1, List.of("b", "a", "c"), 0))
        .extracting(t -> t.wave)
        .containsExactly(1, 1, 1);
    assertThat(FleetService.waves(1, List.of("b", "a", "a"), 100))
        .extracting(t -> t.deviceId + t.wave)
        .containsExactly("a1", "b1");
  }
}
