package io.parkpulse.platform.commands;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.CommandResponse;
import io.parkpulse.model.CommandResponseCodec;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.InvalidPayloadException;
import io.parkpulse.model.ParkTopic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads every park's {@code command-responses.v1} topic and completes the {@link Commands} waiting
 * for them. Every platform instance reads every answer (a consumer group of its own), since the one
 * that sent the command waits for it.
 *
 * <p>A partition this instance has not read before starts at the first answer written after the
 * instance started, not at its end: so no answer is missed while the consumer joins its group, or
 * before it finds the topics of a park created meanwhile (within {@code metadata.max.age.ms}).
 */
public final class CommandResponseConsumer implements Runnable {

  private static final Logger LOG = Logger.getLogger(CommandResponseConsumer.class);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Consumer<String, byte[]> consumer;
  private final String prefix;
  private final Commands commands;
  private final Clock clock;
  private final CommandResponseCodec codec = new CommandResponseCodec();
  private final Counter invalid;
  private volatile boolean running = true;

  public CommandResponseConsumer(
      Consumer<String, byte[]> consumer,
      String topicPrefix,
      Commands commands,
      Clock clock,
      MeterRegistry meters) {
    this.consumer = consumer;
    this.prefix = topicPrefix;
    this.commands = commands;
    this.clock = clock;
    this.invalid =
        Counter.builder("parkpulse.platform.commands.invalid-responses")
            .description("Records on a command-responses topic that were skipped")
            .register(meters);
  }

  @Override
  public void run() {
    Instant startedAt = clock.instant();
    try {
      consumer.subscribe(
          ParkTopic.patternFor(prefix, ParkTopic.Kind.COMMAND_RESPONSES),
          new StartPositions(startedAt));
      while (running) {
        try {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            handle(record);
          }
        } catch (WakeupException e) {
          if (running) {
            throw e;
          }
        } catch (KafkaException e) {
          LOG.warnf("reading command responses failed (%s); retrying in %s", e, RETRY);
          pause();
        }
      }
    } finally {
      consumer.close();
    }
  }

  /** Stops reading; the consumer closes on the consumer's thread. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    CommandResponse response;
    try {
      DeviceRef device = DeviceRef.fromKafkaKey(record.key());
      response = codec.decode(record.value());
      Optional<ParkTopic> topic = ParkTopic.parse(prefix, record.topic());
      if (!response.device().equals(device)
          || topic.isEmpty()
          || !topic.get().park().equals(response.park())) {
        throw new InvalidPayloadException(
            "an answer of " + response.device().kafkaKey() + " of park " + response.park());
      }
    } catch (IllegalArgumentException | InvalidPayloadException e) {
      invalid.increment();
      LOG.warnf(
          "skipping command response %s-%d@%d: %s",
          record.topic(), record.partition(), record.offset(), e.getMessage());
      return;
    }
    commands.complete(response);
  }

  private void pause() {
    try {
      Thread.sleep(RETRY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Keeps the position of each partition across rebalances (the group commits no offsets), and
   * starts a partition this instance has not read at the first record written since {@code
   * startedAt}, or at its end if there is none.
   */
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
          LOG.debugf("no position of %s kept: %s", partition, e.getMessage());
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
      if (fresh.isEmpty()) {
        return;
      }
      List<TopicPartition> toEnd = new ArrayList<>(fresh.keySet());
      try {
        consumer
            .offsetsForTimes(fresh)
            .forEach(
                (partition, offset) -> {
                  if (offset != null) {
                    consumer.seek(partition, offset.offset());
                    toEnd.remove(partition);
                  }
                });
      } catch (KafkaException e) {
        LOG.warnf("cannot look up where to start reading command responses: %s", e.getMessage());
      }
      if (!toEnd.isEmpty()) { // an empty list would mean every assigned partition
        consumer.seekToEnd(toEnd);
      }
    }
  }
}
