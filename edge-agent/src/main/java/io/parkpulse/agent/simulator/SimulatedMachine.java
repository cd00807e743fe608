package io.parkpulse.agent.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A production machine for demos and tests: it cycles RUNNING, IDLE and DOWN, counts good and total
 * parts while running, draws power by state, meters energy and drifts in temperature. The same seed
 * gives the same machine.
 */
public final class SimulatedMachine {

  /** What the machine is doing. */
  public enum State {
    RUNNING,
    IDLE,
    DOWN
  }

  private static final double RATED_KW = 15.0;
  private static final double CYCLE_SECONDS = 6.0;
  private static final double SCRAP_RATE = 0.03;

  private final Random random;
  private State state = State.RUNNING;
  private double secondsLeftInState;
  private double partProgress;
  private long good;
  private long total;
  private double energyKwh;
  private double temperatureC = 35.0;

  public SimulatedMachine(long seed) {
    this.random = new Random(seed);
    this.secondsLeftInState = dwell(state);
  }

  /** Advances the machine by {@code elapsed} and returns its metrics. */
  public Map<String, Object> advance(Duration elapsed) {
    double seconds = elapsed.toMillis() / 1000.0;
    secondsLeftInState -= seconds;
    if (secondsLeftInState <= 0) {
      state = next(state);
      secondsLeftInState = dwell(state);
    }
    double powerKw =
        switch (state) {
          case RUNNING -> RATED_KW * (0.75 + 0.2 * random.nextDouble());
          case IDLE -> RATED_KW * 0.15;
          case DOWN -> 0.0;
        };
    if (state == State.RUNNING) {
      partProgress += seconds / CYCLE_SECONDS;
      while (partProgress >= 1) {
        partProgress -= 1;
        total++;
        if (random.nextDouble() >= SCRAP_RATE) {
          good++;
        }
      }
    }
    energyKwh += powerKw * seconds / 3600.0;
    double target = state == State.RUNNING ? 65.0 : 30.0;
    temperatureC +=
        (target - temperatureC) * Math.min(1.0, seconds / 120.0) + random.nextGaussian() * 0.2;

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("state", state.name());
    metrics.put("good_count", good);
    metrics.put("total_count", total);
    metrics.put("power_kw", round(powerKw, 3));
    metrics.put("energy_kwh", round(energyKwh, 4));
    metrics.put("temperature_c", round(temperatureC, 2));
    return metrics;
  }

  private State next(State current) {
    return switch (current) {
      case RUNNING -> random.nextDouble() < 0.2 ? State.DOWN : State.IDLE;
      case IDLE, DOWN -> State.RUNNING;
    };
  }

  private double dwell(State s) {
    return switch (s) {
      case RUNNING -> 60 + random.nextInt(240);
      case IDLE -> 10 + random.nextInt(50);
      case DOWN -> 20 + random.nextInt(100);
    };
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
