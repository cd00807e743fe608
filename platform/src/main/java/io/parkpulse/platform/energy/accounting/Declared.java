package io.parkpulse.platform.energy.accounting;

import java.time.YearMonth;
import java.util.Objects;

/**
 * A monthly declaration of a carrier that is not metered online: green power bought, natural gas,
 * steam or coal, in the carrier's unit.
 *
 * @param source what the enterprise cites (an invoice, a certificate number)
 */
public record Declared(
    String enterprise, YearMonth month, Carrier carrier, double quantity, String source) {

  public Declared {
    Objects.requireNonNull(enterprise, "enterprise");
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(carrier, "carrier");
    if (!carrier.declared()) {
      throw new IllegalArgumentException(carrier.id() + " is metered, not declared");
    }
    if (!Double.isFinite(quantity) || quantity < 0) {
      throw new IllegalArgumentException("a declared quantity is finite and >= 0: " + quantity);
    }
  }
}
