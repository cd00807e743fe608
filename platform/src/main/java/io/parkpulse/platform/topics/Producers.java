package io.parkpulse.platform.topics;

import io.parkpulse.platform.PlatformConfig;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The platform's Kafka producers: acknowledged by every in-sync replica, idempotent. */
public final class Producers {

  private Producers() {}

  /** A producer of string keys and byte values named {@code clientId} in the brokers' metrics. */
  public static KafkaProducer<String, byte[]> acknowledged(PlatformConfig config, String clientId) {
    return new KafkaProducer<>(
        config
            .kafka()
            .client(
                Map.of(
                    ProducerConfig.CLIENT_ID_CONFIG,
                    clientId,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true)),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
