package io.parkpulse.agent.collect;

import io.parkpulse.model.PointKind;
import io.parkpulse.model.TelemetryCodec;

/**
 * What every configured point declares, matching the platform's device profile.
 *
 * @param name the metric name in the telemetry, e.g. {@code power_kw}
 * @param unit its unit, e.g. {@code kW}; empty if none
 * @param kind what it means, for the platform's indicators
 */
public record PointSpec(String name, String unit, PointKind kind) {

  public PointSpec {
    if (!TelemetryCodec.isMetricName(name)) {
      throw new IllegalArgumentException(
          "point name '" + name + "' must match " + TelemetryCodec.METRIC_NAME.pattern());
    }
    unit = unit == null ? "" : unit;
    kind = kind == null ? PointKind.GENERIC : kind;
  }
}
