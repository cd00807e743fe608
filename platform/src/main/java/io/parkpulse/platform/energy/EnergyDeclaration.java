package io.parkpulse.platform.energy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** What an enterprise declares of one energy carrier for one month. */
@Entity
@Table(name = "energy_declaration")
@IdClass(EnergyDeclaration.Key.class)
public class EnergyDeclaration {

  @Id
  @Column(name = "enterprise_id")
  public String enterpriseId;

  /** The month's first day. */
  @Id public LocalDate month;

  @Id public String carrier;

  public double quantity;

  /** Where the quantity comes from: an invoice, a certificate number. */
  public String source;

  @Column(name = "declared_by")
  public String declaredBy;

  @Column(name = "declared_at")
  public Instant declaredAt;

  @Version public int version;

  /** The composite key. */
  public static class Key implements Serializable {
    public String enterpriseId;
    public LocalDate month;
    public String carrier;

    public Key() {}

    Key(String enterpriseId, LocalDate month, String carrier) {
      this.enterpriseId = enterpriseId;
      this.month = month;
      this.carrier = carrier;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(enterpriseId, k.enterpriseId)
          && Objects.equals(month, k.month)
          && Objects.equals(carrier, k.carrier);
    }

    @Override
    public int hashCode() {
      return Objects.hash(enterpriseId, month, carrier);
    }
  }
}
