package io.parkpulse.platform.notifications.send;

import java.time.Instant;
import java.time.ZoneId;

/**
 * An alarm as its notifications tell it.
 *
 * @param device the device, or null for an enterprise's summary alarm
 * @param rule the rule, or null for an enterprise's summary alarm
 * @param severity the rule's severity; {@code critical} for a summary alarm
 * @param zone the park's time zone, in which times are written
 * @param link the portal's alarms page, or null when the portal's public address is not set
 * @param resolvedBy for a resolved notice, {@code cleared} or {@code closed}; else null
 * @param resolvedAt when it was cleared or closed; else null
 * @param round the round of the alarm told: 1 from when it opened, one more each time it was raised
 *     again after it had cleared
 * @param raisedAt when the round began (for round 1, when the alarm opened)
 * @param summary the enterprise's summary alarm: its cap of open alarms was reached
 * @param suppressed for a summary alarm, the changes counted on it instead of opening alarms
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
    Instant resolvedAt,
    int round,
    Instant raisedAt,
    boolean summary,
    int suppressed) {}
