package io.parkpulse.devstack.registry;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.RegistryCodec;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes devices to the registry topic the way the platform does, for the demo's fleet and the
 * tests' devices until the platform provisions them through its API.
 */
public final class Registrar implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final RegistryCodec codec = new RegistryCodec();

  public Registrar(String bootstrapServers, String topicPrefix) {
    this.producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
            new StringSerializer(),
            new ByteArraySerializer());
    this.topic = ParkTopic.registry(topicPrefix);
  }

  /** Registers (or updates) an enabled device of {@code park} whose secret is {@code secret}. */
  public void register(DeviceRef device, String park, String secret) {
    write(new RegistryEntry(device, park, true, SecretHash.hash(secret), List.of()));
  }

  /** Writes {@code entry} and waits until Kafka has it. */
  public void write(RegistryEntry entry) {
    send(entry.device(), codec.encode(entry));
  }

  /** Deletes {@code device} (a tombstone) and waits until Kafka has it. */
  public void delete(DeviceRef device) {
    send(device, null);
  }

  @Override
  public void close() {
    producer.close();
  }

  private void send(DeviceRef device, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, device.kafkaKey(), value)).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot write " + device.kafkaKey() + " to " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic, e);
    }
  }
}
