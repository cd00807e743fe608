package io.parkpulse.gateway.kafka;

import io.parkpulse.model.DeviceRef;
import java.util.concurrent.CompletableFuture;

/** Takes what a device published (telemetry or events) to Kafka. */
public interface DeviceDataSink {

  /**
   * Writes {@code payload} that {@code device} of {@code park} published.
   *
   * @return completes when Kafka stored every record (or, for a payload that breaks the contract,
   *     its dead letter); fails if Kafka could not
   */
  CompletableFuture<Void> accept(String park, DeviceRef device, byte[] payload);
}
