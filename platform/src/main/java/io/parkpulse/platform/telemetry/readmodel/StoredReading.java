package io.parkpulse.platform.telemetry.readmodel;

import java.time.Instant;
import java.util.Map;

/**
 * A reading as the API returns it.
 *
 * @param seq the device's sequence number
 * @param ts when the device took it
 * @param receivedAt when the gateway received it
 * @param metrics metric name to value
 */
public record StoredReading(
    long seq, Instant ts, Instant receivedAt, Map<String, Object> metrics) {}
