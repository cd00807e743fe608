package io.parkpulse.platform.integrations;

import io.parkpulse.platform.access.EnterpriseScope;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
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
 * The Kafka clients of an enterprise that the platform has seen (consumer groups named {@code
 * {prefix}.{park}.{enterprise}.{system}} reading its park's topics): the evidence behind the Kafka
 * half of O9. Whoever sees the enterprise sees them.
 */
@Path("/api/v1/enterprises/{enterprise}/kafka-clients")
@Produces(MediaType.APPLICATION_JSON)
public class KafkaClientResource {

  private final DataSource dataSource;
  private final EnterpriseScope scope;
  private final SecurityIdentity identity;

  KafkaClientResource(DataSource dataSource, EnterpriseScope scope, SecurityIdentity identity) {
    this.dataSource = dataSource;
    this.scope = scope;
    this.identity = identity;
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

  /** The enterprise's clients, most recently active first. */
  @GET
  public List<KafkaClient> list(@PathParam("enterprise") String enterprise) throws SQLException {
    scope.visiblePark(Caller.of(identity), enterprise);
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
