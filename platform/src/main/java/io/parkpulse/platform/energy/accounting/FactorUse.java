package io.parkpulse.platform.energy.accounting;

import java.time.LocalDate;

/** A factor a figure was computed with, named by its row so the figure can be traced. */
public record FactorUse(
    Carrier carrier,
    Factor.Kind kind,
    long factorId,
    double value,
    String unit,
    String source,
    LocalDate validFrom) {

  public static FactorUse of(Factor f) {
    return new FactorUse(
        f.carrier(), f.kind(), f.id(), f.value(), f.unit(), f.source(), f.validFrom());
  }
}
