package io.parkpulse.gateway.mqtt;

import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.gateway.sparkplug.SparkplugTopic;
import io.parkpulse.model.CommandRequest;
import io.parkpulse.model.CommandResponse;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import io.parkpulse.model.RegistryEntry;
import java.util.Set;

/**
 * Decides what a device publishes and for whom. {@code telemetry} (or {@code t}) and {@code event}
 * (or {@code e}) are data of the device itself. {@code telemetry/{enterprise}/{device}} and {@code
 * event/{enterprise}/{device}} are data of that device, allowed only to a device registered as that
 * device's gateway, within its own enterprise, for a device that is registered and enabled. {@code
 * command///res/{requestId}/{status}} is the device's answer to a command it received; {@code
 * command//{device}/res/{requestId}/{status}} a gateway device's answer for a device it fronts, to
 * which it may subscribe commands with {@code command//+/req/#} or {@code command//{device}/req/#}.
 * The tenant always comes from the authenticated connection: a topic can narrow it, never change
 * it.
 *
 * <p>Sparkplug B: the connected device is the edge node. On {@code
 * spBv1.0/{group}/{NBIRTH|NDATA|NDEATH}/{edge-node}} the group must be its enterprise and the edge
 * node itself; on {@code spBv1.0/{group}/{DBIRTH|DDATA|DDEATH}/{edge-node}/{device}} the device
 * must moreover be one it is registered as gateway for (not itself: its own data goes on the node
 * topics), registered and enabled. It may subscribe to its own node and device commands ({@code
 * NCMD}, {@code DCMD}).
 */
final class TopicAuthorizer {

  /** Why a topic was refused, or that it was not. */
  enum Verdict {
    ALLOWED,
    UNSUPPORTED_TOPIC,
    OTHER_ENTERPRISE,
    NOT_ITS_GATEWAY,
    UNKNOWN_OR_DISABLED_DEVICE,
    /** A Sparkplug topic names another edge node than the connected device. */
    OTHER_EDGE_NODE;

    /** The tag value of the refusal counter. */
    String tag() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  /** What a topic carries. */
  enum Kind {
    TELEMETRY,
    EVENT,
    COMMAND_RESPONSE,
    SPARKPLUG
  }

  /** What a topic filter a device subscribes to is. */
  enum Subscription {
    /** Its commands, {@code command///req/#}. */
    COMMANDS,
    /**
     * A gateway device's commands for the devices it fronts: {@code command//+/req/#} for all of
     * them, {@code command//{device}/req/#} for one ({@link #frontedDevice}).
     */
    FRONTED_COMMANDS,
    /** Its Sparkplug node commands, {@code spBv1.0/{enterprise}/NCMD/{itself}}. */
    SPARKPLUG_NODE_COMMANDS,
    /** Its Sparkplug device commands, {@code spBv1.0/{enterprise}/DCMD/{itself}/...}. */
    SPARKPLUG_DEVICE_COMMANDS,
    /** Anything else: refused. */
    REFUSED
  }

  /** What a command response topic says: the request answered and its status. */
  record Answer(String requestId, int status) {}

  /**
   * A verdict, with what is published for which device when it is allowed, for a command response
   * what it answers, and for Sparkplug the topic parsed.
   */
  record Decision(
      Verdict verdict, Kind kind, RegistryEntry target, Answer answer, SparkplugTopic sparkplug) {
    Decision(Verdict verdict, Kind kind, RegistryEntry target) {
      this(verdict, kind, target, null, null);
    }

    Decision(Verdict verdict, Kind kind, RegistryEntry target, Answer answer) {
      this(verdict, kind, target, answer, null);
    }

    static Decision refused(Verdict verdict) {
      return new Decision(verdict, null, null);
    }
  }

  /** The prefix of command response topics, {@code command///res/{requestId}/{status}}. */
  private static final String RESPONSE_PREFIX = "command///res/";

  /** The prefix of command topics naming a device, {@code command//{device}/...}. */
  private static final String FRONTED_PREFIX = "command//";

  /** Filters for a fronted device's commands, after {@code command//{device or +}}. */
  private static final Set<String> FRONTED_FILTER_SUFFIXES = Set.of("/req/#", "/req/+/+");

  private final DeviceRegistry registry;

  TopicAuthorizer(DeviceRegistry registry) {
    this.registry = registry;
  }

  /** Whether {@code publisher} may publish on {@code topic}, what, and for which device. */
  Decision decide(RegistryEntry publisher, String topic) {
    if (SparkplugTopic.isSparkplug(topic)) {
      return sparkplug(publisher, topic);
    }
    if (topic.startsWith(RESPONSE_PREFIX)) {
      Answer answer = answer(topic.substring(RESPONSE_PREFIX.length()));
      return answer == null
          ? Decision.refused(Verdict.UNSUPPORTED_TOPIC)
          : new Decision(Verdict.ALLOWED, Kind.COMMAND_RESPONSE, publisher, answer);
    }
    if (topic.startsWith(FRONTED_PREFIX)) {
      return frontedResponse(publisher, topic.substring(FRONTED_PREFIX.length()));
    }
    String[] parts = topic.split("/", -1);
    Kind kind = kind(parts[0]);
    if (kind != null && parts.length == 1) {
      return new Decision(Verdict.ALLOWED, kind, publisher);
    }
    if (kind == null || parts.length != 3 || !Ids.isValid(parts[1]) || !Ids.isValid(parts[2])) {
      return Decision.refused(Verdict.UNSUPPORTED_TOPIC);
    }
    DeviceRef self = publisher.device();
    if (!self.enterprise().equals(parts[1])) {
      return Decision.refused(Verdict.OTHER_ENTERPRISE);
    }
    if (self.device().equals(parts[2])) {
      return new Decision(Verdict.ALLOWED, kind, publisher);
    }
    if (!publisher.gatewayFor().contains(parts[2])) {
      return Decision.refused(Verdict.NOT_ITS_GATEWAY);
    }
    return fronted(self, parts[2], kind, null);
  }

