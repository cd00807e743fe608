package io.parkpulse.platform.notifications;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * When a park's or an enterprise's level-{@code level} channels are told of an alarm still
 * unacknowledged: seconds after it opened, per severity; null for a severity: the alarm's SLA times
 * {@code level - 1}.
 */
@Entity
@Table(name = "escalation_level")
public class EscalationLevel {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "park_id")
  public String parkId;

  @Column(name = "enterprise_id")
  public String enterpriseId;

  public int level;

  @Column(name = "info_seconds")
  public Integer infoSeconds;

  @Column(name = "warning_seconds")
  public Integer warningSeconds;

  @Column(name = "critical_seconds")
  public Integer criticalSeconds;
}
