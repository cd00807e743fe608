package io.parkpulse.platform.energy.accounting;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the factor that applies to a park on a day: the most specific (park, then province, then
 * national), then the latest {@code validFrom} on or before the day, then the highest id, so that a
 * row added later to correct an earlier one wins.
 */
public final class FactorTable {

  private static final int NO_MATCH = -1;

  private final List<Factor> factors;

  public FactorTable(List<Factor> factors) {
    this.factors = List.copyOf(factors);
  }

  public List<Factor> factors() {
    return factors;
  }

  public Optional<Factor> pick(
      Factor.Kind kind, Carrier carrier, String park, String province, LocalDate day) {
    return factors.stream()
        .filter(f -> f.kind() == kind && f.carrier() == carrier && !f.validFrom().isAfter(day))
        .filter(f -> specificity(f, park, province) != NO_MATCH)
        .max(
            Comparator.<Factor>comparingInt(f -> specificity(f, park, province))
                .thenComparing(Factor::validFrom)
                .thenComparingLong(Factor::id));
  }

  /** 2 for the park's own row, 1 for its province's, 0 for a national one, else no match. */
  private static int specificity(Factor f, String park, String province) {
    if (f.park() != null) {
      return f.park().equals(park) ? 2 : NO_MATCH;
    }
    if (f.province() != null) {
      return f.province().equals(province) ? 1 : NO_MATCH;
    }
    return 0;
  }
}
