package io.parkpulse.platform.devices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A machine, meter or controller of an enterprise, with its gateway credential. */
@Entity
@Table(name = "device")
public class Device {
  @Id public String id;

  @Column(name = "enterprise_id")
  public String enterpriseId;

  @Column(name = "park_id")
  public String parkId;

  public String name;
  public String type;

  @Column(name = "profile_id")
  public String profileId;

  public String site;
  public String line;

  @Column(name = "rated_power_kw")
  public Double ratedPowerKw;

  public String criticality;

  /** JSON array of the device ids this device may publish for. */
  @Column(name = "gateway_for")
  @ColumnTransformer(read = "gateway_for::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String gatewayFor;

  /** Ideal seconds per part, for OEE performance; null if not known. */
  @Column(name = "ideal_cycle_seconds")
  public Double idealCycleSeconds;

  @Column(name = "max_messages_per_second")
  public Integer maxMessagesPerSecond;

  public boolean enabled;

  /** PBKDF2 hash of the secret; the secret itself is shown once and never stored. */
  @Column(name = "secret_hash")
  public String secretHash;

  @Column(name = "secret_rotated_at")
  public Instant secretRotatedAt;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Version public int version;
}
