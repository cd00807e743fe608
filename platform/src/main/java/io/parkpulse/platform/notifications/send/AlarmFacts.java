package io.parkpulse.platform.notifications.send;

import java.time.Instant;
import java.time.ZoneId;

/**
 * An alarm as its notifications tell it.
 *
 * @param zone the park's time zone, in which times are written
 * @param link the portal's alarms page, or null when the portal's public address is not set
 * @param resolvedBy for a resolved notice, {@code cleared} or {@code closed}; else null
 * @param resolvedAt when it was cleared or closed; else null
 */
public record AlarmFacts(
    long alarm,
    String park,
    String parkName,
    String enterprise,
    String enterpriseName,
    String device,
    String deviceName,
    String rule,
    String ruleName,
    String point,
    String value,
    String severity,
    Instant openedAt,
    ZoneId zone,
    String link,
    String resolvedBy,
    Instant resolvedAt) {}
