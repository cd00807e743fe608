package io.parkpulse.devstack.gnss;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;

/**
 * NMEA 0183 sentences as a GNSS receiver writes them, with their checksums, for tests: {@code
 * $ttSSS,fields*hh} where tt is the talker ({@code GN}, {@code BD}, {@code GP}...), SSS the type
 * and hh the XOR of every character between {@code $} and {@code *} in two hex digits. Lines are
 * returned without their line break ({@code \r\n} on the wire).
 */
public final class NmeaSentences {

  private NmeaSentences() {}

  /** {@code $body*hh}. */
  public static String sentence(String body) {
    return "$" + body + "*" + checksum(body);
  }

  /** The checksum of {@code body}, the characters between {@code $} and {@code *}. */
  public static String checksum(String body) {
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      sum ^= body.charAt(i);
    }
    return String.format("%02X", sum);
  }

  /** {@code sentence} with its checksum changed: what a line disturbed by noise delivers. */
  public static String withBadChecksum(String sentence) {
    int star = sentence.lastIndexOf('*');
    int sum = Integer.parseInt(sentence.substring(star + 1), 16);
    return sentence.substring(0, star + 1) + String.format("%02X", sum ^ 0x5A);
  }

  /** A GGA with a fix: quality 1 (GNSS), 2 (differential) or 4 (RTK). */
  public static String gga(
      String talker,
      LocalTime utc,
      LatLon at,
      int quality,
      int satellites,
      double hdop,
      double altitude) {
    return sentence(
        String.format(
            Locale.ROOT,
            "%sGGA,%s,%s,%d,%02d,%.1f,%.1f,M,-3.2,M,,",
            talker,
            time(utc),
            position(at),
            quality,
            satellites,
            hdop,
            altitude));
  }

  /** A GGA without a fix: quality 0, no position. */
  public static String ggaNoFix(String talker, LocalTime utc, int satellites) {
    return sentence(
        String.format(
            Locale.ROOT, "%sGGA,%s,,,,,0,%02d,99.99,,,,,,", talker, time(utc), satellites));
  }

  /** An RMC with status A; speed over ground in knots, course in degrees from true north. */
  public static String rmc(
      String talker, LocalTime utc, LocalDate date, LatLon at, double knots, double course) {
    return sentence(
        String.format(
            Locale.ROOT,
            "%sRMC,%s,A,%s,%.3f,%.1f,%s,,,A",
            talker,
            time(utc),
            position(at),
            knots,
            course,
            date(date)));
  }

  /** An RMC with status V (warning: no fix) and mode N. */
  public static String rmcNoFix(String talker, LocalTime utc, LocalDate date) {
    return sentence(
        String.format(Locale.ROOT, "%sRMC,%s,V,,,,,,,%s,,,N", talker, time(utc), date(date)));
  }

  /**
   * A GSA, automatic mode.
   *
   * @param fixType 1 none, 2 2D, 3 3D
   * @param satellites the PRNs in use, at most 12
   */
  public static String gsa(
      String talker, int fixType, int[] satellites, double pdop, double hdop, double vdop) {
    StringBuilder prns = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      prns.append(',');
      if (i < satellites.length) {
        prns.append(String.format(Locale.ROOT, "%02d", satellites[i]));
      }
    }
    return sentence(
        String.format(
            Locale.ROOT, "%sGSA,A,%d%s,%.1f,%.1f,%.1f", talker, fixType, prns, pdop, hdop, vdop));
  }

  /** {@code ddmm.mmmmm,N,dddmm.mmmmm,E}: degrees and decimal minutes, hemispheres. */
  public static String position(LatLon at) {
    return minutes(Math.abs(at.lat()), 2)
        + (at.lat() < 0 ? ",S," : ",N,")
        + minutes(Math.abs(at.lon()), 3)
        + (at.lon() < 0 ? ",W" : ",E");
  }

  private static String minutes(double degrees, int width) {
    int whole = (int) degrees;
    double minutes = (degrees - whole) * 60;
    if (Math.round(minutes * 100_000) >= 6_000_000) {
      whole++;
      minutes = 0;
    }
    return String.format(Locale.ROOT, "%0" + width + "d%08.5f", whole, minutes);
  }

  private static String time(LocalTime utc) {
    return String.format(
        Locale.ROOT,
        "%02d%02d%02d.%02d",
        utc.getHour(),
        utc.getMinute(),
        utc.getSecond(),
        utc.getNano() / 10_000_000);
  }

  private static String date(LocalDate date) {
    return String.format(
        Locale.ROOT,
        "%02d%02d%02d",
        date.getDayOfMonth(),
        date.getMonthValue(),
        date.getYear() % 100);
  }
}
