package io.parkpulse.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.parkpulse.gateway.events.DeviceEvents;
import io.parkpulse.gateway.kafka.DeviceDataSink;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import io.vertx.core.Context;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One authenticated device connection. QoS 1 and 2 messages are acknowledged only after Kafka has
 * stored them, in arrival order; if Kafka cannot store one, the connection is closed without the
 * acknowledgement so that the device publishes it again. What waits for Kafka is bounded: per
 * connection by {@code maxInflight} messages (announced to MQTT 5 clients as Receive Maximum) and
 * across connections by the {@link InflightBudget}; a message beyond either closes the connection
 * unacknowledged (QoS 1 and 2) or is dropped and counted (QoS 0).
 */
final class DeviceSession {

  private static final Logger LOG = Logger.getLogger(DeviceSession.class);
  private static final int MQTT_5 = 5;

  private final MqttEndpoint endpoint;
  private final RegistryEntry entry;
  private final DeviceRef device;
  private final TopicAuthorizer topics;
  private final TelemetryPipeline telemetry;
  private final GatewayMetrics metrics;
  private final Context context;
  private final AckQueue pubacks;
  private final AckQueue pubrecs;
  private final int maxInflight;
  private final InflightBudget budget;
  private final DeviceEvents events;
  private boolean saidGoodbye;
  private final AtomicInteger waiting = new AtomicInteger();

  DeviceSession(
      MqttEndpoint endpoint,
      RegistryEntry entry,
      TopicAuthorizer topics,
      TelemetryPipeline telemetry,
      GatewayMetrics metrics,
      Context context,
      int maxInflight,
      InflightBudget budget,
      DeviceEvents events) {
    this.endpoint = endpoint;
    this.entry = entry;
    this.device = entry.device();
    this.topics = topics;
    this.telemetry = telemetry;
    this.metrics = metrics;
    this.context = context;
    this.maxInflight = maxInflight;
    this.budget = budget;
    this.events = events;
    this.pubacks = new AckQueue(id -> ifConnected(() -> endpoint.publishAcknowledge(id)));
    this.pubrecs = new AckQueue(id -> ifConnected(() -> endpoint.publishReceived(id)));
  }

  /** The authenticated device. */
  DeviceRef device() {
    return device;
  }

  /** QoS 1 and 2 messages of this connection whose storage Kafka has not yet answered. */
  int waitingForKafka() {
    return waiting.get();
  }

  /** Closes the connection from any thread: the device lost its right to be connected. */
  void revoke() {
    context.runOnContext(
        v -> {
          LOG.infof("disconnecting %s: its registry entry changed", device.username());
          ifConnected(endpoint::close);
        });
  }

  /** Accepts the connection; {@code onClose} runs once when it ends. */
  void start(Runnable onClose) {
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.unsubscribeHandler(m -> endpoint.unsubscribeAcknowledge(m.messageId()));
    endpoint.pingHandler(v -> {});
    endpoint.exceptionHandler(
        e -> LOG.infof("connection of %s failed: %s", device.username(), e.getMessage()));
    endpoint.disconnectHandler(v -> saidGoodbye = true);
    endpoint.closeHandler(
        v -> {
          metrics.disconnected();
          events.disconnected(entry, saidGoodbye);
          onClose.run();
        });
    if (endpoint.protocolVersion() == MQTT_5) {
      MqttProperties properties = new MqttProperties();
      properties.add(
          new MqttProperties.IntegerProperty(
              MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), maxInflight));
      endpoint.accept(false, properties);
    } else {
      endpoint.accept(false);
    }
    metrics.connected();
    events.connected(entry, endpoint.protocolVersion());
    LOG.debugf("%s connected (MQTT %d)", device.username(), endpoint.protocolVersion());
  }

  private void onPublish(MqttPublishMessage message) {
    TopicAuthorizer.Decision decision = topics.decide(entry, message.topicName());
    if (decision.verdict() != TopicAuthorizer.Verdict.ALLOWED) {
      refuse(message, decision.verdict());
      return;
    }
    RegistryEntry target = decision.target();
    byte[] payload = message.payload().getBytes();
    MqttQoS qos = message.qosLevel();
    boolean acknowledged = qos != MqttQoS.AT_MOST_ONCE;
    if ((acknowledged && pubacks.pending() + pubrecs.pending() >= maxInflight)
        || !budget.tryReserve(payload.length)) {
      overloaded(message);
      return;
    }
    DeviceDataSink sink = decision.kind() == TopicAuthorizer.Kind.EVENT ? events : telemetry;
    if (acknowledged) {
      waiting.incrementAndGet();
    }
    CompletableFuture<Void> stored = sink.accept(target.park(), target.device(), payload);
    stored.whenComplete((ok, error) -> budget.release(payload.length));
    switch (qos) {
      case AT_LEAST_ONCE -> acknowledgeWhenStored(pubacks.enqueue(message.messageId()), stored);
      case EXACTLY_ONCE -> acknowledgeWhenStored(pubrecs.enqueue(message.messageId()), stored);
      default -> {
        // QoS 0: nothing to acknowledge.
      }
    }
  }

  private void overloaded(MqttPublishMessage message) {
    metrics.overloaded(message.qosLevel());
    if (message.qosLevel() == MqttQoS.AT_MOST_ONCE) {
      return;
    }
    LOG.warnf(
        "%s has more messages waiting for Kafka than allowed; closing without acknowledgement",
        device.username());
    ifConnected(endpoint::close);
  }

  private void acknowledgeWhenStored(AckQueue.Slot slot, CompletableFuture<Void> stored) {
    stored.whenComplete(
        (ok, error) ->
            context.runOnContext(
                v -> {
                  if (error == null) {
                    slot.stored();
                  } else {
                    onStoreFailed(error);
                  }
                  waiting.decrementAndGet();
                }));
  }

  private void onStoreFailed(Throwable error) {
    metrics.storeFailed();
    LOG.warnf(
        "Kafka did not store telemetry of %s (%s); closing the connection without"
            + " acknowledgement so that the device publishes it again",
        device.username(), error.getMessage());
    ifConnected(endpoint::close);
  }

  private void refuse(MqttPublishMessage message, TopicAuthorizer.Verdict verdict) {
    metrics.refusedTopic(verdict);
    LOG.warnf(
        "%s may not publish on '%s' (%s)", device.username(), message.topicName(), verdict.tag());
    if (endpoint.protocolVersion() == MQTT_5 && message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      endpoint.publishAcknowledge(
          message.messageId(),
          verdict == TopicAuthorizer.Verdict.UNSUPPORTED_TOPIC
              ? MqttPubAckReasonCode.TOPIC_NAME_INVALID
              : MqttPubAckReasonCode.NOT_AUTHORIZED,
          null);
    } else {
      // MQTT 3.1.1 has no negative acknowledgement: closing is the only way to refuse.
      endpoint.close();
    }
  }

  private void onSubscribe(MqttSubscribeMessage message) {
    // Commands arrive with a later issue; until then no subscription is granted.
    endpoint.subscribeAcknowledge(
        message.messageId(),
        Collections.nCopies(message.topicSubscriptions().size(), MqttQoS.FAILURE));
  }

  private void ifConnected(Runnable action) {
    if (endpoint.isConnected()) {
      action.run();
    }
  }
}
