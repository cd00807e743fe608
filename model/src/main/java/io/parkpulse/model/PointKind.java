package io.parkpulse.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a telemetry point means, so that indicators can be computed from any device that declares
 * it: a device profile on the platform and a point in the agent's configuration name one of these.
 */
public enum PointKind {
  /** Machine state: RUNNING, IDLE, DOWN or OFF. */
  MACHINE_STATE("machine.state"),
  /** Good parts produced, a monotonic counter. */
  COUNTER_GOOD("counter.good"),
  /** All parts produced, a monotonic counter. */
  COUNTER_TOTAL("counter.total"),
  /** Active energy in kWh, a monotonic counter. */
  ENERGY_ACTIVE_KWH("energy.active_kwh"),
  /**
   * Energy generated on site (photovoltaic) in kWh, a monotonic counter: clean energy the park's
   * enterprises consume.
   */
  ENERGY_GENERATED_KWH("energy.generated_kwh"),
  /** Active power in kW. */
  POWER_ACTIVE_KW("power.active_kw"),
  /** A temperature in degrees Celsius. */
  TEMPERATURE_C("temperature.c"),
  /** Latitude in decimal degrees (WGS 84 / CGCS2000), north positive, from a GNSS receiver. */
  POSITION_LAT("position.lat"),
  /** Longitude in decimal degrees (WGS 84 / CGCS2000), east positive, from a GNSS receiver. */
  POSITION_LON("position.lon"),
  /** The receiver's fix quality as NMEA GGA gives it: 0 none, 1 GNSS, 2 differential, 4 RTK. */
  POSITION_FIX_QUALITY("position.fix_quality"),
  /** Satellites used in the fix. */
  POSITION_SATELLITES("position.satellites"),
  /** Anything else. */
  GENERIC("generic");

  private final String id;

  PointKind(String id) {
    this.id = id;
  }

  /** The kind as written in profiles and configuration, e.g. {@code counter.good}. */
  public String id() {
    return id;
  }

  public static Optional<PointKind> of(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }
}
