package io.parkpulse.platform.maturity.declarations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** An enterprise's declaration of a MIIT item: a scenario's level or a base item's points. */
@Entity
@Table(name = "miit_declaration")
@IdClass(MiitDeclaration.Key.class)
public class MiitDeclaration extends Declaration<Double> {

  @Id
  @Column(name = "enterprise_id")
  public String enterpriseId;

  @Id public String item;

  public double value;

  MiitDeclaration() {}

  MiitDeclaration(String enterpriseId, String item) {
    this.enterpriseId = enterpriseId;
    this.item = item;
  }

  @Override
  public String enterprise() {
    return enterpriseId;
  }

  @Override
  public String key() {
    return item;
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
    public String enterpriseId;
    public String item;

    public Key() {}

    Key(String enterpriseId, String item) {
      this.enterpriseId = enterpriseId;
      this.item = item;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(enterpriseId, k.enterpriseId)
          && Objects.equals(item, k.item);
    }

    @Override
    public int hashCode() {
      return Objects.hash(enterpriseId, item);
    }
  }
}
