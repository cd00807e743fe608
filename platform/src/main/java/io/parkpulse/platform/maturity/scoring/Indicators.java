package io.parkpulse.platform.maturity.scoring;

import java.util.Map;

/**
 * The indicators a catalog may name, computed from evidence, never typed in (docs/maturity.md).
 * Each is a ratio between 0 and 1 except {@code O9}, a count.
 */
public final class Indicators {

  /** Indicator id to what it measures. */
  public static final Map<String, String> KNOWN =
      Map.ofEntries(
          Map.entry("O1", "equipment connectivity: assets with a valid message in 7 days / assets"),
          Map.entry("O2", "registry completeness: assets with type, rated power and criticality"),
          Map.entry("O3", "data completeness: received / expected samples"),
          Map.entry("O4", "data freshness: hourly probes with a fresh last value"),
          Map.entry("O5", "energy-metering coverage: rated kW with energy telemetry / rated kW"),
          Map.entry("O6", "OEE coverage: critical assets with computable OEE on 90% of shifts"),
          Map.entry("O7", "alarm closed-loop rate: alarms acknowledged within SLA and closed"),
          Map.entry("O9", "integration breadth: distinct systems that exchanged data"),
          Map.entry("O10", "secure connectivity: sessions over TLS with per-device credentials"),
          Map.entry("O11", "automatic production reporting: machine-counted / reported output"),
          Map.entry(
              "E1", "energy monitoring: meter-days with 90% of 15-minute values / meter-days"),
          Map.entry("gateway-uptime", "share of the window the enterprise's gateway was online"));

  private Indicators() {}
}
