package io.parkpulse.platform.alarms;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An alarm a rule opened on one point of one device; opened by the evaluator, acknowledged and
 * closed by people, marked cleared when the condition no longer holds.
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

  /** Open, acknowledged or closed. */
  public String status() {
    return closedAt != null ? "closed" : acknowledgedAt != null ? "acknowledged" : "open";
  }
}
