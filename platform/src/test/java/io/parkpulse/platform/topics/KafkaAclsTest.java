package io.parkpulse.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaAclsTest {

  @Test
  void gatewayReadsTheRegistryAndCommandsButNeverWritesTheRegistry() {
    List<AclBinding> acls = new ArrayList<>(KafkaAcls.gatewayGlobal("parkpulse", "gateway"));
    acls.addAll(KafkaAcls.gatewayPark("parkpulse", "gateway", "north"));

    assertThat(grants(acls, "parkpulse.registry.v1")).containsExactlyInAnyOrder("READ", "DESCRIBE");
    assertThat(grants(acls, "parkpulse.north.commands.v1"))
        .containsExactlyInAnyOrder("READ", "DESCRIBE");
    assertThat(grants(acls, "parkpulse.north.telemetry.v1"))
        .containsExactlyInAnyOrder("WRITE", "DESCRIBE");
    assertThat(grants(acls, "parkpulse.north.events.v1"))
        .containsExactlyInAnyOrder("WRITE", "DESCRIBE");
    assertThat(grants(acls, "parkpulse.north.command-responses.v1"))
        .containsExactlyInAnyOrder("WRITE", "DESCRIBE");
    assertThat(grants(acls, "parkpulse.dlq.v1")).containsExactlyInAnyOrder("WRITE", "DESCRIBE");
    assertThat(grants(acls, "parkpulse.north.maturity.v1")).isEmpty();
    assertThat(acls)
        .allSatisfy(
            a -> {
              assertThat(a.entry().principal()).isEqualTo("User:gateway");
              assertThat(a.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
              assertThat(a.entry().operation())
                  .isIn(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);
            });
    assertThat(acls)
        .filteredOn(a -> a.pattern().patternType() == PatternType.PREFIXED)
        .singleElement()
        .satisfies(a -> assertThat(a.pattern().resourceType()).isEqualTo(ResourceType.GROUP));
  }

  @Test
  void integratorReadsItsParkByPrefixAndNothingElse() {
    List<AclBinding> acls = KafkaAcls.integrator("parkpulse", "north", "park.north.mes");

    assertThat(acls)
        .allSatisfy(
            a -> {
              assertThat(a.pattern().name()).isEqualTo("parkpulse.north.");
              assertThat(a.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
              assertThat(a.entry().principal()).isEqualTo("User:park.north.mes");
              assertThat(a.entry().operation()).isIn(AclOperation.READ, AclOperation.DESCRIBE);
            });
    assertThat(acls)
        .extracting(a -> a.pattern().resourceType() + " " + a.entry().operation())
        .containsExactlyInAnyOrder("TOPIC READ", "TOPIC DESCRIBE", "GROUP READ");
  }

  private static List<String> grants(List<AclBinding> acls, String topic) {
    return acls.stream()
        .filter(a -> a.pattern().resourceType() == ResourceType.TOPIC)
        .filter(a -> a.pattern().patternType() == PatternType.LITERAL)
        .filter(a -> a.pattern().name().equals(topic))
        .map(a -> a.entry().operation().name())
        .toList();
  }
}