  /** A device {@code publisher} is registered as gateway for, if registered and enabled. */
  private Decision fronted(DeviceRef self, String device, Kind kind, SparkplugTopic sparkplug) {
    return fronted(self, device, kind, null, sparkplug);
  }

  private Decision fronted(
      DeviceRef self, String device, Kind kind, Answer answer, SparkplugTopic sparkplug) {
    DeviceRef fronted = new DeviceRef(self.enterprise(), device);
    return registry
        .find(fronted)
        .filter(RegistryEntry::enabled)
        .map(entry -> new Decision(Verdict.ALLOWED, kind, entry, answer, sparkplug))
        .orElse(Decision.refused(Verdict.UNKNOWN_OR_DISABLED_DEVICE));
  }

  /** {@code {device}/res/{requestId}/{status}}: an answer for a device the publisher fronts. */
  private Decision frontedResponse(RegistryEntry publisher, String rest) {
    int slash = rest.indexOf('/');
    if (slash < 0 || !rest.startsWith("res/", slash + 1)) {
      return Decision.refused(Verdict.UNSUPPORTED_TOPIC);
    }
    String device = rest.substring(0, slash);
    Answer answer = answer(rest.substring(slash + "/res/".length()));
    if (!Ids.isValid(device) || answer == null) {
      return Decision.refused(Verdict.UNSUPPORTED_TOPIC);
    }
    if (device.equals(publisher.device().device())) {
      return new Decision(Verdict.ALLOWED, Kind.COMMAND_RESPONSE, publisher, answer);
    }
    if (!publisher.gatewayFor().contains(device)) {
      return Decision.refused(Verdict.NOT_ITS_GATEWAY);
    }
    return fronted(publisher.device(), device, Kind.COMMAND_RESPONSE, answer, null);
  }

  /**
   * The device a {@link Subscription#FRONTED_COMMANDS} filter is for: its id, or {@code +} for
   * every device fronted.
   */
  static String frontedDevice(String filter) {
    String rest = filter.substring(FRONTED_PREFIX.length());
    return rest.substring(0, rest.indexOf('/'));
  }

  private Decision sparkplug(RegistryEntry publisher, String topic) {
    SparkplugTopic parsed = SparkplugTopic.parse(topic);
    if (parsed == null) {
      return Decision.refused(Verdict.UNSUPPORTED_TOPIC);
    }
    DeviceRef self = publisher.device();
    if (!self.enterprise().equals(parsed.group())) {
      return Decision.refused(Verdict.OTHER_ENTERPRISE);
    }
    if (!self.device().equals(parsed.edgeNode())) {
      return Decision.refused(Verdict.OTHER_EDGE_NODE);
    }
    if (!parsed.type().ofDevice()) {
      return new Decision(Verdict.ALLOWED, Kind.SPARKPLUG, publisher, null, parsed);
    }
    if (!publisher.gatewayFor().contains(parsed.device())) {
      return Decision.refused(Verdict.NOT_ITS_GATEWAY);
    }
    return fronted(self, parsed.device(), Kind.SPARKPLUG, parsed);
  }

  /** What {@code filter}, which {@code subscriber} asks to subscribe to, is. */
  Subscription subscription(RegistryEntry subscriber, String filter) {
    if (DeviceSession.COMMAND_FILTERS.contains(filter)) {
      return Subscription.COMMANDS;
    }
    if (filter.startsWith(FRONTED_PREFIX) && !subscriber.gatewayFor().isEmpty()) {
      String rest = filter.substring(FRONTED_PREFIX.length());
      int slash = rest.indexOf('/');
      if (slash > 0 && FRONTED_FILTER_SUFFIXES.contains(rest.substring(slash))) {
        String device = rest.substring(0, slash);
        if (device.equals("+") || subscriber.gatewayFor().contains(device)) {
          return Subscription.FRONTED_COMMANDS;
        }
      }
      return Subscription.REFUSED;
    }
    DeviceRef self = subscriber.device();
    String node = SparkplugTopic.nodeCommands(self.enterprise(), self.device());
    if (filter.equals(node) || filter.equals(node + "/#")) {
      return Subscription.SPARKPLUG_NODE_COMMANDS;
    }
    String devices = SparkplugTopic.deviceCommandsPrefix(self.enterprise(), self.device());
    if (filter.startsWith(devices)) {
      String rest = filter.substring(devices.length());
      if (rest.equals("#") || rest.equals("+") || subscriber.gatewayFor().contains(rest)) {
        return Subscription.SPARKPLUG_DEVICE_COMMANDS;
      }
    }
    return Subscription.REFUSED;
  }

  /** {@code {requestId}/{status}} with a valid request id and a 3-digit status, else null. */
  private static Answer answer(String rest) {
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String requestId = rest.substring(0, slash);
    String status = rest.substring(slash + 1);
    if (!CommandRequest.isRequestId(requestId) || status.length() != 3) {
      return null;
    }
    for (int i = 0; i < 3; i++) {
      if (status.charAt(i) < '0' || status.charAt(i) > '9') {
        return null;
      }
    }
    int code = Integer.parseInt(status);
    return CommandResponse.isStatus(code) ? new Answer(requestId, code) : null;
  }

  private static Kind kind(String segment) {
    return switch (segment) {
      case "telemetry", "t" -> Kind.TELEMETRY;
      case "event", "e" -> Kind.EVENT;
      default -> null;
    };
  }
}
