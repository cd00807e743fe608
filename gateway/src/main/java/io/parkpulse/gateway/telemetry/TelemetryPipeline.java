package io.parkpulse.gateway.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.gateway.kafka.DeadLetters;
import io.parkpulse.gateway.kafka.DeviceDataSink;
import io.parkpulse.gateway.kafka.ParkTopicNames;
import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.InvalidPayloadException;
import io.parkpulse.model.ParkTopic;
import io.parkpulse.model.Reading;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.model.TelemetryRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns a device's telemetry payload into Kafka records: one {@link TelemetryRecord} per reading on
 * the park's telemetry topic, keyed by device. A payload that breaks the contract goes to the
 * dead-letter topic with the reason; it is a client error, so the returned future still completes
 * and the device gets its acknowledgement instead of resending the same bad data forever.
 */
public final class TelemetryPipeline implements DeviceDataSink {

  private static final Logger LOG = Logger.getLogger(TelemetryPipeline.class);

  private final ParkTopicNames topics;
  private final Map<String, Counter> readings = new ConcurrentHashMap<>();
  private final DeadLetters deadLetters;
  private final RecordSink sink;
  private final TelemetryCodec codec;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Counter invalid;

  public TelemetryPipeline(
      String topicPrefix,
      RecordSink sink,
      DeadLetters deadLetters,
      TelemetryCodec codec,
      Clock clock,
      MeterRegistry registry) {
    this.topics = new ParkTopicNames(topicPrefix, ParkTopic.Kind.TELEMETRY);
    this.deadLetters = deadLetters;
    this.sink = sink;
    this.codec = codec;
    this.clock = clock;
    this.meters = registry;
    this.invalid =
        Counter.builder("parkpulse.gateway.rejected")
            .tag("reason", "invalid-payload")
            .description("Messages rejected and dead-lettered")
            .register(registry);
  }

  /**
   * Writes the payload that {@code device} of {@code park} published on {@code telemetry}.
   *
   * @return completes when Kafka has acknowledged every record (or the dead letter), fails if Kafka
   *     could not store them
   */
  @Override
  public CompletableFuture<Void> accept(String park, DeviceRef device, byte[] payload) {
    Instant now = clock.instant();
    List<Reading> decoded;
    try {
      decoded = codec.decodeDevicePayload(payload);
    } catch (InvalidPayloadException e) {
      invalid.increment();
      LOG.debugf("dead-lettering telemetry of %s: %s", device.username(), e.getMessage());
      return deadLetters.send(device, payload, e.getMessage(), "mqtt:telemetry", now);
    }
    return write(park, device, decoded, now);
  }

  /**
   * Writes readings of {@code device} of {@code park} that came in another form than the JSON
   * payload (Sparkplug B), one record each, received at {@code receivedAt}.
   *
   * @return completes when Kafka has acknowledged every record (at once for none), fails if Kafka
   *     could not store them
   */
  public CompletableFuture<Void> write(
      String park, DeviceRef device, List<Reading> readings, Instant receivedAt) {
    String topic = topics.of(park);
    CompletableFuture<?>[] sent = new CompletableFuture<?>[readings.size()];
    for (int i = 0; i < sent.length; i++) {
      TelemetryRecord record = TelemetryRecord.of(park, device, readings.get(i), receivedAt);
      // Each record is its own CloudEvent, with its own id.
      Map<String, String> headers =
          CloudEvents.headers(CloudEvents.TELEMETRY_TYPE, CloudEvents.sourceOf(device), receivedAt);
      sent[i] = sink.send(topic, device.kafkaKey(), codec.encode(record), headers);
    }
    return CompletableFuture.allOf(sent)
        .thenRun(() -> readings(park, device.enterprise()).increment(sent.length));
  }

  /** Readings stored per park and enterprise, for the operator's per-tenant traffic view. */
  private Counter readings(String park, String enterprise) {
    return readings.computeIfAbsent(
        park + "/" + enterprise,
        k ->
            Counter.builder("parkpulse.gateway.readings")
                .description("Readings written to Kafka")
                .tag("park", park)
                .tag("enterprise", enterprise)
                .register(meters));
  }
}
