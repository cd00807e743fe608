package io.parkpulse.platform.energy.accounting;

import java.util.Optional;

/**
 * An energy carrier: how it is measured and in which unit. Electricity and PV come from meters; the
 * others are declared by the enterprise month by month, because parks rarely meter gas, steam or
 * coal online.
 */
public enum Carrier {
  /** Metered consumption: {@code energy.active_kwh} counters. */
  ELECTRICITY("electricity", "kWh"),
  /** Generated on site: {@code energy.generated_kwh} counters. */
  PV("pv", "kWh"),
  /** Clean electricity bought (green certificates, 绿电 trading), declared monthly. */
  GREEN_POWER("green-power", "kWh"),
  NATURAL_GAS("natural-gas", "m3"),
  STEAM("steam", "t"),
  COAL("coal", "t");

  private final String id;
  private final String unit;

  Carrier(String id, String unit) {
    this.id = id;
    this.unit = unit;
  }

  /** The name stored in the database and shown in the API. */
  public String id() {
    return id;
  }

  public String unit() {
    return unit;
  }

  /** Whether quantities come from monthly declarations rather than meters. */
  public boolean declared() {
    return this != ELECTRICITY && this != PV;
  }

  public static Optional<Carrier> of(String id) {
    for (Carrier c : values()) {
      if (c.id.equals(id)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
