package io.parkpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.devstack.kafka.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  private final KafkaBroker broker = KafkaBroker.shared();

  @Test
  void sharedBrokerIsOneInstancePerJvm() {
    assertThat(KafkaBroker.shared()).isSameAs(broker);
  }

  @Test
  void storesAndServesRecords() throws Exception {
    try (Admin admin = broker.admin()) {
      admin.createTopics(List.of(new NewTopic("devstack-roundtrip", 1, (short) 1))).all().get();
    }
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>("devstack-roundtrip", "k", "hello")).get();
    }
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "group.id",
                "devstack-test",
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of("devstack-roundtrip"));
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      for (int i = 0; i < 50 && records.isEmpty(); i++) {
        records = consumer.poll(Duration.ofMillis(200));
      }
      assertThat(records.records("devstack-roundtrip"))
          .extracting(r -> r.key() + "=" + r.value())
          .containsExactly("k=hello");
    }
  }

  @Test
  void doesNotCreateTopicsOnFirstUse() {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                "bootstrap.servers", broker.bootstrapServers(), "max.block.ms", "1500"),
            new StringSerializer(),
            new StringSerializer())) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>("never-created", "v")).get())
          .isInstanceOfAny(ExecutionException.class, TimeoutException.class);
    }
  }
}
