package io.parkpulse.platform.devices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/**
 * What a kind of device reports: its telemetry points. Shared by a park's enterprises when {@code
 * enterpriseId} is null, else owned by one enterprise.
 */
@Entity
@Table(name = "device_profile")
public class DeviceProfile {
  @Id public String id;

  @Column(name = "park_id")
  public String parkId;

  @Column(name = "enterprise_id")
  public String enterpriseId;

  public String name;

  /**
   * JSON array of points, measured and derived (those with an {@code expression}), see {@link
   * ProfileService}.
   */
  @ColumnTransformer(read = "points::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String points;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Version public int version;
}
