package io.parkpulse.platform.integrations.readmodel;

import io.parkpulse.model.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the brokers' consumer groups are an enterprise's own systems, and whether they were
 * active since the last sample. A group counts for enterprise {@code e} of park {@code p} when its
 * id is {@code {prefix}.p.e.{system}} (inside the park's ACL prefix, docs/kafka-integration.md) and
 * it reads topics of {@code p}; it is active when it has members or has moved its committed offsets
 * since the previous sample. Pure: the sampler feeds it what the Kafka admin API reported.
 */
public final class ConsumerGroups {

  private ConsumerGroups() {}

  /**
   * A consumer group as the brokers describe it.
   *
   * @param groupId the group's id
   * @param members how many consumers are in it now
   * @param topics the topics it has committed offsets for or is assigned
   * @param committed the sum of its committed offsets
   */
  public record Group(String groupId, int members, Set<String> topics, long committed) {}

  /**
   * A group attributed to an enterprise.
   *
   * @param enterprise the enterprise whose system it is
   * @param groupId the group's id
   * @param topics the park's topics it reads, sorted
   * @param committed the sum of its committed offsets
   * @param members how many consumers are in it now
   * @param active whether it had members, or moved its offsets, since the previous sample
   */
  public record Client(
      String enterprise,
      String groupId,
      List<String> topics,
      long committed,
      int members,
      boolean active) {}

  /**
   * What a group id names, if it has the form {@code {prefix}.{park}.{enterprise}.{system}}.
   *
   * @param park the park
   * @param enterprise the enterprise
   * @param system the enterprise's system (anything non-empty)
   */
  public record Name(String park, String enterprise, String system) {}

  /** What {@code groupId} names, given the installation's topic prefix. */
  public static Optional<Name> parse(String topicPrefix, String groupId) {
    if (!groupId.startsWith(topicPrefix + ".")) {
      return Optional.empty();
    }
    String[] parts = groupId.substring(topicPrefix.length() + 1).split("\\.", 3);
    if (parts.length < 3
        || parts[2].isEmpty()
        || !Ids.SLUG.matcher(parts[0]).matches()
        || !Ids.SLUG.matcher(parts[1]).matches()) {
      return Optional.empty();
    }
    return Optional.of(new Name(parts[0], parts[1], parts[2]));
  }

  /**
   * The groups that are known enterprises' systems.
   *
   * @param groups what the brokers report
   * @param parks the park of every enterprise
   * @param topicPrefix the prefix of every topic name
   * @param previous the committed sum of each enterprise's group at the previous sample, keyed
   *     {@code {enterprise}/{group}}; absent if never seen
   */
  public static List<Client> attribute(
      List<Group> groups,
      Map<String, String> parks,
      String topicPrefix,
      Map<String, Long> previous) {
    List<Client> clients = new ArrayList<>();
    for (Group group : groups) {
      Optional<Name> name =
          parse(topicPrefix, group.groupId())
              .filter(n -> n.park().equals(parks.get(n.enterprise())));
      if (name.isEmpty()) {
        continue;
      }
      String enterprise = name.get().enterprise();
      String parkTopics = topicPrefix + "." + name.get().park() + ".";
      Set<String> read = new TreeSet<>();
      for (String topic : group.topics()) {
        if (topic.startsWith(parkTopics)) {
          read.add(topic);
        }
      }
      if (read.isEmpty()) {
        // Named like the enterprise's but reading nothing of its park: not evidence of anything.
        continue;
      }
      Long before = previous.get(enterprise + "/" + group.groupId());
      // Offsets found at the first sighting were committed at some unknown time: not activity.
      boolean moved = before != null && group.committed() != before;
      clients.add(
          new Client(
              enterprise,
              group.groupId(),
              List.copyOf(read),
              group.committed(),
              group.members(),
              group.members() > 0 || moved));
    }
    return clients;
  }
}
