package io.parkpulse.platform.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A person who signs in to the portal or the API. */
@Entity
@Table(name = "app_user")
public class AppUser {
  @Id public String id;

  @Column(name = "display_name")
  public String displayName;

  @Column(name = "password_hash")
  public String passwordHash;

  public String role;

  @Column(name = "park_id")
  public String parkId;

  @Column(name = "enterprise_id")
  public String enterpriseId;

  public boolean enabled;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Version public int version;
}
