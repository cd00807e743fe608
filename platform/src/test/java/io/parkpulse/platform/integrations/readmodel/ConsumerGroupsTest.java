package io.parkpulse.platform.integrations.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.parkpulse.platform.integrations.readmodel.ConsumerGroups.Client;
import io.parkpulse.platform.integrations.readmodel.ConsumerGroups.Group;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsumerGroupsTest {

  private static final Map<String, String> PARKS = Map.of("east-co", "east", "west-co", "west");

  @Test
  void aGroupNamedAfterAnEnterpriseThatReadsItsParkIsItsClient() {
    List<Client> clients =
        ConsumerGroups.attribute(
            List.of(
                new Group(
                    "parkpulse.east.east-co.mes",
                    2,
                    Set.of("parkpulse.east.telemetry.v1", "parkpulse.east.events.v1", "other"),
                    40)),
            PARKS,
            "parkpulse",
            Map.of());

    assertThat(clients)
        .containsExactly(
            new Client(
                "east-co",
                "parkpulse.east.east-co.mes",
                List.of("parkpulse.east.events.v1", "parkpulse.east.telemetry.v1"),
                40,
                2,
                true));
  }

  @Test
  void groupsOfUnknownEnterprisesOrReadingAnotherParkAreNobodys() {
    List<Client> clients =
        ConsumerGroups.attribute(
            List.of(
                // west-co named in east's prefix: west-co is not in park east.
                new Group(
                    "parkpulse.east.west-co.spy", 1, Set.of("parkpulse.east.telemetry.v1"), 9),
                // Its own park's prefix, another park's data: proves nothing about west-co.
                new Group(
                    "parkpulse.west.west-co.spy", 1, Set.of("parkpulse.east.telemetry.v1"), 9),
                new Group(
                    "parkpulse.east.ghost-co.mes", 1, Set.of("parkpulse.east.telemetry.v1"), 9),
                new Group("parkpulse-platform-ingest", 1, Set.of("parkpulse.east.telemetry.v1"), 9),
                // A park integrator's group: no enterprise named.
                new Group("parkpulse.east.erp-sync", 1, Set.of("parkpulse.east.telemetry.v1"), 9),
                new Group("parkpulse.east.east-co.", 1, Set.of("parkpulse.east.telemetry.v1"), 9),
                // Another prefix: not this installation's topics.
                new Group("other.east.east-co.mes", 1, Set.of("other.east.telemetry.v1"), 9)),
            PARKS,
            "parkpulse",
            Map.of());

    assertThat(clients).isEmpty();
  }

  @Test
  void withoutMembersOnlyOffsetsThatMovedSinceTheLastSampleAreActivity() {
    Set<String> topics = Set.of("parkpulse.west.telemetry.v1");
    List<Group> groups =
        List.of(
            new Group("parkpulse.west.west-co.erp", 0, topics, 100),
            new Group("parkpulse.west.west-co.bi", 0, topics, 100),
            new Group("parkpulse.west.west-co.new", 0, topics, 100));
    Map<String, Long> previous =
        Map.of(
            "west-co/parkpulse.west.west-co.erp", 80L, "west-co/parkpulse.west.west-co.bi", 100L);

    List<Client> clients = ConsumerGroups.attribute(groups, PARKS, "parkpulse", previous);

    assertThat(clients)
        .extracting(Client::groupId, Client::active)
        .containsExactly(
            tuple("parkpulse.west.west-co.erp", true),
            tuple("parkpulse.west.west-co.bi", false),
            // First sighting: its offsets were committed at some unknown time.
            tuple("parkpulse.west.west-co.new", false));
  }

  @Test
  void aGroupIdNamesParkEnterpriseAndSystemAfterThePrefix() {
    assertThat(ConsumerGroups.parse("parkpulse", "parkpulse.east.east-co.mes.reader"))
        .contains(new ConsumerGroups.Name("east", "east-co", "mes.reader"));
    assertThat(ConsumerGroups.parse("parkpulse", "parkpulse.east.east-co")).isEmpty();
    assertThat(ConsumerGroups.parse("parkpulse", "parkpulse.east.east-co.")).isEmpty();
    assertThat(ConsumerGroups.parse("parkpulse", "parkpulse.east.East_Co.mes")).isEmpty();
    assertThat(ConsumerGroups.parse("parkpulse", "pp.east.east-co.mes")).isEmpty();
    assertThat(ConsumerGroups.parse("pp", "pp.east.east-co.mes")).isPresent();
  }
}
