package io.parkpulse.gateway.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MQTT side's meters: connections, sessions by transport and credential, refusals, Wills, and
 * messages Kafka could not store.
 */
final class GatewayMetrics {

  private final AtomicInteger connections = new AtomicInteger();
  private final Map<TopicAuthorizer.Verdict, Counter> refusedTopics =
      new EnumMap<>(TopicAuthorizer.Verdict.class);
  private final Counter storeFailed;
  private final Timer pubackLatency;
  private final Counter overloadedAcknowledged;
  private final Counter overloadedQos0;
  private final Counter refusedSubscriptions;
  private final Counter wills;
  private final Map<String, Counter> sessions = new HashMap<>();

  GatewayMetrics(MeterRegistry registry, InflightBudget budget) {
    registry.gauge("parkpulse.gateway.inflight.bytes", budget, InflightBudget::used);
    this.overloadedAcknowledged =
        Counter.builder("parkpulse.gateway.overloaded")
            .tag("qos", "1-2")
            .description("Messages refused because too many waited for Kafka (connection closed)")
            .register(registry);
    this.overloadedQos0 =
        Counter.builder("parkpulse.gateway.overloaded")
            .tag("qos", "0")
            .description("QoS 0 messages dropped because too many waited for Kafka")
            .register(registry);
    registry.gauge("parkpulse.gateway.connections", connections);
    // A certificate comes only over TLS.
    for (String[] tags :
        new String[][] {{"tcp", "secret"}, {"tls", "secret"}, {"tls", "certificate"}}) {
      sessions.put(
          tags[0] + "/" + tags[1],
          Counter.builder("parkpulse.gateway.sessions")
              .tag("transport", tags[0])
              .tag("credential", tags[1])
              .description("Connections accepted, by transport (tcp, tls) and credential")
              .register(registry));
    }
    for (TopicAuthorizer.Verdict verdict : TopicAuthorizer.Verdict.values()) {
      if (verdict != TopicAuthorizer.Verdict.ALLOWED) {
        refusedTopics.put(verdict, refused(registry, verdict.tag()));
      }
    }
    this.refusedSubscriptions =
        Counter.builder("parkpulse.gateway.subscriptions.refused")
            .description("Topic filters a device may not subscribe to (anything but its commands)")
            .register(registry);
    this.wills =
        Counter.builder("parkpulse.gateway.wills")
            .description("Wills published as device events: connections ended without DISCONNECT")
            .register(registry);
    this.storeFailed =
        Counter.builder("parkpulse.gateway.store.failures")
            .description("Messages not acknowledged because Kafka could not store them")
            .register(registry);
    // A histogram, not client-side percentiles, so that p99 aggregates over the gateways.
    this.pubackLatency =
        Timer.builder("parkpulse.gateway.puback.latency")
            .description("From a QoS 1 PUBLISH received to its PUBACK sent, Kafka's write included")
            .publishPercentileHistogram()
            .register(registry);
  }

  private static Counter refused(MeterRegistry registry, String reason) {
    return Counter.builder("parkpulse.gateway.rejected")
        .tag("reason", reason)
        .description("Messages refused")
        .register(registry);
  }

  void connected(Login login) {
    connections.incrementAndGet();
    sessions.get(login.transport() + "/" + login.credential()).increment();
  }

  void disconnected() {
    connections.decrementAndGet();
  }

  void refusedTopic(TopicAuthorizer.Verdict verdict) {
    refusedTopics.get(verdict).increment();
  }

  void overloaded(MqttQoS qos) {
    (qos == MqttQoS.AT_MOST_ONCE ? overloadedQos0 : overloadedAcknowledged).increment();
  }

  void refusedSubscription() {
    refusedSubscriptions.increment();
  }

  void willPublished() {
    wills.increment();
  }

  void storeFailed() {
    storeFailed.increment();
  }

  /** A QoS 1 message was stored and acknowledged {@code nanos} after its PUBLISH arrived. */
  void pubackSent(long nanos) {
    pubackLatency.record(nanos, TimeUnit.NANOSECONDS);
  }
}
