package io.parkpulse.platform.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A login session or a long-lived API token; only the token's SHA-256 is kept. */
@Entity
@Table(name = "api_token")
public class ApiToken {
  @Id public String id;
  public String kind;
  public String name;

  @Column(name = "token_hash")
  public String tokenHash;

  @Column(name = "user_id")
  public String userId;

  public String role;

  @Column(name = "park_id")
  public String parkId;

  @Column(name = "enterprise_id")
  public String enterpriseId;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "expires_at")
  public Instant expiresAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  /** Set by {@link TokenRepository#touch}, at most once a minute. */
  @Column(name = "last_used_at", insertable = false)
  public Instant lastUsedAt;

  @Version public int version;
}
