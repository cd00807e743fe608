package io.parkpulse.platform.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * The id of a deleted park or enterprise. Its history (telemetry, rollups, assessments, alarms,
 * audit) stays where it was written, so the id is never handed out again: a new tenant with it
 * would see its predecessor's records.
 */
@Entity
@Table(name = "retired_id")
@IdClass(RetiredId.Key.class)
public class RetiredId {

  /** {@code park} or {@code enterprise}. */
  @Id public String kind;

  @Id public String id;

  /** The park the id belonged to. */
  @Column(name = "park_id")
  public String parkId;

  @Column(name = "retired_at")
  public Instant retiredAt;

  /** The composite key. */
  public static class Key implements Serializable {
    public String kind;
    public String id;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(kind, k.kind) && Objects.equals(id, k.id);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, id);
    }
  }
}
