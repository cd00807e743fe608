package io.parkpulse.devstack.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what a topic holds right now, for tests' assertions. */
public final class TopicReader {

  private TopicReader() {}

  /** Every record of {@code topic} on the shared broker whose key is {@code key}, in order. */
  public static List<ConsumerRecord<String, byte[]>> readAll(String topic, String key) {
    return readAll(KafkaBroker.shared(), topic, key);
  }

  /**
   * Every record of {@code topic} on {@code broker} whose key is {@code key} (null: any), in order.
   */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      KafkaBroker broker, String topic, String key) {
    try (var consumer =
        new KafkaConsumer<>(
            broker.client(
                Map.<String, Object>of(
                    "group.id", "reader-" + UUID.randomUUID(), "enable.auto.commit", false)),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          if (key == null || key.equals(record.key())) {
            records.add(record);
          }
        }
      }
      return records;
    }
  }

  /**
   * A consumer of every partition of {@code topic} on the shared broker, positioned at its end now:
   * it reads what is written from here on, as a gateway or an agent in a test's place would.
   */
  public static KafkaConsumer<String, byte[]> atEnd(String topic) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            KafkaBroker.shared()
                .client(
                    Map.<String, Object>of(
                        "group.id", "follower-" + UUID.randomUUID(), "enable.auto.commit", false)),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // the end is resolved now, not at the first poll
    return consumer;
  }
}
