package io.parkpulse.platform.ingest;

import io.parkpulse.model.DeviceEvent;
import io.parkpulse.model.TelemetryRecord;
import java.util.List;

/**
 * What one poll brought that is valid: stored in one transaction.
 *
 * @param readings telemetry records
 * @param events device events
 */
public record IngestBatch(List<TelemetryRecord> readings, List<DeviceEvent> events) {

  public IngestBatch {
    readings = List.copyOf(readings);
    events = List.copyOf(events);
  }

  public boolean isEmpty() {
    return readings.isEmpty() && events.isEmpty();
  }
}
