package io.parkpulse.agent.collect.gnss;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * An NMEA 0183 sentence the GNSS collector uses, as {@link NmeaParser} reads it. Positions are in
 * decimal degrees, north and east positive; a value the receiver left empty is null.
 */
sealed interface NmeaSentence {

  /** The talker: {@code BD} or {@code GB} (BeiDou), {@code GN} (several systems), {@code GP}. */
  String talker();

  /** A position in decimal degrees. */
  record LatLon(double lat, double lon) {}

  /**
   * GGA, the fix: where, how, with how many satellites.
   *
   * @param time UTC time of the fix, or null
   * @param position null without a fix (quality 0 or no latitude and longitude)
   * @param quality 0 no fix, 1 GNSS, 2 differential, 4 RTK fixed, 5 RTK float, 6 dead reckoning
   * @param satellites satellites used, or null
   * @param hdop horizontal dilution of precision, or null
   * @param altitude metres above mean sea level, or null
   */
  record Gga(
      String talker,
      LocalTime time,
      LatLon position,
      int quality,
      Integer satellites,
      Double hdop,
      Double altitude)
      implements NmeaSentence {}

  /**
   * RMC, the recommended minimum: position, speed and course, valid or not.
   *
   * @param time UTC time, or null
   * @param valid status A (and a mode other than N); V is a warning: no usable fix
   * @param position null unless valid and given
   * @param speedKnots speed over ground in knots, or null
   * @param course course over ground in degrees from true north, or null
   * @param date UTC date, or null
   */
  record Rmc(
      String talker,
      LocalTime time,
      boolean valid,
      LatLon position,
      Double speedKnots,
      Double course,
      LocalDate date)
      implements NmeaSentence {}

  /**
   * GSA, the satellites in use and the precision. A multi-system receiver sends one per system, and
   * a system with no satellite in use may say fix type 1 while the others have a fix, so a GSA
   * alone never decides whether there is a fix.
   *
   * @param automatic mode A (the receiver chooses 2D or 3D), not M (manual)
   * @param fixType 1 none, 2 2D, 3 3D
   * @param pdop position dilution of precision, or null
   * @param hdop horizontal, or null
   * @param vdop vertical, or null
   */
  record Gsa(String talker, boolean automatic, int fixType, Double pdop, Double hdop, Double vdop)
      implements NmeaSentence {}
}
