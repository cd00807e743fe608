package io.parkpulse.agent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulatedMachineTest {

  private static List<Map<String, Object>> run(long seed, int steps) {
    SimulatedMachine machine = new SimulatedMachine(seed);
    return IntStream.range(0, steps).mapToObj(i -> machine.advance(Duration.ofSeconds(5))).toList();
  }

  @Test
  void sameSeedGivesTheSameMachine() {
    assertThat(run(42, 500)).isEqualTo(run(42, 500));
    assertThat(run(42, 500)).isNotEqualTo(run(43, 500));
  }

  @Test
  void cyclesThroughEveryStateOverAShift() {
    Set<Object> states = new HashSet<>();
    run(7, 8 * 720).forEach(m -> states.add(m.get("state")));
    assertThat(states).containsExactlyInAnyOrder("RUNNING", "IDLE", "DOWN");
  }

  @Test
  void countersAndEnergyNeverDecreaseAndGoodNeverExceedsTotal() {
    List<Map<String, Object>> readings = run(3, 2000);
    for (int i = 1; i < readings.size(); i++) {
      Map<String, Object> prev = readings.get(i - 1);
      Map<String, Object> cur = readings.get(i);
      assertThat((long) cur.get("total_count"))
          .isGreaterThanOrEqualTo((long) prev.get("total_count"));
      assertThat((long) cur.get("good_count")).isLessThanOrEqualTo((long) cur.get("total_count"));
      assertThat((double) cur.get("energy_kwh"))
          .isGreaterThanOrEqualTo((double) prev.get("energy_kwh"));
    }
    assertThat((long) readings.get(readings.size() - 1).get("total_count")).isPositive();
  }

  @Test
  void drawsNoPowerWhileDown() {
    run(11, 5000).stream()
        .filter(m -> m.get("state").equals("DOWN"))
        .forEach(m -> assertThat(m.get("power_kw")).isEqualTo(0.0));
  }
}
