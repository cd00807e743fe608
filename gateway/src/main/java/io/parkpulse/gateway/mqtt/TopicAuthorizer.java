package io.parkpulse.gateway.mqtt;

import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import io.parkpulse.model.RegistryEntry;

/**
 * Decides for whom a device publishes. {@code telemetry} (or {@code t}) is data of the device
 * itself. {@code telemetry/{enterprise}/{device}} is data of another device, allowed only to a
 * device registered as that device's gateway, within its own enterprise, for a device that is
 * registered and enabled. The tenant always comes from the authenticated connection: a topic can
 * narrow it, never change it.
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

  /** A verdict, with the entry of the device the data is for when it is allowed. */
  record Decision(Verdict verdict, RegistryEntry target) {
    static Decision refused(Verdict verdict) {
      return new Decision(verdict, null);
    }
  }

  private final DeviceRegistry registry;

  TopicAuthorizer(DeviceRegistry registry) {
    this.registry = registry;
  }

  /** Whether {@code publisher} may publish telemetry on {@code topic}, and for which device. */
  Decision telemetry(RegistryEntry publisher, String topic) {
    if ("telemetry".equals(topic) || "t".equals(topic)) {
      return new Decision(Verdict.ALLOWED, publisher);
    }
    String[] parts = topic.split("/", -1);
    if (parts.length != 3
        || !("telemetry".equals(parts[0]) || "t".equals(parts[0]))
        || !Ids.isValid(parts[1])
        || !Ids.isValid(parts[2])) {
      return Decision.refused(Verdict.UNSUPPORTED_TOPIC);
    }
    DeviceRef self = publisher.device();
    if (!self.enterprise().equals(parts[1])) {
      return Decision.refused(Verdict.OTHER_ENTERPRISE);
    }
    if (self.device().equals(parts[2])) {
      return new Decision(Verdict.ALLOWED, publisher);
    }
    if (!publisher.gatewayFor().contains(parts[2])) {
      return Decision.refused(Verdict.NOT_ITS_GATEWAY);
    }
    DeviceRef fronted = new DeviceRef(self.enterprise(), parts[2]);
    return registry
        .find(fronted)
        .filter(RegistryEntry::enabled)
        .map(entry -> new Decision(Verdict.ALLOWED, entry))
        .orElse(Decision.refused(Verdict.UNKNOWN_OR_DISABLED_DEVICE));
  }
}
