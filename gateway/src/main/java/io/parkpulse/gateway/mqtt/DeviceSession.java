package io.parkpulse.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.parkpulse.gateway.commands.CommandResponses;
import io.parkpulse.gateway.events.DeviceEvents;
import io.parkpulse.gateway.kafka.DeviceDataSink;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.MqttWill;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 *
 * <p>The only subscription granted is to the device's commands, {@code command///req/#} (or {@code
 * command///req/+/+}), at QoS 1 at most. If the connection ends without DISCONNECT and the device
 * set a Will on {@code event} (or {@code e}), the Will is published as the device's events (also
 * after an MQTT 5 DISCONNECT with reason "disconnect with Will message").
 */
final class DeviceSession {

  private static final Logger LOG = Logger.getLogger(DeviceSession.class);
  private static final int MQTT_5 = 5;

  /** The topic filters a device may subscribe to: its commands. */
  static final Set<String> COMMAND_FILTERS = Set.of("command///req/#", "command///req/+/+");

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
  private final CommandResponses responses;
  private final Login login;
  private long expiryTimer = -1;
  private final Set<String> commandFilters = new HashSet<>();
  private volatile MqttQoS commandQos;
  private boolean saidGoodbye;
  private boolean willAfterGoodbye;
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
      DeviceEvents events,
      CommandResponses responses,
      Login login) {
    this.endpoint = endpoint;
    this.login = login;
    this.entry = entry;
    this.device = entry.device();
    this.topics = topics;
    this.telemetry = telemetry;
    this.metrics = metrics;
    this.context = context;
    this.maxInflight = maxInflight;
    this.budget = budget;
    this.events = events;
    this.responses = responses;
    this.pubacks = new AckQueue(id -> ifConnected(() -> endpoint.publishAcknowledge(id)));
    this.pubrecs = new AckQueue(id -> ifConnected(() -> endpoint.publishReceived(id)));
  }

  /** The authenticated device. */
  DeviceRef device() {
    return device;
  }

  /** The device's registry entry as it was when it connected. */
  RegistryEntry entry() {
    return entry;
  }

  /** How the connection came in and authenticated. */
  Login login() {
    return login;
  }

  /**
   * Publishes {@code request} to the device from any thread, on {@code
   * command///req/{requestId}/{name}} at the QoS it subscribed with.
   *
   * @return false if the device has not subscribed to its commands
   */
  boolean deliver(CommandRequest request) {
    MqttQoS qos = commandQos;
    if (qos == null) {
      return false;
    }
    Buffer payload = Buffer.buffer(request.payloadBytes());
    context.runOnContext(
        v ->
            ifConnected(
                () ->
                    endpoint
                        .publish(request.mqttTopic(), payload, qos, false, false)
                        .onFailure(
                            e ->
                                LOG.infof(
                                    "command %s not sent to %s: %s",
                                    request.requestId(), device.username(), e.getMessage()))));
    LOG.debugf("sending %s to %s", request.mqttTopic(), device.username());
    return true;
  }

  /** QoS 1 and 2 messages of this connection whose storage Kafka has not yet answered. */
  int waitingForKafka() {
    return waiting.get();
  }

  /** Closes the connection from any thread: the device lost its right to be connected. */
  void revoke() {
    revoke("its registry entry changed");
  }

  /** Closes the connection from any thread, logging {@code why}. */
  void revoke(String why) {
    context.runOnContext(
        v -> {
          LOG.infof("disconnecting %s: %s", device.username(), why);
          ifConnected(endpoint::close);
        });
  }

  /** Accepts the connection; {@code onClose} runs once when it ends. */
  void start(Runnable onClose) {
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.unsubscribeHandler(this::onUnsubscribe);
    endpoint.pingHandler(v -> {});
    endpoint.exceptionHandler(
        e -> LOG.infof("connection of %s failed: %s", device.username(), e.getMessage()));
    endpoint.disconnectHandler(v -> saidGoodbye = true);
    // MQTT 5 lets a device say goodbye and still ask for its Will to be published.
    endpoint.disconnectMessageHandler(
        m -> willAfterGoodbye = m.code() == MqttDisconnectReasonCode.WITH_WILL_MESSAGE);
    endpoint.closeHandler(
        v -> {
          if (expiryTimer >= 0) {
            context.owner().cancelTimer(expiryTimer);
          }
          metrics.disconnected();
          events.disconnected(entry, saidGoodbye);
          if (!saidGoodbye || willAfterGoodbye) {
            publishWill();
          }
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
    metrics.connected(login);
    events.connected(entry, endpoint.protocolVersion(), login.tls(), login.byCertificate());
    if (login.byCertificate()) {
      // A certificate that expires ends the session it opened.
      long left = login.certificates().get(0).getNotAfter().getTime() - System.currentTimeMillis();
      expiryTimer =
          context
              .owner()
              .setTimer(Math.max(1, left), id -> revoke("its client certificate expired"));
    }
    LOG.debugf(
        "%s connected (MQTT %d, %s, %s)",
        device.username(), endpoint.protocolVersion(), login.transport(), login.credential());
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
    DeviceDataSink sink =
        switch (decision.kind()) {
          case TELEMETRY -> telemetry;
          case EVENT -> events;
          case COMMAND_RESPONSE ->
              (park, from, bytes) ->
                  responses.accept(
                      park, from, decision.answer().requestId(), decision.answer().status(), bytes);
        };
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

  /** Grants the command filters, at QoS 1 at most, and refuses every other. */
  private void onSubscribe(MqttSubscribeMessage message) {
    List<MqttQoS> granted = new ArrayList<>();
    for (MqttTopicSubscription subscription : message.topicSubscriptions()) {
      String filter = subscription.topicName();
      if (COMMAND_FILTERS.contains(filter)) {
        MqttQoS qos =
            subscription.qualityOfService() == MqttQoS.AT_MOST_ONCE
                ? MqttQoS.AT_MOST_ONCE
                : MqttQoS.AT_LEAST_ONCE;
        commandFilters.add(filter);
        commandQos = qos;
        granted.add(qos);
      } else {
        metrics.refusedSubscription();
        LOG.warnf(
            "%s may not subscribe to '%s': only %s", device.username(), filter, COMMAND_FILTERS);
        granted.add(MqttQoS.FAILURE);
      }
    }
    endpoint.subscribeAcknowledge(message.messageId(), granted);
  }

  private void onUnsubscribe(MqttUnsubscribeMessage message) {
    commandFilters.removeAll(message.topics());
    if (commandFilters.isEmpty()) {
      commandQos = null;
    }
    endpoint.unsubscribeAcknowledge(message.messageId());
  }

  /**
   * Publishes the device's Will as its events, if it set one on {@code event} (or {@code e}): the
   * connection ended without DISCONNECT (or with an MQTT 5 DISCONNECT asking for it). A Will on any
   * other topic is ignored; one that is not a valid event is dead-lettered, as a published event
   * would be.
   */
  private void publishWill() {
    MqttWill will = endpoint.will();
    if (will == null || !will.isWillFlag()) {
      return;
    }
    TopicAuthorizer.Decision decision = topics.decide(entry, will.getWillTopic());
    if (decision.verdict() != TopicAuthorizer.Verdict.ALLOWED
        || decision.kind() != TopicAuthorizer.Kind.EVENT) {
      LOG.infof(
          "not publishing the Will of %s on '%s': only a Will on event is",
          device.username(), will.getWillTopic());
      return;
    }
    RegistryEntry target = decision.target();
    byte[] payload = will.getWillMessageBytes() == null ? new byte[0] : will.getWillMessageBytes();
    metrics.willPublished();
    events
        .accept(target.park(), target.device(), payload)
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.warnf(
                    "the Will of %s was not stored: %s", device.username(), error.getMessage());
              }
            });
  }

  private void ifConnected(Runnable action) {
    if (endpoint.isConnected()) {
      action.run();
    }
  }
}
