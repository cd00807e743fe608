package io.parkpulse.platform.alarms;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A zone of a park, with the alarm rule of the same id that watches tracked devices against it:
 * entering a forbidden or hazard zone, or leaving a parking zone, opens an alarm.
 */
@Entity
@Table(name = "geofence")
public class Geofence {
  @Id public String id;

  @Column(name = "park_id")
  public String parkId;

  public String name;

  /** forbidden, hazard or parking. */
  public String kind;

  /** [longitude, latitude] corners, closed, as JSON. */
  @ColumnTransformer(read = "polygon::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String polygon;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
