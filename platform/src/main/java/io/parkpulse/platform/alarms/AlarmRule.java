package io.parkpulse.platform.alarms;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A rule of a park (no enterprise: every enterprise of the park) or of one enterprise, optionally
 * narrowed to one device or one device profile. Its condition is either in the first form (a point
 * kind or a point name, not both, with above, below or equals) or a {@code when} tree.
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

  /** above, below or equals; inside or outside for a geofence's rule; null with a tree. */
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

  /** The condition as a {@code when} tree (JSON), or null for the first form. */
  @Column(name = "when_tree")
  @ColumnTransformer(read = "when_tree::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String whenTree;

  /** Only this device, or null. */
  @Column(name = "device_id")
  public String deviceId;

  /** Only devices of this profile, or null. */
  @Column(name = "profile_id")
  public String profileId;

  /** Changes within the flapping window that make an alarm flapping; null for the default. */
  @Column(name = "flap_transitions")
  public Integer flapTransitions;

  /** The flapping window in seconds; null for the default. */
  @Column(name = "flap_window_seconds")
  public Integer flapWindowSeconds;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
