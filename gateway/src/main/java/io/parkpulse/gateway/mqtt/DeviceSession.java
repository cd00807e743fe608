package io.parkpulse.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.parkpulse.gateway.commands.CommandResponses;
import io.parkpulse.gateway.events.DeviceEvents;
import io.parkpulse.gateway.kafka.DeviceDataSink;
import io.parkpulse.gateway.limits.Limit;
import io.parkpulse.gateway.limits.Limiter;
import io.parkpulse.gateway.sparkplug.SparkplugHandler;
import io.parkpulse.gateway.sparkplug.SparkplugSession;
import io.parkpulse.gateway.sparkplug.SparkplugTopic;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.MqttWill;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>A device may also be a Sparkplug B edge node: its Sparkplug messages go to the {@link
 * SparkplugHandler} with the connection's {@link SparkplugSession}, through the same limits and
 * acknowledgements as telemetry. It may subscribe to its own {@code NCMD} and {@code DCMD} topics,
 * on which the gateway asks it for a rebirth; a Will on its {@code NDEATH} topic is handled as its
 * NDEATH, and the devices it had born die with the connection.
 *
 * <p>The device's limits ({@link Limiter}) apply to each PUBLISH: a message over its message rate
 * is held back (not stored, not acknowledged) until the rate allows it, in arrival order; one
 * beyond the rate's tolerance or over a daily byte quota is refused. A message held back when the
 * connection ends is dropped: QoS 1 and 2 ones were not acknowledged and are sent again.
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

  /** Made at the first QoS 2 message: most devices never send one. */
  private AckQueue pubrecs;

  private final int maxInflight;
  private final InflightBudget budget;
  private final DeviceEvents events;
  private final CommandResponses responses;
  private final Login login;
  private long expiryTimer = -1;

  /** The command filters the device subscribed to; a set of its own once it has one. */
  private Set<String> commandFilters = Set.of();

  private volatile MqttQoS commandQos;

  /**
   * A gateway device's subscriptions to the commands of the devices it fronts, filter to QoS;
   * replaced whole on the connection's context, read by the command consumer.
   */
  private volatile Map<String, MqttQoS> frontedCommands = Map.of();

  private boolean saidGoodbye;
  private boolean willAfterGoodbye;
  private final AtomicInteger waiting = new AtomicInteger();
  private final Limiter limiter;
  private final SparkplugHandler sparkplug;

  /** Made at the first Sparkplug message: most devices never send one. */
  private SparkplugSession sparkplugSession;

  /** The Sparkplug node command filters the device subscribed to. */
  private Set<String> nodeCommandFilters = Set.of();

  /**
   * Messages held back by a message rate, oldest first; see {@link #holdBack}. Made when the device
   * first goes over its rate.
   */
  private ArrayDeque<HeldBack> heldBack;

  /**
   * How long the device may stay silent ({@link KeepAlive}), in nanoseconds; 0 while Vert.x checks
   * it or without a keep-alive.
   */
  private long keepAliveNanos;

  /** When the device last sent a packet ({@link System#nanoTime()}). */
  private volatile long lastHeard = System.nanoTime();

  private boolean closed;

  /** Whether the device is over a message rate: logged when it starts, not for every message. */
  private boolean throttling;

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
      Login login,
      Limiter limiter,
      SparkplugHandler sparkplug) {
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
    this.limiter = limiter;
    this.sparkplug = sparkplug;
    this.pubacks =
        new AckQueue(
            id -> ifConnected(() -> endpoint.publishAcknowledge(id)),
            id ->
                ifConnected(
                    () ->
                        endpoint.publishAcknowledge(
                            id,
                            MqttPubAckReasonCode.QUOTA_EXCEEDED,
                            MqttProperties.NO_PROPERTIES)));
    pubacks.timed(metrics::pubackSent);
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
    publishCommand(request.mqttTopic(), Buffer.buffer(request.payloadBytes()), qos);
    return true;
  }

  private void publishCommand(String topic, Buffer payload, MqttQoS qos) {
    context.runOnContext(
        v ->
            ifConnected(
                () ->
                    endpoint
                        .publish(topic, payload, qos, false, false)
                        .onFailure(
                            e ->
                                LOG.infof(
                                    "command %s not sent to %s: %s",
                                    topic, device.username(), e.getMessage()))));
    LOG.debugf("sending %s to %s", topic, device.username());
  }

  /**
   * Publishes {@code request}, for a device this gateway device fronts, on {@code
   * command//{device}/req/{requestId}/{name}}.
   *
   * @return false if the gateway device has not subscribed to that device's commands
   */
  boolean deliverForFronted(CommandRequest request) {
    MqttQoS qos = null;
    for (Map.Entry<String, MqttQoS> e : frontedCommands.entrySet()) {
      String fronted = TopicAuthorizer.frontedDevice(e.getKey());
      if (fronted.equals("+") || fronted.equals(request.device().device())) {
        qos = qos == null || e.getValue().value() > qos.value() ? e.getValue() : qos;
      }
    }
    if (qos == null) {
      return false;
    }
    publishCommand(request.mqttTopicViaGateway(), Buffer.buffer(request.payloadBytes()), qos);
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
    endpoint.publishReleaseHandler(
        id -> {
          heard();
          endpoint.publishComplete(id);
        });
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.unsubscribeHandler(this::onUnsubscribe);
    // Every packet a device may send counts for its keep-alive, also acknowledgements of commands.
    endpoint.pingHandler(v -> heard());
    Handler<Integer> acknowledgement = id -> heard();
    endpoint.publishAcknowledgeHandler(acknowledgement);
    endpoint.publishReceivedHandler(acknowledgement);
    endpoint.publishCompletionHandler(acknowledgement);
    endpoint.exceptionHandler(
        e -> LOG.infof("connection of %s failed: %s", device.username(), e.getMessage()));
    endpoint.disconnectHandler(v -> saidGoodbye = true);
    // MQTT 5 lets a device say goodbye and still ask for its Will to be published.
    endpoint.disconnectMessageHandler(
        m -> willAfterGoodbye = m.code() == MqttDisconnectReasonCode.WITH_WILL_MESSAGE);
    endpoint.closeHandler(
        v -> {
          closed = true;
          if (expiryTimer >= 0) {
            context.owner().cancelTimer(expiryTimer);
          }
          dropHeldBack();
          metrics.disconnected();
          events.disconnected(entry, saidGoodbye);
          if (!saidGoodbye || willAfterGoodbye) {
            publishWill();
          }
          if (sparkplugSession != null) {
            logIfNotStored(sparkplug.ended(sparkplugSession, saidGoodbye), "Sparkplug deaths");
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
    if (KeepAlive.takeOver(endpoint)) {
      keepAliveNanos = KeepAlive.timeoutNanos(endpoint.keepAliveTimeSeconds());
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

  /** Notes that the device sent a packet: its keep-alive starts again. */
  private void heard() {
    lastHeard = System.nanoTime();
  }

  /**
   * Closes the connection if the device has been silent for longer than its keep-alive allows; from
   * any thread ({@link MqttGateway}'s shared check).
   */
  void checkKeepAlive(long now) {
    if (keepAliveNanos > 0 && now - lastHeard > keepAliveNanos) {
      context.runOnContext(
          v -> {
            if (System.nanoTime() - lastHeard > keepAliveNanos) {
              LOG.infof(
                  "disconnecting %s: silent for longer than 1.5 times its keep-alive of %d s",
                  device.username(), endpoint.keepAliveTimeSeconds());
              ifConnected(endpoint::close);
            }
          });
    }
  }

  private void onPublish(MqttPublishMessage message) {
    heard();
    TopicAuthorizer.Decision decision = topics.decide(entry, message.topicName());
    if (decision.verdict() != TopicAuthorizer.Verdict.ALLOWED) {
      refuse(message, decision.verdict());
      return;
    }
    RegistryEntry target = decision.target();
    byte[] payload = message.payload().getBytes();
    MqttQoS qos = message.qosLevel();
    boolean acknowledged = qos != MqttQoS.AT_MOST_ONCE;
    Limiter.Admission admission = limiter.admit(entry, payload.length);
    if (admission.verdict() == Limiter.Verdict.REFUSED) {
      overLimit(message, admission.limit());
      return;
    }
    if ((acknowledged
            && pubacks.pending() + (pubrecs == null ? 0 : pubrecs.pending()) >= maxInflight)
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
          case SPARKPLUG ->
              (park, from, bytes) ->
                  sparkplug.accept(sparkplugSession(), decision.sparkplug(), target, bytes);
        };
    if (acknowledged) {
      waiting.incrementAndGet();
    }
    AckQueue.Slot slot =
        switch (qos) {
          case AT_LEAST_ONCE -> pubacks.enqueue(message.messageId());
          case EXACTLY_ONCE -> pubrecs().enqueue(message.messageId());
          default -> null; // QoS 0: nothing to acknowledge.
        };
    Runnable store =
        () -> {
          CompletableFuture<Void> stored = sink.accept(target.park(), target.device(), payload);
          stored.whenComplete((ok, error) -> budget.release(payload.length));
          if (slot != null) {
            acknowledgeWhenStored(slot, stored);
          }
        };
    Runnable drop =
        () -> {
          budget.release(payload.length);
          if (acknowledged) {
            waiting.decrementAndGet();
          } else {
            limiter.droppedHeldBack(entry);
          }
        };
    if (admission.verdict() == Limiter.Verdict.THROTTLED || isHoldingBack()) {
      holdBack(admission, store, drop);
    } else {
      throttling = false;
      store.run();
    }
  }

  private AckQueue pubrecs() {
    if (pubrecs == null) {
      pubrecs = new AckQueue(id -> ifConnected(() -> endpoint.publishReceived(id)));
    }
    return pubrecs;
  }

  private boolean isHoldingBack() {
    return heldBack != null && !heldBack.isEmpty();
  }

  /** A message held back by a message rate until {@code due} ({@link System#nanoTime()}). */
  private record HeldBack(long due, Runnable store, Runnable drop) {}

  /**
   * Holds a message back until the rate allows it, behind every message held back before it so that
   * the device's messages stay in order. Bounded: the {@link Limiter} refuses a device more than
   * its tolerance ahead of its rate, and what waits counts against the in-flight limits.
   */
  private void holdBack(Limiter.Admission admission, Runnable store, Runnable drop) {
    long due = System.nanoTime() + admission.delayNanos();
    if (heldBack == null) {
      heldBack = new ArrayDeque<>(2);
    }
    if (!heldBack.isEmpty()) {
      due = Math.max(due, heldBack.peekLast().due());
    }
    if (!throttling && admission.limit() != null) {
      throttling = true;
      LOG.infof(
          "throttling %s in park %s: over its %s limit; its messages are held back",
          device.username(), entry.park(), admission.limit().tag());
    }
    heldBack.addLast(new HeldBack(due, store, drop));
    if (heldBack.size() == 1) {
      scheduleRelease();
    }
  }

  private void scheduleRelease() {
    long delay = heldBack.peekFirst().due() - System.nanoTime();
    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(delay));
    context.owner().setTimer(millis, t -> context.runOnContext(v -> releaseDue()));
  }

  private void releaseDue() {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    while (!heldBack.isEmpty() && heldBack.peekFirst().due() <= now) {
      heldBack.removeFirst().store().run();
    }
    if (!heldBack.isEmpty()) {
      scheduleRelease();
    }
  }

  private void dropHeldBack() {
    if (heldBack == null) {
      return;
    }
    if (!heldBack.isEmpty()) {
      LOG.infof(
          "%s disconnected with %d messages held back for its message rate; not stored (QoS 1"
              + " and 2 ones were not acknowledged: the device sends them again)",
          device.username(), heldBack.size());
    }
    while (!heldBack.isEmpty()) {
      heldBack.removeFirst().drop().run();
    }
  }

  /**
   * Refuses a message over a limit. A message rate exceeded beyond its tolerance ends the
   * connection (MQTT 5: DISCONNECT 0x96 "message rate too high"); a daily byte quota refuses the
   * message (MQTT 5: PUBACK 0x97 "quota exceeded" for QoS 1, in order with the other
   * acknowledgements; DISCONNECT 0x97 for QoS 0 and 2, which have no such answer). MQTT 3.1.1 has
   * no negative acknowledgement: the connection is closed.
   */
  private void overLimit(MqttPublishMessage message, Limit limit) {
    LOG.warnf(
        "refusing a message of %s in park %s: over its %s limit",
        device.username(), entry.park(), limit.tag());
    if (endpoint.protocolVersion() != MQTT_5) {
      ifConnected(endpoint::close);
    } else if (limit.isRate()) {
      ifConnected(() -> endpoint.disconnect(MqttDisconnectReasonCode.MESSAGE_RATE_TOO_HIGH, null));
    } else if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      pubacks.enqueue(message.messageId()).refused();
    } else {
      ifConnected(() -> endpoint.disconnect(MqttDisconnectReasonCode.QUOTA_EXCEEDED, null));
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

  /**
   * Grants the command filters and the device's own Sparkplug command filters, at QoS 1 at most,
   * and refuses every other.
   */
  private void onSubscribe(MqttSubscribeMessage message) {
    heard();
    List<MqttQoS> granted = new ArrayList<>();
    for (MqttTopicSubscription subscription : message.topicSubscriptions()) {
      String filter = subscription.topicName();
      TopicAuthorizer.Subscription kind = topics.subscription(entry, filter);
      if (kind == TopicAuthorizer.Subscription.REFUSED) {
        metrics.refusedSubscription();
        LOG.warnf(
            "%s may not subscribe to '%s': only %s, those of devices it fronts, or its own"
                + " Sparkplug NCMD and DCMD topics",
            device.username(), filter, COMMAND_FILTERS);
        granted.add(MqttQoS.FAILURE);
        continue;
      }
      MqttQoS qos =
          subscription.qualityOfService() == MqttQoS.AT_MOST_ONCE
              ? MqttQoS.AT_MOST_ONCE
              : MqttQoS.AT_LEAST_ONCE;
      if (kind == TopicAuthorizer.Subscription.COMMANDS) {
        if (commandFilters.isEmpty()) {
          commandFilters = new HashSet<>();
        }
        commandFilters.add(filter);
        commandQos = qos;
      } else if (kind == TopicAuthorizer.Subscription.FRONTED_COMMANDS) {
        Map<String, MqttQoS> next = new HashMap<>(frontedCommands);
        next.put(filter, qos);
        frontedCommands = Map.copyOf(next);
      } else if (kind == TopicAuthorizer.Subscription.SPARKPLUG_NODE_COMMANDS) {
        if (nodeCommandFilters.isEmpty()) {
          nodeCommandFilters = new HashSet<>();
        }
        nodeCommandFilters.add(filter);
      }
      granted.add(qos);
    }
    endpoint.subscribeAcknowledge(message.messageId(), granted);
  }

  /**
   * Publishes a Sparkplug command to the edge node (on the connection's context), at QoS 0 as
   * Sparkplug sends commands.
   *
   * @return false if the node has not subscribed to its node commands
   */
  private boolean sendToNode(String topic, byte[] payload) {
    if (nodeCommandFilters.isEmpty()) {
      return false;
    }
    ifConnected(
        () -> endpoint.publish(topic, Buffer.buffer(payload), MqttQoS.AT_MOST_ONCE, false, false));
    return true;
  }

  private SparkplugSession sparkplugSession() {
    if (sparkplugSession == null) {
      sparkplugSession = new SparkplugSession(entry, this::sendToNode);
    }
    return sparkplugSession;
  }

  private void logIfNotStored(CompletableFuture<Void> stored, String what) {
    stored.whenComplete(
        (ok, error) -> {
          if (error != null) {
            LOG.warnf("%s of %s not stored: %s", what, device.username(), error.getMessage());
          }
        });
  }

  private void onUnsubscribe(MqttUnsubscribeMessage message) {
    heard();
    if (!nodeCommandFilters.isEmpty()) {
      nodeCommandFilters.removeAll(message.topics());
    }
    if (!commandFilters.isEmpty()) {
      commandFilters.removeAll(message.topics());
    }
    if (!frontedCommands.isEmpty()) {
      Map<String, MqttQoS> next = new HashMap<>(frontedCommands);
      next.keySet().removeAll(message.topics());
      frontedCommands = Map.copyOf(next);
    }
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
    byte[] payload = will.getWillMessageBytes() == null ? new byte[0] : will.getWillMessageBytes();
    if (decision.verdict() == TopicAuthorizer.Verdict.ALLOWED
        && decision.kind() == TopicAuthorizer.Kind.SPARKPLUG
        && decision.sparkplug().type() == SparkplugTopic.MessageType.NDEATH) {
      metrics.willPublished();
      logIfNotStored(sparkplug.will(sparkplugSession(), payload), "the NDEATH Will");
      return;
    }
    if (decision.verdict() != TopicAuthorizer.Verdict.ALLOWED
        || decision.kind() != TopicAuthorizer.Kind.EVENT) {
      LOG.infof(
          "not publishing the Will of %s on '%s': only a Will on event (or a Sparkplug NDEATH) is",
          device.username(), will.getWillTopic());
      return;
    }
    RegistryEntry target = decision.target();
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
