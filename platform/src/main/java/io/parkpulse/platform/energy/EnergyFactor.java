package io.parkpulse.platform.energy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A conversion or emission factor as stored: written once, never changed, so that the figures that
 * name it keep meaning what they meant.
 */
@Entity
@Table(name = "energy_factor")
public class EnergyFactor {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** {@code tce} or {@code co2}. */
  public String kind;

  public String carrier;

  /** The park it applies to, or null for every park of its province (or the country). */
  @Column(name = "park_id")
  public String parkId;

  /** The province it applies to, or null for the whole country. */
  public String province;

  @Column(name = "valid_from")
  public LocalDate validFrom;

  public double value;

  public String unit;

  public String source;

  @Column(name = "created_by")
  public String createdBy;

  @Column(name = "created_at")
  public Instant createdAt;
}
