package io.parkpulse.platform.topics;

import io.parkpulse.model.ParkTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics ParkPulse writes to, since nothing relies on auto-creation: the global
 * registry (compacted) and dead-letter topics, and every per-park topic of a park.
 */
public final class TopicProvisioner {

  private final Admin admin;
  private final String prefix;
  private final int partitions;
  private final short replicationFactor;
  private final int minInsyncReplicas;

  public TopicProvisioner(
      Admin admin, String prefix, int partitions, short replicationFactor, int minInsyncReplicas) {
    this.admin = admin;
    this.prefix = prefix;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
    this.minInsyncReplicas = minInsyncReplicas;
  }

  /**
   * Creates the missing topics of {@code parks} and the global topics.
   *
   * @return the names of the topics created
   */
  public List<String> ensure(List<String> parks)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<NewTopic> wanted = new ArrayList<>();
    String inSync = Integer.toString(minInsyncReplicas);
    wanted.add(
        new NewTopic(ParkTopic.registry(prefix), 1, replicationFactor)
            .configs(
                Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                    inSync)));
    wanted.add(
        new NewTopic(ParkTopic.deadLetter(prefix), partitions, replicationFactor)
            .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, inSync)));
    for (String park : parks) {
      for (ParkTopic.Kind kind : ParkTopic.Kind.values()) {
        wanted.add(
            new NewTopic(new ParkTopic(prefix, park, kind).name(), partitions, replicationFactor)
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, inSync)));
      }
    }
    Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
    try {
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // Another platform instance created one of them first: fine.
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    return missing.stream().map(NewTopic::name).toList();
  }
}
