package io.parkpulse.gateway.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The MQTT side's meters: connections, refusals, and messages Kafka could not store. */
final class GatewayMetrics {

  private final AtomicInteger connections = new AtomicInteger();
  private final Counter refusedTopic;
  private final Counter storeFailed;

  GatewayMetrics(MeterRegistry registry) {
    registry.gauge("parkpulse.gateway.connections", connections);
    this.refusedTopic = refused(registry, "unsupported-topic");
    this.storeFailed =
        Counter.builder("parkpulse.gateway.store.failures")
            .description("Messages not acknowledged because Kafka could not store them")
            .register(registry);
  }

  private static Counter refused(MeterRegistry registry, String reason) {
    return Counter.builder("parkpulse.gateway.rejected")
        .tag("reason", reason)
        .description("Messages rejected and dead-lettered")
        .register(registry);
  }

  void connected() {
    connections.incrementAndGet();
  }

  void disconnected() {
    connections.decrementAndGet();
  }

  void refusedTopic() {
    refusedTopic.increment();
  }

  void storeFailed() {
    storeFailed.increment();
  }
}
