package io.parkpulse.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PubackLatencyTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry, new InflightBudget(1024));
  private final List<Integer> acknowledged = new ArrayList<>();
  private final List<Integer> refused = new ArrayList<>();
  private final AckQueue pubacks = new AckQueue(acknowledged::add, refused::add);

  PubackLatencyTest() {
    pubacks.timed(metrics::pubackSent);
  }

  @Test
  void recordsTheTimeFromPublishToPubackOfEveryAcknowledgedMessage() {
    AckQueue.Slot first = pubacks.enqueue(1);
    AckQueue.Slot second = pubacks.enqueue(2);

    second.stored();
    assertThat(timer().count()).as("no PUBACK sent yet").isZero();
    first.stored();

    assertThat(acknowledged).containsExactly(1, 2);
    assertThat(timer().count()).isEqualTo(2);
    assertThat(timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
  }

  @Test
  void doesNotTimeRefusals() {
    pubacks.enqueue(3).refused();

    assertThat(refused).containsExactly(3);
    assertThat(timer().count()).isZero();
  }

  private Timer timer() {
    return registry.get("parkpulse.gateway.puback.latency").timer();
  }
}
