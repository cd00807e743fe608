package io.parkpulse.platform.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A company in a park. */
@Entity
@Table(name = "enterprise")
public class Enterprise {
  @Id public String id;

  @Column(name = "park_id")
  public String parkId;

  public String name;
  public String industry;
  public String size;

  /** JSON array of sites with their lines, see {@code Site} of the enterprises API. */
  @ColumnTransformer(read = "sites::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String sites;

  /**
   * PEM of the CA certificates its devices' client certificates chain to, or null: see the
   * enterprise's trust anchor API.
   */
  @Column(name = "trust_anchor")
  public String trustAnchor;

  /** The enterprise's own limits; null or unset fields: its park's defaults. */
  @Embedded public LimitSettings limits;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  @Version public int version;
}
