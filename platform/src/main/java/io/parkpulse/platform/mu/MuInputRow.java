package io.parkpulse.platform.mu;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** What the park's operator enters for an enterprise's year: land, tax and sales. */
@Entity
@Table(name = "mu_input")
@IdClass(MuInputRow.Key.class)
public class MuInputRow {

  @Id
  @Column(name = "enterprise_id")
  public String enterpriseId;

  @Id public int year;

  @Column(name = "land_mu")
  public Double landMu;

  @Column(name = "tax_10k_yuan")
  public Double tax10kYuan;

  @Column(name = "sales_10k_yuan")
  public Double sales10kYuan;

  @Column(name = "declared_by")
  public String declaredBy;

  @Column(name = "declared_at")
  public Instant declaredAt;

  @Version public int version;

  /** The composite key. */
  public static class Key implements Serializable {
    public String enterpriseId;
    public int year;

    public Key() {}

    Key(String enterpriseId, int year) {
      this.enterpriseId = enterpriseId;
      this.year = year;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(enterpriseId, k.enterpriseId) && year == k.year;
    }

    @Override
    public int hashCode() {
      return Objects.hash(enterpriseId, year);
    }
  }
}
