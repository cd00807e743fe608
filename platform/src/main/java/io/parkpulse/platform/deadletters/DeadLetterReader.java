package io.parkpulse.platform.deadletters;

import io.parkpulse.model.ParkTopic;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.api.ApiErrors;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
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
 *
 * <p>Memory is bounded per read and overall: one read at a time; each fetch is capped ({@link
 * #FETCH_BYTES}); and records are not collected but passed one by one through the caller's filter
 * and view, of which only the newest {@code limit} are kept. Reading 10,000 records of 256 KiB
 * holds at most a fetch and {@code limit} views, not 2.5 GB.
 */
@ApplicationScoped
public class DeadLetterReader {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The most a fetch brings at once (Kafka still returns one larger record whole). */
  static final int FETCH_BYTES = 2 * 1024 * 1024;

  /** How long a request waits for another one's read before it gives up with a 503. */
  private static final long LOCK_WAIT_SECONDS = 30;

  private final PlatformConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private KafkaConsumer<String, byte[]> consumer; // guarded by lock

  DeadLetterReader(PlatformConfig config) {
    this.config = config;
  }

  /**
   * The newest {@code limit} of the last {@code perPartition} records of every partition of the
   * dead-letter topic that {@code keep} accepts, as {@code view} makes them, newest first.
   * Blocking.
   */
  public <T> List<T> latest(
      int perPartition,
      Predicate<ConsumerRecord<String, byte[]>> keep,
      Function<ConsumerRecord<String, byte[]>, T> view,
      int limit)
      throws InterruptedException {
    if (!lock.tryLock(LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw ApiErrors.unavailable("the dead-letter topic is busy; try again");
    }
    try {
      if (consumer == null) {
        consumer = newConsumer();
      }
      Newest<T> newest = new Newest<>(limit);
      read(
          consumer,
          perPartition,
          r -> {
            if (keep.test(r)) {
              newest.offer(r.timestamp(), view.apply(r));
            }
          });
      return newest.list();
    } catch (RuntimeException e) {
      closeConsumer();
      throw e;
    } finally {
      lock.unlock();
    }
  }

  private void read(
      KafkaConsumer<String, byte[]> consumer,
      int perPartition,
      Consumer<ConsumerRecord<String, byte[]>> each) {
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
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
        && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
          each.accept(r);
        }
      }
    }
  }

  /** The newest {@code limit} items offered, by time: a heap of at most {@code limit}. */
  static final class Newest<T> {
    private record Timed<T>(long time, long order, T item) {}

    private final int limit;
    private final PriorityQueue<Timed<T>> heap =
        new PriorityQueue<>(
            Comparator.comparingLong((Timed<T> t) -> t.time()).thenComparingLong(Timed::order));
    private long offered;

    Newest(int limit) {
      this.limit = limit;
    }

    void offer(long time, T item) {
      heap.add(new Timed<>(time, offered++, item));
      if (heap.size() > limit) {
        heap.poll();
      }
    }

    /** Newest first. */
    List<T> list() {
      List<Timed<T>> all = new ArrayList<>(heap);
      all.sort(
          Comparator.comparingLong((Timed<T> t) -> t.time())
              .thenComparingLong(Timed::order)
              .reversed());
      return all.stream().map(Timed::item).toList();
    }
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
                    "parkpulse-platform-dlq-reader",
                    ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                    FETCH_BYTES,
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                    FETCH_BYTES,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                    100)),
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
