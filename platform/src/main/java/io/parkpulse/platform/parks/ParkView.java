package io.parkpulse.platform.parks;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.tenancy.Park;
import java.time.Instant;
import java.util.List;

/** A park as the API shows it. */
public record ParkView(
    String id,
    String name,
    String timezone,
    int retentionDays,
    int hotDays,
    int maxDevices,
    int maxMessagesPerSecond,
    List<Shift> shiftCalendar,
    Instant createdAt) {

  static final TypeReference<List<Shift>> SHIFTS = new TypeReference<>() {};

  static ParkView of(Park p) {
    return new ParkView(
        p.id,
        p.name,
        p.timezone,
        p.retentionDays,
        p.hotDays,
        p.maxDevices,
        p.maxMessagesPerSecond,
        Json.read(p.shiftCalendar, SHIFTS),
        p.createdAt);
  }
}
