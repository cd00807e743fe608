package io.parkpulse.gateway.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.InvalidPayloadException;
import io.parkpulse.model.RegistryCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads the whole registry topic from the beginning into a {@link DeviceRegistry}, marks it caught
 * up once it reached the end offsets it saw at start, then follows new records for as long as the
 * gateway runs. Every gateway reads every record (no consumer group): each needs all devices.
 */
public final class RegistryFollower implements Runnable {

  private static final Logger LOG = Logger.getLogger(RegistryFollower.class);
  private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);

  private final Consumer<String, byte[]> consumer;
  private final String topic;
  private final DeviceRegistry registry;
  private final RegistryCodec codec = new RegistryCodec();
  private final Counter invalid;
  private volatile boolean running = true;

  public RegistryFollower(
      Consumer<String, byte[]> consumer,
      String topic,
      DeviceRegistry registry,
      MeterRegistry meters) {
    this.consumer = consumer;
    this.topic = topic;
    this.registry = registry;
    this.invalid =
        Counter.builder("parkpulse.gateway.registry.invalid")
            .description("Registry records that could not be read and were skipped")
            .register(meters);
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> partitions = awaitPartitions();
      if (partitions.isEmpty()) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          apply(record);
        }
        if (!registry.isCaughtUp()
            && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
          registry.markCaughtUp();
          LOG.infof("device registry loaded: %d devices", registry.size());
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  /** Stops following; the consumer closes on the follower's thread. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  private List<TopicPartition> awaitPartitions() {
    while (running) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      }
      LOG.warnf("registry topic %s does not exist yet (the platform creates it); waiting", topic);
      try {
        Thread.sleep(TOPIC_RETRY.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
    return List.of();
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    try {
      DeviceRef device = DeviceRef.fromKafkaKey(record.key());
      if (record.value() == null) {
        registry.apply(device, null);
        return;
      }
      var entry = codec.decode(record.value());
      if (!entry.device().equals(device)) {
        throw new InvalidPayloadException("key " + record.key() + " names another device");
      }
      registry.apply(device, entry);
    } catch (IllegalArgumentException | InvalidPayloadException e) {
      invalid.increment();
      LOG.warnf(
          "skipping registry record %s-%d@%d: %s",
          record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }
}
