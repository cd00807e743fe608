package io.parkpulse.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A change of an alarm's state, on {@code parkpulse.{park}.alarms.v1} keyed {@code
 * {enterprise}/{device}}: {@value #RAISED} (opened, or raised again after it cleared), {@value
 * #CLEARED} (the condition no longer holds), {@value #ACKNOWLEDGED} and {@value #CLOSED} (by a
 * person), {@value #FLAPPING} (it changed too often: later changes are counted, not announced). An
 * enterprise's summary alarm, raised when its cap of open alarms is reached, has no device and no
 * rule; its key is {@code {enterprise}/}.
 *
 * @param alarm the alarm's id
 * @param change raised, cleared, acknowledged, closed or flapping
 * @param at when it changed
 * @param device null for a summary alarm
 * @param rule the rule that opened it; null for a summary alarm
 * @param severity info, warning or critical; null when not known to the writer
 * @param point the point names the rule reads
 * @param value what the points read at the change, as text
 * @param status open, acknowledged or closed, after the change
 * @param cleared whether the condition no longer holds, after the change
 * @param transitions how often the condition was raised or cleared on this alarm
 * @param suppressed changes counted but not announced: while flapping, or beyond the cap
 * @param by who acknowledged or closed it; null for other changes
 */
public record AlarmChange(
    long alarm,
    String change,
    Instant at,
    String park,
    String enterprise,
    String device,
    String rule,
    String severity,
    String point,
    String value,
    String status,
    boolean cleared,
    boolean flapping,
    boolean summary,
    int transitions,
    int suppressed,
    String by) {

  public static final String RAISED = "raised";
  public static final String CLEARED = "cleared";
  public static final String ACKNOWLEDGED = "acknowledged";
  public static final String CLOSED = "closed";
  public static final String FLAPPING = "flapping";

  public static final Set<String> CHANGES = Set.of(RAISED, CLEARED, ACKNOWLEDGED, CLOSED, FLAPPING);

  public AlarmChange {
    if (!CHANGES.contains(change)) {
      throw new IllegalArgumentException("alarm change '" + change + "' must be one of " + CHANGES);
    }
    Objects.requireNonNull(at, "at");
    Ids.require(park, "park");
    Ids.require(enterprise, "enterprise");
    if (device != null) {
      Ids.require(device, "device");
    }
    if ((device == null) != summary) {
      throw new IllegalArgumentException("a summary alarm has no device; any other alarm has one");
    }
  }

  /** The record's Kafka key: {@code {enterprise}/{device}}, {@code {enterprise}/} for a summary. */
  public String kafkaKey() {
    return enterprise + "/" + (device == null ? "" : device);
  }
}
