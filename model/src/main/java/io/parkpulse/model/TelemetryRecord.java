package io.parkpulse.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A reading on {@code parkpulse.{park}.telemetry.v1}: what the device sent, with the identity that
 * the gateway authenticated and the time the gateway received it. Keyed {@code
 * {enterprise}/{device}} in Kafka.
 *
 * @param park the park the enterprise belongs to
 * @param device the authenticated device
 * @param seq the device's sequence number of the reading
 * @param ts when the device took the reading
 * @param receivedAt when the gateway received it
 * @param metrics metric name to value: a number, a string or a boolean
 */
public record TelemetryRecord(
    String park,
    DeviceRef device,
    long seq,
    Instant ts,
    Instant receivedAt,
    Map<String, Object> metrics) {

  public TelemetryRecord {
    Ids.require(park, "park");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(receivedAt, "receivedAt");
    metrics = Map.copyOf(metrics);
  }

  /** The record for {@code reading} of {@code device}, received now by a gateway. */
  public static TelemetryRecord of(
      String park, DeviceRef device, Reading reading, Instant receivedAt) {
    return new TelemetryRecord(
        park, device, reading.seq(), reading.ts(), receivedAt, reading.metrics());
  }
}
