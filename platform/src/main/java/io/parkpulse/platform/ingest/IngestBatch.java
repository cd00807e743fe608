package io.parkpulse.platform.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.TelemetryRecord;
import java.util.List;

/**
 * What one or more polls brought that is valid: stored in one transaction.
 *
 * @param readings telemetry records
 * @param metricsJson each reading's metrics as UTF-8 JSON, in the order of {@code readings}
 * @param events device events
 */
public record IngestBatch(
    List<TelemetryRecord> readings, List<byte[]> metricsJson, List<DeviceEvent> events) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public IngestBatch {
    readings = List.copyOf(readings);
    metricsJson = List.copyOf(metricsJson);
    events = List.copyOf(events);
    if (metricsJson.size() != readings.size()) {
      throw new IllegalArgumentException("one metrics JSON per reading");
    }
  }

  /** A batch of readings whose metrics JSON is encoded from their metrics. */
  public IngestBatch(List<TelemetryRecord> readings, List<DeviceEvent> events) {
    this(readings, readings.stream().map(IngestBatch::json).toList(), events);
  }

  public boolean isEmpty() {
    return readings.isEmpty() && events.isEmpty();
  }

  private static byte[] json(TelemetryRecord reading) {
    try {
      return JSON.writeValueAsBytes(reading.metrics());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain values always serialise", e);
    }
  }
}
