package io.parkpulse.platform.topics;

import io.parkpulse.model.ParkTopic;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of the principals the platform manages, as docs/security.md lists them. The gateway gets
 * literal ACLs on each park's topics (never the registry's write); an integrator gets read on its
 * park's prefix and nothing else. The platform itself is a super user.
 */
public final class KafkaAcls {

  /** The consumer groups of the gateway: its command followers, one per instance. */
  static final String GATEWAY_GROUP_PREFIX = "parkpulse-gateway";

  private KafkaAcls() {}

  /** What the gateway may do on the global topics: read the registry, write dead letters. */
  public static List<AclBinding> gatewayGlobal(String prefix, String gatewayUser) {
    List<AclBinding> acls = new ArrayList<>();
    topic(acls, gatewayUser, ParkTopic.registry(prefix), AclOperation.READ);
    topic(acls, gatewayUser, ParkTopic.deadLetter(prefix), AclOperation.WRITE);
    acls.add(
        allow(
            new ResourcePattern(ResourceType.GROUP, GATEWAY_GROUP_PREFIX, PatternType.PREFIXED),
            gatewayUser,
            AclOperation.READ));
    return acls;
  }

  /**
   * What the gateway may do on one park's topics: write telemetry, events and command responses,
   * read commands. Nothing on the park's maturity.
   */
  public static List<AclBinding> gatewayPark(String prefix, String gatewayUser, String park) {
    List<AclBinding> acls = new ArrayList<>();
    for (ParkTopic.Kind kind :
        List.of(
            ParkTopic.Kind.TELEMETRY, ParkTopic.Kind.EVENTS, ParkTopic.Kind.COMMAND_RESPONSES)) {
      topic(acls, gatewayUser, new ParkTopic(prefix, park, kind).name(), AclOperation.WRITE);
    }
    topic(
        acls,
        gatewayUser,
        new ParkTopic(prefix, park, ParkTopic.Kind.COMMANDS).name(),
        AclOperation.READ);
    return acls;
  }

  /**
   * What an integrator's credential may do: read every topic of its park and use consumer groups
   * named after it, both by the prefix {@code {prefix}.{park}.}.
   */
  public static List<AclBinding> integrator(String prefix, String park, String user) {
    String parkPrefix = parkPrefix(prefix, park);
    List<AclBinding> acls = new ArrayList<>();
    ResourcePattern topics =
        new ResourcePattern(ResourceType.TOPIC, parkPrefix, PatternType.PREFIXED);
    acls.add(allow(topics, user, AclOperation.READ));
    acls.add(allow(topics, user, AclOperation.DESCRIBE));
    acls.add(
        allow(
            new ResourcePattern(ResourceType.GROUP, parkPrefix, PatternType.PREFIXED),
            user,
            AclOperation.READ));
    return acls;
  }

  /** The prefix of a park's topics and of its integrators' consumer groups. */
  public static String parkPrefix(String prefix, String park) {
    return prefix + "." + park + ".";
  }

  /** Every ACL of {@code user}, on any resource. */
  public static AclBindingFilter allOf(String user) {
    return new AclBindingFilter(
        ResourcePatternFilter.ANY,
        new AccessControlEntryFilter(
            principal(user), null, AclOperation.ANY, AclPermissionType.ANY));
  }

  /** Kafka's principal name of a SASL user. */
  public static String principal(String user) {
    return "User:" + user;
  }

  private static void topic(
      List<AclBinding> acls, String user, String topic, AclOperation operation) {
    ResourcePattern pattern = new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
    acls.add(allow(pattern, user, operation));
    acls.add(allow(pattern, user, AclOperation.DESCRIBE));
  }

  private static AclBinding allow(ResourcePattern pattern, String user, AclOperation operation) {
    return new AclBinding(
        pattern, new AccessControlEntry(principal(user), "*", operation, AclPermissionType.ALLOW));
  }
}
