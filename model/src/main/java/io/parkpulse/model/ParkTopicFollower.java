package io.parkpulse.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads every park's topic of one kind from now on, in a consumer group of this instance's own, so
 * that every instance sees every record: how each gateway sees every command and each platform
 * every command answer.
 *
 * <p>A partition this instance has not read before starts at the first record written after the
 * instance started, not at its end: so nothing is missed while the consumer joins its group, or
 * before it finds the topics of a park created meanwhile (within {@code metadata.max.age.ms}).
 * Positions are kept across rebalances; the group commits no offsets.
 */
public final class ParkTopicFollower implements Runnable {

  private static final Logger LOG = Logger.getLogger(ParkTopicFollower.class.getName());
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final ParkTopic.Kind kind;
  private final String prefix;
  private final Consumer<ConsumerRecord<String, byte[]>> handler;
  private final Clock clock;
  private volatile boolean running = true;
  private volatile boolean assigned;

  /**
   * @param consumer made from {@link #consumerSettings}
   * @param handler what to do with each record; it must not throw
   */
  public ParkTopicFollower(
      org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
      String topicPrefix,
      ParkTopic.Kind kind,
      Consumer<ConsumerRecord<String, byte[]>> handler,
      Clock clock) {
    this.consumer = consumer;
    this.prefix = topicPrefix;
    this.kind = kind;
    this.handler = handler;
    this.clock = clock;
  }

  /**
   * The consumer settings (without brokers and security) for a follower: a group unique to this
   * instance, {@code clientId}, new parks' topics found within 5 s.
   */
  public static Map<String, Object> consumerSettings(String clientId) {
    return Map.of(
        ConsumerConfig.GROUP_ID_CONFIG,
        clientId + "-" + UUID.randomUUID(),
        ConsumerConfig.CLIENT_ID_CONFIG,
        clientId,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "latest",
        ConsumerConfig.METADATA_MAX_AGE_CONFIG,
        5_000);
  }

  @Override
  public void run() {
    Instant startedAt = clock.instant();
    try {
      consumer.subscribe(ParkTopic.patternFor(prefix, kind), new StartPositions(startedAt));
      while (running) {
        try {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            handler.accept(record);
          }
        } catch (WakeupException e) {
          if (running) {
            throw e;
          }
        } catch (KafkaException e) {
          LOG.warning(
              "reading the "
                  + kind.name().toLowerCase()
                  + " topics failed ("
                  + e.getMessage()
                  + "); retrying in "
                  + RETRY);
          pause();
        }
      }
    } finally {
      consumer.close();
    }
  }

  /**
   * Checks that a record's key and topic name the device and park its value names, so that a record
   * written to the wrong park or key is not taken for another tenant's.
   *
   * @throws InvalidPayloadException saying what does not match
   */
  public void checkOrigin(ConsumerRecord<String, byte[]> record, String park, DeviceRef device)
      throws InvalidPayloadException {
    DeviceRef keyed;
    try {
      keyed = DeviceRef.fromKafkaKey(record.key());
    } catch (IllegalArgumentException e) {
      throw new InvalidPayloadException("key: " + e.getMessage(), e);
    }
    boolean parkMatches =
        ParkTopic.parse(prefix, record.topic()).map(t -> t.park().equals(park)).orElse(false);
    if (!keyed.equals(device) || !parkMatches) {
      throw new InvalidPayloadException(
          "the value names " + device.kafkaKey() + " of park " + park + ", not its key and topic");
    }
  }

  /** Stops reading; the consumer closes on the consumer's thread. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  /** Whether the consumer has been given the topics' partitions at least once. */
  public boolean isAssigned() {
    return assigned;
  }

  private void pause() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Where each assigned partition starts: kept positions, else the first record since start. */
  private final class StartPositions implements ConsumerRebalanceListener {

    private final Instant startedAt;
    private final Map<TopicPartition, Long> positions = new HashMap<>();

    StartPositions(Instant startedAt) {
      this.startedAt = startedAt;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        try {
          positions.put(partition, consumer.position(partition, Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
          LOG.fine("no position of " + partition + " kept: " + e.getMessage());
        }
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<TopicPartition, Long> fresh = new HashMap<>();
      for (TopicPartition partition : partitions) {
        Long position = positions.get(partition);
        if (position != null) {
          consumer.seek(partition, position);
        } else {
          fresh.put(partition, startedAt.toEpochMilli());
        }
      }
      if (!fresh.isEmpty()) {
        List<TopicPartition> toEnd = new ArrayList<>(fresh.keySet());
        try {
          Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(fresh);
          offsets.forEach(
              (partition, offset) -> {
                if (offset != null) {
                  consumer.seek(partition, offset.offset());
                  toEnd.remove(partition);
                }
              });
        } catch (KafkaException e) {
          LOG.warning("cannot look up where to start reading: " + e.getMessage());
        }
        if (!toEnd.isEmpty()) { // an empty list would mean every assigned partition
          consumer.seekToEnd(toEnd);
        }
      }
      assigned = true;
    }
  }
}
