package io.parkpulse.platform.deadletters;

import io.parkpulse.model.ParkTopic;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.api.ApiErrors;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the tail of the dead-letter topic with one consumer kept for the life of the app, instead
 * of one connection (and its metadata round trips) per request.
 *
 * <p>A {@link KafkaConsumer} is not thread-safe, so one request at a time uses it, under a lock;
 * each read assigns and seeks afresh, so nothing of a read carries over to the next but the
 * connection. The consumer has no group and commits nothing. A read that fails closes it, and the
 * next read starts with a new one, so that a consumer left in an unknown state is never reused.
 * Reads are rare (people inspecting rejected records), so waiting for the lock costs little.
 */
@ApplicationScoped
public class DeadLetterReader {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How long a request waits for another one's read before it gives up with a 503. */
  private static final long LOCK_WAIT_SECONDS = 30;

  private final PlatformConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private KafkaConsumer<String, byte[]> consumer; // guarded by lock

  DeadLetterReader(PlatformConfig config) {
    this.config = config;
  }

  /**
   * The last {@code perPartition} records of every partition of the dead-letter topic. Blocking.
   */
  public List<ConsumerRecord<String, byte[]>> latest(int perPartition) throws InterruptedException {
    if (!lock.tryLock(LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw ApiErrors.unavailable("the dead-letter topic is busy; try again");
    }
    try {
      if (consumer == null) {
        consumer = newConsumer();
      }
      return read(consumer, perPartition);
    } catch (RuntimeException e) {
      closeConsumer();
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private List<ConsumerRecord<String, byte[]>> read(
      KafkaConsumer<String, byte[]> consumer, int perPartition) {
    String topic = ParkTopic.deadLetter(config.topicPrefix());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, TIMEOUT).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, TIMEOUT);
    for (TopicPartition tp : partitions) {
      consumer.seek(tp, Math.max(begins.get(tp), ends.get(tp) - perPartition));
    }
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
        && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    return new KafkaConsumer<>(
        config
            .kafka()
            .client(
                Map.of(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.CLIENT_ID_CONFIG,
                    "parkpulse-platform-dlq-reader")),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  private void closeConsumer() {
    if (consumer != null) {
      try {
        consumer.close(TIMEOUT);
      } catch (RuntimeException e) {
        // Already broken: the next read starts with a new one either way.
      }
      consumer = null;
    }
  }

  @PreDestroy
  void close() {
    lock.lock();
    try {
      closeConsumer();
    } finally {
      lock.unlock();
    }
  }
}
