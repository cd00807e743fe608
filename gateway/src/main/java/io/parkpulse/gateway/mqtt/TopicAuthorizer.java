package io.parkpulse.gateway.mqtt;

import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import io.parkpulse.model.RegistryEntry;

/**
 * Decides what a device publishes and for whom. {@code telemetry} (or {@code t}) and {@code event}
 * (or {@code e}) are data of the device itself. {@code telemetry/{enterprise}/{device}} and {@code
 * event/{enterprise}/{device}} are data of that device, allowed only to a device registered as that
 * device's gateway, within its own enterprise, for a device that is registered and enabled. The
 * tenant always comes from the authenticated connection: a topic can narrow it, never change it.
 */
final class TopicAuthorizer {

  /** Why a topic was refused, or that it was not. */
  enum Verdict {
    ALLOWED,
    UNSUPPORTED_TOPIC,
    OTHER_ENTERPRISE,
    NOT_ITS_GATEWAY,
    UNKNOWN_OR_DISABLED_DEVICE;

    /** The tag value of the refusal counter. */
    String tag() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  /** What a topic carries. */
  enum Kind {
    TELEMETRY,
    EVENT
  }

  /** A verdict, with what is published for which device when it is allowed. */
  record Decision(Verdict verdict, Kind kind, RegistryEntry target) {
    static Decision refused(Verdict verdict) {
      return new Decision(verdict, null, null);
    }
  }

  private final DeviceRegistry registry;

  TopicAuthorizer(DeviceRegistry registry) {
    this.registry = registry;
  }

  /** Whether {@code publisher} may publish on {@code topic}, what, and for which device. */
  Decision decide(RegistryEntry publisher, String topic) {
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
    DeviceRef fronted = new DeviceRef(self.enterprise(), parts[2]);
    return registry
        .find(fronted)
        .filter(RegistryEntry::enabled)
        .map(entry -> new Decision(Verdict.ALLOWED, kind, entry))
        .orElse(Decision.refused(Verdict.UNKNOWN_OR_DISABLED_DEVICE));
  }

  private static Kind kind(String segment) {
    return switch (segment) {
      case "telemetry", "t" -> Kind.TELEMETRY;
      case "event", "e" -> Kind.EVENT;
      default -> null;
    };
  }
}
