package io.parkpulse.platform.mu.ranking;

import java.util.List;

/**
 * One enterprise's place in the 亩均 ranking. An unclassified enterprise (inputs missing) has no
 * ratios, score, rank or grade, and {@code missing} says why.
 *
 * @param enterprise the enterprise id
 * @param name its name
 * @param taxPerMu taxes per 亩, in 10,000 yuan
 * @param salesPerMu sales per 亩, in 10,000 yuan
 * @param taxPerTce taxes per tce, in 10,000 yuan
 * @param score the weighted score, 2 decimals; 100 means the park's average on every indicator
 * @param rank competition rank (1, 2, 2, 4), among the classified enterprises
 * @param grade {@code A} to {@code D}
 * @param missing what is missing, e.g. {@code land area}, {@code energy}; empty when classified
 */
public record MuResult(
    String enterprise,
    String name,
    Double taxPerMu,
    Double salesPerMu,
    Double taxPerTce,
    Double score,
    Integer rank,
    String grade,
    List<String> missing) {

  public MuResult {
    missing = missing == null ? List.of() : List.copyOf(missing);
  }

  /** Whether the enterprise was ranked. */
  public boolean classified() {
    return score != null;
  }
}
