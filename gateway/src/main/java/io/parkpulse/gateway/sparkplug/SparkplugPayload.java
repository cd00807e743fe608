package io.parkpulse.gateway.sparkplug;

import java.util.List;

/**
 * The parts of a Sparkplug B {@code Payload} the gateway reads.
 *
 * @param timestamp milliseconds since the epoch when the edge node sent it, or null
 * @param seq the edge node's message sequence number (0 to 255), or null (an {@code NDEATH} has
 *     none)
 * @param metrics the metrics, in the order sent
 * @param hasBody whether the payload carried an opaque {@code body}, which the gateway does not map
 */
public record SparkplugPayload(
    Long timestamp, Long seq, List<SparkplugMetric> metrics, boolean hasBody) {

  public SparkplugPayload {
    metrics = List.copyOf(metrics);
  }
}
