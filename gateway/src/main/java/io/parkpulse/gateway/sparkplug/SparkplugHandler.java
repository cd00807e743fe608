package io.parkpulse.gateway.sparkplug;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.gateway.events.DeviceEvents;
import io.parkpulse.gateway.kafka.DeadLetters;
import io.parkpulse.gateway.sparkplug.SparkplugSession.Birth;
import io.parkpulse.gateway.sparkplug.SparkplugSession.Definition;
import io.parkpulse.gateway.sparkplug.SparkplugTopic.MessageType;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.InvalidPayloadException;
import io.parkpulse.model.Reading;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.TelemetryCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Handles the Sparkplug B messages of edge nodes. BIRTH and DATA metric values become readings on
 * the park's telemetry topic (the node's own for {@code N*}, the device's for {@code D*}); BIRTH
 * and DEATH become {@code birth} and {@code death} events. DATA whose aliases no BIRTH of the
 * connection defined is dead-lettered ({@value #BEFORE_BIRTH}) and the node asked to be born again;
 * a payload that is not a Sparkplug B protobuf is dead-lettered too. Both are client errors: the
 * returned future completes, and the node gets its acknowledgement. Stateless but for its meters:
 * what a connection told lives in its {@link SparkplugSession}.
 */
public final class SparkplugHandler {

  private static final Logger LOG = Logger.getLogger(SparkplugHandler.class);

  /** The origin of Sparkplug dead letters. */
  public static final String ORIGIN = "mqtt:sparkplug";

  /** The reason of a dead letter of DATA the connection's BIRTH messages do not explain. */
  public static final String BEFORE_BIRTH = "sparkplug-before-birth";

  /** The {@code protocol} attribute of birth and death events. */
  static final String PROTOCOL = "sparkplug-b";

  private final SparkplugDecoder decoder = new SparkplugDecoder();
  private final TelemetryPipeline telemetry;
  private final DeviceEvents events;
  private final DeadLetters deadLetters;
  private final Duration rebirthInterval;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final MeterRegistry meters;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  /**
   * @param rebirthInterval the least time between two rebirth requests to one edge node
   * @param nanoTime {@link System#nanoTime()}, or a test's clock
   */
  public SparkplugHandler(
      TelemetryPipeline telemetry,
      DeviceEvents events,
      DeadLetters deadLetters,
      Duration rebirthInterval,
      Clock clock,
      LongSupplier nanoTime,
      MeterRegistry meters) {
    this.telemetry = telemetry;
    this.events = events;
    this.deadLetters = deadLetters;
    this.rebirthInterval = rebirthInterval;
    this.clock = clock;
    this.nanoTime = nanoTime;
    this.meters = meters;
    for (MessageType type : MessageType.values()) {
      for (String outcome : List.of("accepted", "malformed", "before-birth")) {
        message(type, outcome);
      }
    }
    for (String outcome : List.of("sent", "not-subscribed", "suppressed")) {
      rebirth(outcome);
    }
  }

  /**
   * Handles {@code payload} published on {@code topic} by the edge node of {@code session}, about
   * {@code target} (the node itself, or the device of a {@code D*} topic), both already authorized.
   * Must be called in the order the messages arrived, one at a time per session.
   *
   * @return completes when Kafka stored every record (or the dead letter); fails if it could not
   */
  public CompletableFuture<Void> accept(
      SparkplugSession session, SparkplugTopic topic, RegistryEntry target, byte[] payload) {
    Instant now = clock.instant();
    MessageType type = topic.type();
    SparkplugPayload decoded;
    try {
      decoded = decoder.decode(payload);
    } catch (InvalidPayloadException e) {
      message(type, "malformed").increment();
      LOG.debugf(
          "dead-lettering %s of %s: %s", type, session.node().device().username(), e.getMessage());
      return deadLetters.send(target.device(), payload, e.getMessage(), ORIGIN, now);
    }
    countUnmappedParts(decoded);
    if (type == MessageType.NBIRTH) {
      return nodeBirth(session, target, decoded, now);
    }
    if (type != MessageType.NDEATH) {
      followSeq(session, type, decoded.seq());
    }
    return switch (type) {
      case DBIRTH -> deviceBirth(session, target, decoded, now);
      case NDATA, DDATA -> data(session, topic, target, decoded, payload, now);
      case NDEATH -> {
        message(type, "accepted").increment();
        yield nodeDeath(session, bdSeq(decoded), "ndeath");
      }
      case DDEATH -> deviceDeath(session, target);
      case NBIRTH -> throw new IllegalStateException("handled above");
    };
  }

  /**
   * The edge node's Will, an NDEATH, takes effect: its connection ended without DISCONNECT (or with
   * an MQTT 5 DISCONNECT asking for the Will).
   */
  public CompletableFuture<Void> will(SparkplugSession session, byte[] payload) {
    Long bdSeq = null;
    try {
      bdSeq = bdSeq(decoder.decode(payload));
    } catch (InvalidPayloadException e) {
      // The death holds without its bdSeq.
      LOG.debugf("the NDEATH Will of %s is not protobuf: %s", session.node().device(), e);
    }
    message(MessageType.NDEATH, "accepted").increment();
    return nodeDeath(session, bdSeq, "ndeath");
  }

  /**
   * The connection of {@code session}'s edge node ended (after its NDEATH Will, if any, was
   * handled): every device it had born and that did not die yet is dead.
   *
   * @param clean whether the node sent DISCONNECT
   */
  public CompletableFuture<Void> ended(SparkplugSession session, boolean clean) {
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (Birth device : session.ended()) {
      sent.add(
          events.death(
              device.entry(),
              attributes(clean ? "disconnected" : "connection-lost", null, session)));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture<?>[]::new));
  }

  private CompletableFuture<Void> nodeBirth(
      SparkplugSession session, RegistryEntry node, SparkplugPayload payload, Instant now) {
    Long bdSeq = bdSeq(payload);
    Birth birth = session.nodeBorn(payload, bdSeq);
    message(MessageType.NBIRTH, "accepted").increment();
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("protocol", PROTOCOL);
    if (bdSeq != null) {
      attributes.put("bdSeq", bdSeq);
    }
    return CompletableFuture.allOf(
        events.birth(node, attributes),
        telemetry.write(node.park(), node.device(), readings(birth, payload, now, true), now));
  }

  private CompletableFuture<Void> deviceBirth(
      SparkplugSession session, RegistryEntry device, SparkplugPayload payload, Instant now) {
    Birth birth = session.deviceBorn(device, payload);
    message(MessageType.DBIRTH, "accepted").increment();
    return CompletableFuture.allOf(
        events.birth(device, attributes(null, null, session)),
        telemetry.write(device.park(), device.device(), readings(birth, payload, now, true), now));
  }

  private CompletableFuture<Void> data(
      SparkplugSession session,
      SparkplugTopic topic,
      RegistryEntry target,
      SparkplugPayload payload,
      byte[] bytes,
      Instant now) {
    Birth birth =
        topic.type() == MessageType.NDATA
            ? session.nodeBirth()
            : session.deviceBirth(topic.device());
    List<Reading> readings = birth == null ? null : readings(birth, payload, now, false);
    if (readings == null) {
      message(topic.type(), "before-birth").increment();
      requestRebirth(session, topic, birth == null);
      return deadLetters.send(target.device(), bytes, BEFORE_BIRTH, ORIGIN, now);
    }
    message(topic.type(), "accepted").increment();
    return telemetry.write(target.park(), target.device(), readings, now);
  }

  private CompletableFuture<Void> nodeDeath(SparkplugSession session, Long bdSeq, String reason) {
    if (session.nodeDead()) {
      // Already reported (an NDEATH published, then the same as Will): nothing new died.
      return CompletableFuture.completedFuture(null);
    }
    List<Birth> devices = session.nodeDied();
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("protocol", PROTOCOL);
    attributes.put("reason", reason);
    if (bdSeq != null) {
      attributes.put("bdSeq", bdSeq);
    }
    sent.add(events.death(session.node(), attributes));
    for (Birth device : devices) {
      sent.add(events.death(device.entry(), attributes(reason, bdSeq, session)));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture<?>[]::new));
  }

  private CompletableFuture<Void> deviceDeath(SparkplugSession session, RegistryEntry device) {
    session.deviceDied(device.device().device());
    message(MessageType.DDEATH, "accepted").increment();
    return events.death(device, attributes("ddeath", null, session));
  }

  /** The attributes of a device's birth or death: protocol, edge node, and reason and bdSeq. */
  private static Map<String, Object> attributes(
      String reason, Long bdSeq, SparkplugSession session) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("protocol", PROTOCOL);
    attributes.put("edgeNode", session.node().device().device());
    if (reason != null) {
      attributes.put("reason", reason);
    }
    if (bdSeq != null) {
      attributes.put("bdSeq", bdSeq);
    }
    return attributes;
  }

  /**
   * The readings of {@code payload}'s metrics, numbered by {@code birth}'s counter: one per
   * timestamp, split where a metric name repeats or a reading is full. Metrics that map to no
   * reading value are skipped and counted.
   *
   * @param ofBirth whether {@code payload} is the BIRTH itself: a metric without a name is skipped
   * @return null if a DATA metric has an alias {@code birth} did not define: nothing is numbered
   */
  private List<Reading> readings(
      Birth birth, SparkplugPayload payload, Instant now, boolean ofBirth) {
    List<Timed> groups = new ArrayList<>();
    Map<Instant, Timed> open = new HashMap<>();
    List<String> skipped = new ArrayList<>();
    for (SparkplugMetric metric : payload.metrics()) {
      if (metric.name() == null && metric.alias() == null) {
        skipped.add("no-name");
        continue;
      }
      Definition definition = birth.resolve(metric);
      if (definition == null && ofBirth) {
        skipped.add("no-name");
        continue;
      }
      if (definition == null) {
        return null;
      }
      if (SparkplugValues.isControl(definition.name())) {
        skipped.add("control");
        continue;
      }
      String name = SparkplugValues.readingName(definition.name());
      if (name == null) {
        skipped.add("name");
        continue;
      }
      SparkplugValues.Mapped value = SparkplugValues.value(metric, definition.datatype());
      if (value.skipped() != null) {
        skipped.add(value.skipped());
        continue;
      }
      Instant ts =
          metric.timestamp() != null
              ? Instant.ofEpochMilli(metric.timestamp())
              : payload.timestamp() != null ? Instant.ofEpochMilli(payload.timestamp()) : now;
      Timed group = open.get(ts);
      if (group == null
          || group.metrics.containsKey(name)
          || group.metrics.size() >= TelemetryCodec.MAX_METRICS_PER_READING) {
        group = new Timed(ts, new LinkedHashMap<>());
        open.put(ts, group);
        groups.add(group);
      }
      group.metrics.put(name, value.value());
    }
    skipped.forEach(reason -> skipped(reason).increment());
    List<Reading> readings = new ArrayList<>(groups.size());
    for (Timed group : groups) {
      readings.add(new Reading(birth.nextSeq(), group.ts, group.metrics));
    }
    return readings;
  }

  /** The metrics of one reading being gathered. */
  private record Timed(Instant ts, Map<String, Object> metrics) {}

  private void requestRebirth(SparkplugSession session, SparkplugTopic topic, boolean unborn) {
    String node = session.node().device().username();
    long nowNanos = nanoTime.getAsLong();
    if (!session.rebirthDue(nowNanos, rebirthInterval)) {
      rebirth("suppressed").increment();
      return;
    }
    String commands =
        SparkplugTopic.nodeCommands(
            session.node().device().enterprise(), session.node().device().device());
    if (!session
        .rebirthChannel()
        .publish(commands, SparkplugEncoder.rebirthRequest(clock.millis()))) {
      rebirth("not-subscribed").increment();
      LOG.infof(
          "%s sent %s %s; it has not subscribed to %s, so it cannot be asked for a rebirth",
          node,
          topic.type(),
          unborn ? "before its BIRTH" : "with an alias its BIRTH lacks",
          commands);
      return;
    }
    session.rebirthRequested(nowNanos);
    rebirth("sent").increment();
    LOG.infof(
        "%s sent %s %s: asked it for a rebirth on %s",
        node,
        topic.type(),
        unborn ? "before its BIRTH" : "with an alias its BIRTH lacks",
        commands);
  }

  private void followSeq(SparkplugSession session, MessageType type, Long seq) {
    Long expected = session.expectedSeq();
    if (session.gapBefore(seq)) {
      RegistryEntry node = session.node();
      counter(
              "seq-gaps/" + node.park() + "/" + node.device().enterprise(),
              () ->
                  Counter.builder("parkpulse.gateway.sparkplug.seq.gaps")
                      .description(
                          "Sparkplug B messages whose seq skipped (not previous + 1, mod 256)")
                      .tag("park", node.park())
                      .tag("enterprise", node.device().enterprise()))
          .increment();
      LOG.infof(
          "Sparkplug seq gap from %s: %s has seq %d, expected %d",
          node.device().username(), type, seq, expected);
    }
  }

  /** The {@code bdSeq} metric of an NBIRTH or NDEATH, if it has one with an integer value. */
  private static Long bdSeq(SparkplugPayload payload) {
    for (SparkplugMetric metric : payload.metrics()) {
      if (SparkplugValues.BD_SEQ.equals(metric.name())) {
        int datatype = metric.datatype() == null ? SparkplugValues.UNKNOWN : metric.datatype();
        Object value = SparkplugValues.value(metric, datatype).value();
        return value instanceof Long l ? l : null;
      }
    }
    return null;
  }

  private void countUnmappedParts(SparkplugPayload payload) {
    if (payload.hasBody()) {
      skipped("body").increment();
    }
    for (SparkplugMetric metric : payload.metrics()) {
      if (metric.hasProperties()) {
        skipped("properties").increment();
      }
      if (metric.hasMetadata()) {
        skipped("metadata").increment();
      }
    }
  }

  private Counter message(MessageType type, String outcome) {
    return counter(
        "messages/" + type + "/" + outcome,
        () ->
            Counter.builder("parkpulse.gateway.sparkplug.messages")
                .description("Sparkplug B messages, by type and outcome")
                .tag("type", type.tag())
                .tag("outcome", outcome));
  }

  private Counter rebirth(String outcome) {
    return counter(
        "rebirth/" + outcome,
        () ->
            Counter.builder("parkpulse.gateway.sparkplug.rebirth.requests")
                .description("Rebirth requests to edge nodes that sent DATA before its BIRTH")
                .tag("outcome", outcome));
  }

  private Counter skipped(String reason) {
    return counter(
        "skipped/" + reason,
        () ->
            Counter.builder("parkpulse.gateway.sparkplug.skipped")
                .description("Parts of Sparkplug B payloads not mapped to readings, by reason")
                .tag("reason", reason));
  }

  private Counter counter(String key, java.util.function.Supplier<Counter.Builder> builder) {
    return counters.computeIfAbsent(key, k -> builder.get().register(meters));
  }
}
