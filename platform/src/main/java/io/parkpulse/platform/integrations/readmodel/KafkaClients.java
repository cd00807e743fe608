package io.parkpulse.platform.integrations.readmodel;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The enterprises' Kafka clients as {@link KafkaClientSampler} stored them: JDBC, beside the
 * sampler that writes them.
 */
@ApplicationScoped
public class KafkaClients {

  private final DataSource dataSource;

  KafkaClients(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A consumer group of the enterprise.
   *
   * @param groupId the group's id
   * @param topics the park's topics it reads
   * @param members consumers in it at the last sample
   * @param firstSeen when the platform first saw it
   * @param lastSampled when the platform last looked at it
   * @param lastActive when it last had members or moved its offsets; null if never seen active
   */
  public record KafkaClient(
      String groupId,
      List<String> topics,
      int members,
      Instant firstSeen,
      Instant lastSampled,
      Instant lastActive) {}

  /** The clients of {@code enterprise}, most recently active first. Blocking. */
  public List<KafkaClient> of(String enterprise) throws SQLException {
    List<KafkaClient> clients = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT group_id, topics, members, first_seen, last_sampled, last_active"
                    + " FROM kafka_client WHERE enterprise_id = ?"
                    + " ORDER BY last_active DESC NULLS LAST, group_id")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Timestamp active = rs.getTimestamp(6);
          clients.add(
              new KafkaClient(
                  rs.getString(1),
                  Arrays.asList((String[]) rs.getArray(2).getArray()),
                  rs.getInt(3),
                  rs.getTimestamp(4).toInstant(),
                  rs.getTimestamp(5).toInstant(),
                  active == null ? null : active.toInstant()));
        }
      }
    }
    return clients;
  }
}
