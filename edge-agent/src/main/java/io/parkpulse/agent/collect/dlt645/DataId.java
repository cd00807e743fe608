package io.parkpulse.agent.collect.dlt645;

import io.parkpulse.model.PointKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The DL/T 645-2007 data identifiers the agent reads, with what each means: the identifier (DI3 DI2
 * DI1 DI0 as the standard writes it, e.g. {@code 00010000}), a point name to suggest, the unit, the
 * ParkPulse point kind and the BCD format of the value.
 *
 * <p>Two identifiers have the kind {@code energy.active_kwh}: a device normally declares only one
 * point of that kind, and the configuration chooses which (combined for most meters, forward for a
 * meter that also counts exported energy).
 */
public enum DataId {
  /** Combined active energy, total; its top bit is a sign (the standard allows a net negative). */
  COMBINED_ACTIVE_ENERGY(
      0x00000000,
      "combined active energy, total",
      "energy_kwh",
      "kWh",
      PointKind.ENERGY_ACTIVE_KWH,
      new BcdFormat(4, 2, true)),
  /** Forward (imported) active energy, total. */
  FORWARD_ACTIVE_ENERGY(
      0x00010000,
      "forward active energy, total",
      "forward_energy_kwh",
      "kWh",
      PointKind.ENERGY_ACTIVE_KWH,
      new BcdFormat(4, 2, false)),
  /** Reverse (exported) active energy, total. */
  REVERSE_ACTIVE_ENERGY(
      0x00020000,
      "reverse active energy, total",
      "reverse_energy_kwh",
      "kWh",
      PointKind.GENERIC,
      new BcdFormat(4, 2, false)),
  VOLTAGE_A(0x02010100, "phase A voltage", "voltage_a_v", "V", PointKind.GENERIC, Formats.VOLTAGE),
  VOLTAGE_B(0x02010200, "phase B voltage", "voltage_b_v", "V", PointKind.GENERIC, Formats.VOLTAGE),
  VOLTAGE_C(0x02010300, "phase C voltage", "voltage_c_v", "V", PointKind.GENERIC, Formats.VOLTAGE),
  CURRENT_A(0x02020100, "phase A current", "current_a_a", "A", PointKind.GENERIC, Formats.CURRENT),
  CURRENT_B(0x02020200, "phase B current", "current_b_a", "A", PointKind.GENERIC, Formats.CURRENT),
  CURRENT_C(0x02020300, "phase C current", "current_c_a", "A", PointKind.GENERIC, Formats.CURRENT),
  /** Total active power; negative when the site exports. */
  ACTIVE_POWER(
      0x02030000,
      "total active power",
      "active_power_kw",
      "kW",
      PointKind.POWER_ACTIVE_KW,
      Formats.POWER),
  ACTIVE_POWER_A(
      0x02030100,
      "phase A active power",
      "active_power_a_kw",
      "kW",
      PointKind.GENERIC,
      Formats.POWER),
  ACTIVE_POWER_B(
      0x02030200,
      "phase B active power",
      "active_power_b_kw",
      "kW",
      PointKind.GENERIC,
      Formats.POWER),
  ACTIVE_POWER_C(
      0x02030300,
      "phase C active power",
      "active_power_c_kw",
      "kW",
      PointKind.GENERIC,
      Formats.POWER),
  POWER_FACTOR(
      0x02060000,
      "total power factor",
      "power_factor",
      "",
      PointKind.GENERIC,
      Formats.POWER_FACTOR),
  POWER_FACTOR_A(
      0x02060100,
      "phase A power factor",
      "power_factor_a",
      "",
      PointKind.GENERIC,
      Formats.POWER_FACTOR),
  POWER_FACTOR_B(
      0x02060200,
      "phase B power factor",
      "power_factor_b",
      "",
      PointKind.GENERIC,
      Formats.POWER_FACTOR),
  POWER_FACTOR_C(
      0x02060300,
      "phase C power factor",
      "power_factor_c",
      "",
      PointKind.GENERIC,
      Formats.POWER_FACTOR),
  FREQUENCY(
      0x02800002,
      "grid frequency",
      "frequency_hz",
      "Hz",
      PointKind.GENERIC,
      new BcdFormat(2, 2, false));

  private final int di;
  private final String description;
  private final String pointName;
  private final String unit;
  private final PointKind kind;
  private final BcdFormat format;

  DataId(
      int di, String description, String pointName, String unit, PointKind kind, BcdFormat format) {
    this.di = di;
    this.description = description;
    this.pointName = pointName;
    this.unit = unit;
    this.kind = kind;
    this.format = format;
  }

  /** The identifier as a number, DI3 in the top byte: {@code 0x00010000}. */
  public int di() {
    return di;
  }

  /** The identifier as the standard and meter manuals write it, e.g. {@code 02010100}. */
  public String hex() {
    return hex(di);
  }

  /** What the value is, e.g. {@code phase A voltage}. */
  public String description() {
    return description;
  }

  /** The point name to suggest in a configuration, e.g. {@code voltage_a_v}. */
  public String pointName() {
    return pointName;
  }

  /** The unit of the engineering value, or empty for a ratio such as a power factor. */
  public String unit() {
    return unit;
  }

  /** The ParkPulse point kind of the value. */
  public PointKind kind() {
    return kind;
  }

  /** How the meter writes the value. */
  public BcdFormat format() {
    return format;
  }

  /** The identifier with the number {@code di}, if the agent knows it. */
  public static Optional<DataId> of(int di) {
    return Arrays.stream(values()).filter(d -> d.di == di).findFirst();
  }

  /** The identifier written as 8 hex digits ({@code 00010000}), if the agent knows it. */
  public static Optional<DataId> parse(String hex) {
    if (hex == null || !hex.matches("[0-9A-Fa-f]{8}")) {
      return Optional.empty();
    }
    return of(Integer.parseUnsignedInt(hex, 16));
  }

  /** Any identifier as 8 hex digits, DI3 first. */
  static String hex(int di) {
    return String.format(Locale.ROOT, "%08X", di);
  }

  @Override
  public String toString() {
    return hex() + " (" + description + ")";
  }

  /** Formats shared by several identifiers (an enum cannot refer to its own static fields). */
  private static final class Formats {
    static final BcdFormat VOLTAGE = new BcdFormat(2, 1, false);
    static final BcdFormat CURRENT = new BcdFormat(3, 3, true);
    static final BcdFormat POWER = new BcdFormat(3, 4, true);
    static final BcdFormat POWER_FACTOR = new BcdFormat(2, 3, true);
  }
}
