package io.parkpulse.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One reading as a device publishes it on {@code telemetry}: a per-device sequence number, the time
 * it was taken and its metric values.
 *
 * @param seq per-device monotonic counter; the platform drops duplicates and reports gaps by it
 * @param ts when the device took the reading
 * @param metrics metric name to value: a number, a string or a boolean
 */
public record Reading(long seq, Instant ts, Map<String, Object> metrics) {

  public Reading {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, was " + seq);
    }
    Objects.requireNonNull(ts, "ts");
    metrics = Map.copyOf(metrics);
  }
}
