package io.parkpulse.gateway.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * A {@link RecordSink} on an idempotent Kafka producer with {@code acks=all}: a record counts as
 * sent only once every in-sync replica has it. {@code send} never blocks its caller (an MQTT event
 * loop): the producer, which may block while it fetches metadata, is called from one thread of its
 * own, which also keeps records in the order they were handed over.
 */
public final class KafkaRecordSink implements RecordSink, AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final ExecutorService sender;
  private final AtomicInteger inflight = new AtomicInteger();
  private volatile long lastProgressNanos = System.nanoTime();
  private KafkaClientMetrics producerMetrics;

  /**
   * @param client Kafka's settings of one client, with the brokers and their security added to
   *     those given (see {@code GatewayConfig.Kafka#client})
   */
  public KafkaRecordSink(
      Function<Map<String, Object>, Map<String, Object>> client,
      Duration deliveryTimeout,
      Duration linger,
      CompressionType compression,
      String clientId) {
    requireCodec(compression);
    int timeoutMs = (int) deliveryTimeout.toMillis();
    this.producer =
        new KafkaProducer<>(
            client.apply(
                Map.of(
                    ProducerConfig.CLIENT_ID_CONFIG,
                    clientId,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.LINGER_MS_CONFIG,
                    (int) linger.toMillis(),
                    ProducerConfig.COMPRESSION_TYPE_CONFIG,
                    compression.name,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    timeoutMs,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    Math.min(30_000, timeoutMs),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG,
                    Math.min(10_000, timeoutMs))),
            new StringSerializer(),
            new ByteArraySerializer());
    this.sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "kafka-send"));
  }

  /**
   * Compresses a few bytes with {@code compression}, so that a codec that cannot work here (snappy
   * and zstd load a native library, unpacked into {@code java.io.tmpdir}) stops the gateway at its
   * start with the reason, instead of failing every record once devices publish.
   *
   * @throws IllegalStateException naming the codec, the cause and the setting to change
   */
  static void requireCodec(CompressionType compression) {
    try (OutputStream out =
        Compression.of(compression)
            .build()
            .wrapForOutput(new ByteBufferOutputStream(64), RecordBatch.CURRENT_MAGIC_VALUE)) {
      out.write("parkpulse".getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "the Kafka compression "
              + compression.name
              + " does not work on this machine ("
              + e
              + "); set parkpulse.gateway.kafka.compression (PARKPULSE_GATEWAY_KAFKA_COMPRESSION)"
              + " to lz4 or none",
          e);
    }
  }

  @Override
  public CompletableFuture<Void> send(
      String topic, String key, byte[] value, Map<String, String> headers) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    CompletableFuture<Void> acked = new CompletableFuture<>();
    if (inflight.getAndIncrement() == 0) {
      lastProgressNanos = System.nanoTime();
    }
    acked.whenComplete(
        (ok, error) -> {
          inflight.decrementAndGet();
          lastProgressNanos = System.nanoTime();
        });
    try {
      sender.execute(() -> sendNow(record, acked));
    } catch (RuntimeException e) {
      acked.completeExceptionally(e);
    }
    return acked;
  }

  private void sendNow(ProducerRecord<String, byte[]> record, CompletableFuture<Void> acked) {
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              acked.complete(null);
            } else {
              acked.completeExceptionally(error);
            }
          });
    } catch (RuntimeException e) {
      acked.completeExceptionally(e);
    }
  }

  /**
   * Publishes the producer's own metrics as {@code kafka.producer.*} meters: where a PUBACK's time
   * goes between the gateway and Kafka ({@code record-queue-time}, waiting for a batch to fill and
   * be sent; {@code request-latency}, the broker's answer), and how full the batches are ({@code
   * batch-size}, {@code records-per-request}).
   */
  public void bindTo(MeterRegistry meters) {
    producerMetrics = new KafkaClientMetrics(producer);
    producerMetrics.bindTo(meters);
  }

  /**
   * Whether records are waiting and none has completed for {@code timeout}: Kafka is down or too
   * slow for the load.
   */
  public boolean isStalled(Duration timeout) {
    return inflight.get() > 0 && System.nanoTime() - lastProgressNanos > timeout.toNanos();
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (producerMetrics != null) {
      producerMetrics.close();
    }
    producer.close(Duration.ofSeconds(10));
  }
}
