package io.parkpulse.platform.policy;

import io.parkpulse.platform.maturity.declarations.Declaration;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * What a park's operator declares for a KPI that data cannot show, with the lifecycle of every
 * declaration: pending until verified (here by a platform admin).
 */
@Entity
@Table(name = "policy_declaration")
@IdClass(PolicyDeclaration.Key.class)
public class PolicyDeclaration extends Declaration<Double> {

  @Id
  @Column(name = "park_id")
  public String parkId;

  @Id public String kpi;

  public double value;

  PolicyDeclaration() {}

  PolicyDeclaration(String parkId, String kpi) {
    this.parkId = parkId;
    this.kpi = kpi;
  }

  /** A park's declaration belongs to no enterprise. */
  @Override
  public String enterprise() {
    return null;
  }

  @Override
  public String key() {
    return kpi;
  }

  @Override
  public Double value() {
    return value;
  }

  @Override
  protected void setValue(Double value) {
    this.value = value;
  }

  /** The composite key. */
  public static class Key implements Serializable {
    public String parkId;
    public String kpi;

    public Key() {}

    Key(String parkId, String kpi) {
      this.parkId = parkId;
      this.kpi = kpi;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(parkId, k.parkId) && Objects.equals(kpi, k.kpi);
    }

    @Override
    public int hashCode() {
      return Objects.hash(parkId, kpi);
    }
  }
}
