package io.parkpulse.gateway.kafka;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Where the gateway writes records: Kafka in production. */
public interface RecordSink {

  /**
   * Sends one record; the future completes once the broker acknowledged it (acks=all) and fails if
   * it never will.
   */
  CompletableFuture<Void> send(String topic, String key, byte[] value, Map<String, String> headers);
}
