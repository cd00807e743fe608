package io.parkpulse.platform.energy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A park's energy settings: its province, the 零碳园区 core thresholds, and the 亩均 weights and shares
 * (null where it keeps the default).
 */
@Entity
@Table(name = "park_energy_settings")
public class ParkEnergySettings {

  @Id
  @Column(name = "park_id")
  public String parkId;

  public String province;

  @Column(name = "core_threshold")
  public double coreThreshold;

  @Column(name = "large_threshold")
  public double largeThreshold;

  @Column(name = "large_park_tce")
  public double largeParkTce;

  @Column(name = "mu_tax_weight")
  public Double muTaxWeight;

  @Column(name = "mu_sales_weight")
  public Double muSalesWeight;

  @Column(name = "mu_energy_weight")
  public Double muEnergyWeight;

  @Column(name = "mu_share_a")
  public Double muShareA;

  @Column(name = "mu_share_b")
  public Double muShareB;

  @Column(name = "mu_share_d")
  public Double muShareD;

  @Column(name = "mu_cap")
  public Double muCap;

  @Column(name = "updated_by")
  public String updatedBy;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Version public int version;
}
