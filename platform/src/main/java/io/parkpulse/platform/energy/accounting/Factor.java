package io.parkpulse.platform.energy.accounting;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A conversion factor (kgce per unit) or an emission factor (kgCO2 per unit). Rows are never
 * changed, only added: a figure computed last year can always name the factor it used.
 *
 * @param park the park it applies to, or null
 * @param province the province it applies to, or null for the national default
 * @param validFrom the first day it applies to
 * @param source where the value comes from, and how it was derived if it was
 */
public record Factor(
    long id,
    Kind kind,
    Carrier carrier,
    String park,
    String province,
    LocalDate validFrom,
    double value,
    String unit,
    String source) {

  /** What a factor converts to; stored lower-case ({@code tce}, {@code co2}). */
  public enum Kind {
    /** kgce per unit of the carrier. */
    TCE,
    /** kgCO2 per unit of the carrier. */
    CO2;

    /** The stored name: {@code tce} or {@code co2}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Kind> of(String id) {
      for (Kind k : values()) {
        if (k.id().equals(id)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  public Factor {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(carrier, "carrier");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(source, "source");
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException("a factor is a finite, non-negative number: " + value);
    }
  }
}
