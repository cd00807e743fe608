package io.parkpulse.platform.integrations.readmodel;

import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.integrations.readmodel.ConsumerGroups.Client;
import io.parkpulse.platform.integrations.readmodel.ConsumerGroups.Group;
import io.parkpulse.platform.jobs.JobLeases;
import io.parkpulse.platform.jobs.Periods;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Samples the brokers' consumer groups and keeps, per enterprise, the ones that are its systems
 * ({@link ConsumerGroups}) with when they were last active: the Kafka half of O9. Runs
 * periodically; blocking, off the event loop.
 */
@ApplicationScoped
public class KafkaClientSampler {

  private static final Logger LOG = Logger.getLogger(KafkaClientSampler.class);
  private static final long TIMEOUT_SECONDS = 15;

  private final PlatformConfig config;
  private final DataSource dataSource;
  private final JobLeases leases;

  KafkaClientSampler(PlatformConfig config, DataSource dataSource, JobLeases leases) {
    this.config = config;
    this.dataSource = dataSource;
    this.leases = leases;
  }

  @Scheduled(
      every = "${parkpulse.platform.maturity.kafka-client-sampling:5M}",
      delayed = "30S",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    // Once per interval across the platform's replicas: a sample's activity is measured against
    // the one before it.
    Duration every = config.maturity().kafkaClientSampling();
    try {
      leases.runOnce(
          "kafka-client-sampling",
          Periods.every(Instant.now(), every),
          config.jobs().lease(),
          this::sample);
    } catch (SQLException | ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warnf(
          "sampling the enterprises' Kafka clients failed, retried in %s: %s",
          config.maturity().kafkaClientSampling(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warnf("sampling the enterprises' Kafka clients failed: %s", e.toString());
    }
  }

  /**
   * Samples now.
   *
   * @return the enterprises' clients found
   */
  public List<Client> sample()
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    Map<String, String> parks = new HashMap<>();
    Map<String, Long> previous = new HashMap<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement q = c.prepareStatement("SELECT id, park_id FROM enterprise");
          ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          parks.put(rs.getString(1), rs.getString(2));
        }
      }
      try (PreparedStatement q =
              c.prepareStatement("SELECT enterprise_id, group_id, committed FROM kafka_client");
          ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          previous.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
        }
      }
    }
    List<Client> clients =
        ConsumerGroups.attribute(groups(parks.keySet()), parks, config.topicPrefix(), previous);
    store(clients, Instant.now());
    return clients;
  }

  /** The consumer groups whose ids name a known enterprise, described. */
  private List<Group> groups(Set<String> enterprises)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(config.kafka().client(Map.of()))) {
      List<String> ids = new ArrayList<>();
      for (GroupListing listing :
          admin
              .listGroups(ListGroupsOptions.forConsumerGroups())
              .all()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        if (ConsumerGroups.parse(config.topicPrefix(), listing.groupId())
            .filter(n -> enterprises.contains(n.enterprise()))
            .isPresent()) {
          ids.add(listing.groupId());
        }
      }
      if (ids.isEmpty()) {
        return List.of();
      }
      Map<String, ConsumerGroupDescription> described =
          admin.describeConsumerGroups(ids).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      // Every group's committed offsets in one request, not one per group.
      Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
      ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
      Map<String, Map<TopicPartition, OffsetAndMetadata>> committedByGroup =
          admin.listConsumerGroupOffsets(specs).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<Group> groups = new ArrayList<>();
      for (String id : ids) {
        Map<TopicPartition, OffsetAndMetadata> offsets =
            committedByGroup.getOrDefault(id, Map.of());
        Set<String> topics = new HashSet<>();
        long committed = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
          topics.add(e.getKey().topic());
          committed += e.getValue() == null ? 0 : e.getValue().offset();
        }
        ConsumerGroupDescription description = described.get(id);
        int members = description == null ? 0 : description.members().size();
        if (description != null) {
          for (MemberDescription member : description.members()) {
            member.assignment().topicPartitions().forEach(tp -> topics.add(tp.topic()));
          }
        }
        groups.add(new Group(id, members, topics, committed));
      }
      return groups;
    }
  }

  private void store(List<Client> clients, Instant now) throws SQLException {
    if (clients.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO kafka_client AS k (enterprise_id, group_id, topics, committed,"
                    + " members, first_seen, last_sampled, last_active)"
                    + " SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS"
                    + " (SELECT 1 FROM enterprise WHERE id = ?)"
                    + " ON CONFLICT (enterprise_id, group_id) DO UPDATE SET"
                    + " topics = EXCLUDED.topics, committed = EXCLUDED.committed,"
                    + " members = EXCLUDED.members, last_sampled = EXCLUDED.last_sampled,"
                    + " last_active = coalesce(EXCLUDED.last_active, k.last_active)")) {
      Timestamp at = Timestamp.from(now);
      for (Client client : clients) {
        Array topics = c.createArrayOf("text", client.topics().toArray());
        upsert.setString(1, client.enterprise());
        upsert.setString(2, client.groupId());
        upsert.setArray(3, topics);
        upsert.setLong(4, client.committed());
        upsert.setInt(5, client.members());
        upsert.setTimestamp(6, at);
        upsert.setTimestamp(7, at);
        upsert.setTimestamp(8, client.active() ? at : null);
        upsert.setString(9, client.enterprise());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
    LOG.debugf("sampled %d Kafka clients of enterprises", clients.size());
  }
}
