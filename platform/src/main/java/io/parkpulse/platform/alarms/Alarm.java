package io.parkpulse.platform.alarms;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An alarm a rule opened on one device; opened by the rule engine, acknowledged and closed by
 * people, marked cleared when the condition no longer holds and raised again if it comes back
 * before someone closes it. A summary alarm (no rule, no device) stands for the alarms an
 * enterprise's cap of open alarms kept from opening.
 */
@Entity
@Table(name = "alarm")
public class Alarm {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "rule_id")
  public String ruleId;

  @Column(name = "park_id")
  public String parkId;

  @Column(name = "enterprise_id")
  public String enterpriseId;

  @Column(name = "device_id")
  public String deviceId;

  public String point;

  /** The value that made the condition hold, as text. */
  public String value;

  @Column(name = "opened_at")
  public Instant openedAt;

  @Column(name = "sla_seconds")
  public int slaSeconds;

  @Column(name = "acknowledged_at")
  public Instant acknowledgedAt;

  @Column(name = "acknowledged_by")
  public String acknowledgedBy;

  @Column(name = "closed_at")
  public Instant closedAt;

  @Column(name = "closed_by")
  public String closedBy;

  @Column(name = "cleared_at")
  public Instant clearedAt;

  /** How often the condition was raised or cleared on this alarm, the opening included. */
  public int transitions;

  /** It changed too often: later changes are counted in {@link #suppressed}, not announced. */
  public boolean flapping;

  /** Changes counted but not announced: while flapping, or, on a summary, beyond the cap. */
  public int suppressed;

  /** The enterprise's summary alarm for its cap of open alarms. */
  public boolean summary;

  /** Open, acknowledged or closed. */
  public String status() {
    return closedAt != null ? "closed" : acknowledgedAt != null ? "acknowledged" : "open";
  }
}
