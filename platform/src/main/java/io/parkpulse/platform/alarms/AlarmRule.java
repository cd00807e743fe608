package io.parkpulse.platform.alarms;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A rule of a park (no enterprise: every enterprise of the park) or of one enterprise, on a point
 * kind or a point name, not both.
 */
@Entity
@Table(name = "alarm_rule")
public class AlarmRule {
  @Id public String id;

  @Column(name = "park_id")
  public String parkId;

  /** Null for a park-wide rule. */
  @Column(name = "enterprise_id")
  public String enterpriseId;

  public String name;

  @Column(name = "point_kind")
  public String pointKind;

  public String point;

  /** above, below or equals; inside or outside for a geofence's rule. */
  public String condition;

  public Double threshold;
  public String state;

  @Column(name = "for_seconds")
  public int forSeconds;

  public String severity;

  @Column(name = "sla_seconds")
  public int slaSeconds;

  public boolean enabled;

  /** The geofence a rule with condition inside or outside watches; null for other rules. */
  @Column(name = "geofence_id")
  public String geofenceId;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
