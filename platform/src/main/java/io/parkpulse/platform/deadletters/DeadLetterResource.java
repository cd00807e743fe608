package io.parkpulse.platform.deadletters;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The latest records of the dead-letter topic that the caller may see: those keyed by a device of
 * its scope (a platform admin sees all, including records without a device key).
 */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

  private static final int MAX_VALUE_CHARS = 4096;

  private final PlatformConfig config;
  private final DataSource dataSource;
  private final SecurityIdentity identity;

  DeadLetterResource(PlatformConfig config, DataSource dataSource, SecurityIdentity identity) {
    this.config = config;
    this.dataSource = dataSource;
    this.identity = identity;
  }

  /**
   * One rejected record.
   *
   * @param value the record as received, as UTF-8 text, cut at 4096 characters
   */
  public record DeadLetterView(
      int partition,
      long offset,
      Instant time,
      String key,
      String reason,
      String origin,
      String value) {}

  /** The newest {@code limit} records the caller may see, newest first. */
  @GET
  public List<DeadLetterView> list(@QueryParam("limit") @DefaultValue("50") int limit)
      throws SQLException {
    require(limit >= 1 && limit <= 500, "limit", "must be between 1 and 500");
    Caller caller = Caller.of(identity);
    Map<String, String> parks = caller.isPlatformAdmin() ? Map.of() : enterpriseParks(caller);
    List<DeadLetterView> visible = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : latest(caller.isPlatformAdmin() ? limit : limit * 20)) {
      if (caller.isPlatformAdmin() || inScope(caller, parks, r.key())) {
        visible.add(view(r));
      }
    }
    visible.sort(Comparator.comparing(DeadLetterView::time).reversed());
    return visible.size() > limit ? visible.subList(0, limit) : visible;
  }

  private static boolean inScope(Caller caller, Map<String, String> parks, String key) {
    Optional<DeviceRef> device = device(key);
    if (device.isEmpty()) {
      return false;
    }
    String park = parks.get(device.get().enterprise());
    return park != null && caller.sees(park, device.get().enterprise());
  }

  private static Optional<DeviceRef> device(String key) {
    try {
      return key == null ? Optional.empty() : Optional.of(DeviceRef.fromKafkaKey(key));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The enterprises of the caller's park, with their park. */
  private Map<String, String> enterpriseParks(Caller caller) throws SQLException {
    Map<String, String> parks = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement query =
            c.prepareStatement("SELECT id, park_id FROM enterprise WHERE park_id = ?")) {
      query.setString(1, caller.park());
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          parks.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return parks;
  }

  /** The last {@code perPartition} records of every partition of the dead-letter topic. */
  private List<ConsumerRecord<String, byte[]>> latest(int perPartition) {
    String topic = ParkTopic.deadLetter(config.topicPrefix());
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            config
                .kafka()
                .client(
                    Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "parkpulse-platform-dlq-reader")),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      Map<TopicPartition, Long> begins =
          consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
      for (TopicPartition tp : partitions) {
        consumer.seek(tp, Math.max(begins.get(tp), ends.get(tp) - perPartition));
      }
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static DeadLetterView view(ConsumerRecord<String, byte[]> r) {
    String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
    if (value != null && value.length() > MAX_VALUE_CHARS) {
      value = value.substring(0, MAX_VALUE_CHARS);
    }
    return new DeadLetterView(
        r.partition(),
        r.offset(),
        Instant.ofEpochMilli(r.timestamp()),
        r.key(),
        header(r, DeadLetter.REASON),
        header(r, DeadLetter.ORIGIN),
        value);
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
