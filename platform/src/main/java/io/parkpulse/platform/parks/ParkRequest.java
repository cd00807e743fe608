package io.parkpulse.platform.parks;

import java.util.List;

/** What a park is created or updated with; absent settings keep their default or value. */
public record ParkRequest(
    String id,
    String name,
    String timezone,
    Integer retentionDays,
    Integer hotDays,
    Integer maxDevices,
    Integer maxMessagesPerSecond,
    List<Shift> shiftCalendar) {}
