package io.parkpulse.gateway.kafka;

import io.parkpulse.model.CloudEvents;
import io.parkpulse.model.DeadLetter;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.ParkTopic;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Writes what a device sent that breaks the contract to {@code parkpulse.dlq.v1}, with why. */
public final class DeadLetters {

  private final String topic;
  private final RecordSink sink;

  public DeadLetters(String topicPrefix, RecordSink sink) {
    this.topic = ParkTopic.deadLetter(topicPrefix);
    this.sink = sink;
  }

  /**
   * Dead-letters {@code payload} of {@code device}.
   *
   * @param origin where it came from, e.g. {@code mqtt:telemetry}
   */
  public CompletableFuture<Void> send(
      DeviceRef device, byte[] payload, String reason, String origin, Instant now) {
    Map<String, String> headers =
        CloudEvents.headers(DeadLetter.TYPE, CloudEvents.sourceOf(device), now);
    headers.put(DeadLetter.REASON, reason);
    headers.put(DeadLetter.ORIGIN, origin);
    return sink.send(topic, device.kafkaKey(), payload, headers);
  }
}
