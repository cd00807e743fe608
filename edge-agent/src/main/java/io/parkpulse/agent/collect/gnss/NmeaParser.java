package io.parkpulse.agent.collect.gnss;

import io.parkpulse.agent.collect.gnss.NmeaSentence.Gga;
import io.parkpulse.agent.collect.gnss.NmeaSentence.Gsa;
import io.parkpulse.agent.collect.gnss.NmeaSentence.LatLon;
import io.parkpulse.agent.collect.gnss.NmeaSentence.Rmc;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads NMEA 0183 sentences, {@code $ttSSS,field,...*hh}: tt the talker, SSS the sentence type, hh
 * the checksum, two hex digits of the XOR of every character between {@code $} and {@code *}.
 *
 * <p>GGA, RMC and GSA from BeiDou ({@code BD}, {@code GB}), multi-system ({@code GN}) and GPS
 * ({@code GP}) talkers are read. Other sentences with a right checksum (GSV, VTG, TXT, Galileo
 * {@code GA} and GLONASS {@code GL} talkers, proprietary {@code $P...}) are passed over: they are
 * not wrong, the agent does not need them. Anything else (a wrong or missing checksum, a missing or
 * malformed field, bytes that are not NMEA) is a bad sentence.
 */
final class NmeaParser {

  /** Talkers whose GGA, RMC and GSA are used. */
  static final Set<String> TALKERS = Set.of("BD", "GB", "GN", "GP");

  /** The longest line taken as a sentence; NMEA allows 82 characters, some receivers send more. */
  static final int MAX_LENGTH = 160;

  private static final Pattern SMALL_NUMBER = Pattern.compile("\\d{1,3}");

  private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d*)?|\\.\\d+");
  private static final Pattern ADDRESS = Pattern.compile("[A-Z0-9]{2,8}");
  private static final Pattern TIME = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})(\\.\\d+)?");
  private static final Pattern DATE = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})");

  private NmeaParser() {}

  /**
   * Reads one line (without its line break).
   *
   * @return the sentence, or empty for a sound sentence the agent does not use
   * @throws NmeaException saying what is wrong with the line
   */
  static Optional<NmeaSentence> parse(String line) throws NmeaException {
    String body = checkedBody(line);
    String[] fields = body.split(",", -1);
    String address = fields[0];
    if (!ADDRESS.matcher(address).matches()) {
      throw new NmeaException("'" + address + "' is not a sentence address such as GNGGA");
    }
    if (address.startsWith("P") || address.length() != 5) {
      return Optional.empty(); // proprietary, or not a talker + type
    }
    String talker = address.substring(0, 2);
    if (!TALKERS.contains(talker)) {
      return Optional.empty();
    }
    return switch (address.substring(2)) {
      case "GGA" -> Optional.of(gga(talker, fields));
      case "RMC" -> Optional.of(rmc(talker, fields));
      case "GSA" -> Optional.of(gsa(talker, fields));
      default -> Optional.empty();
    };
  }

  /** The two hex digits of a sentence's checksum: the XOR of every character of {@code body}. */
  static String checksum(String body) {
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      sum ^= body.charAt(i);
    }
    return String.format("%02X", sum);
  }

  /** The characters between {@code $} and {@code *}, once the checksum is found right. */
  private static String checkedBody(String line) throws NmeaException {
    String text = line.strip();
    if (text.isEmpty()) {
      throw new NmeaException("empty line");
    }
    if (text.length() > MAX_LENGTH) {
      throw new NmeaException("a line of " + text.length() + " characters, too long for NMEA");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new NmeaException(
            "byte 0x" + Integer.toHexString(c) + " is not NMEA text (wrong baud rate?)");
      }
    }
    if (text.charAt(0) != '$') {
      throw new NmeaException("does not start with $");
    }
    int star = text.lastIndexOf('*');
    if (star < 0) {
      throw new NmeaException("no checksum");
    }
    String given = text.substring(star + 1);
    String body = text.substring(1, star);
    String expected = checksum(body);
    if (!given.equalsIgnoreCase(expected)) {
      throw new NmeaException("checksum " + given + ", computed " + expected);
    }
    if (body.isEmpty()) {
      throw new NmeaException("no address");
    }
    return body;
  }

  // $--GGA,hhmmss.ss,ddmm.mm,a,dddmm.mm,a,q,ss,h.h,a.a,M,g.g,M,age,station
  private static Gga gga(String talker, String[] f) throws NmeaException {
    need(f, 10, "GGA");
    int quality = (int) whole(f[6], "fix quality", 0, 9);
    LatLon position = position(f[2], f[3], f[4], f[5]);
    Long satellites = wholeOrNull(f[7], "satellites", 0, 99);
    return new Gga(
        talker,
        time(f[1]),
        quality == 0 ? null : position,
        position == null ? 0 : quality,
        satellites == null ? null : satellites.intValue(),
        decimal(f[8], "HDOP"),
        signedDecimal(f[9], "altitude"));
  }

  // $--RMC,hhmmss.ss,A,ddmm.mm,a,dddmm.mm,a,knots,course,ddmmyy,var,E/W[,mode[,status]]
  private static Rmc rmc(String talker, String[] f) throws NmeaException {
    need(f, 10, "RMC");
    boolean valid =
        switch (f[2]) {
          case "A" -> true;
          case "V" -> false;
          default -> throw new NmeaException("RMC status '" + f[2] + "' is neither A nor V");
        };
    // NMEA 2.3 added a mode; N (data not valid) overrides an A status.
    if (f.length > 12 && f[12].equals("N")) {
      valid = false;
    }
    LatLon position = position(f[3], f[4], f[5], f[6]);
    return new Rmc(
        talker,
        time(f[1]),
        valid && position != null,
        valid ? position : null,
        decimal(f[7], "speed"),
        decimal(f[8], "course"),
        date(f[9]));
  }

  // $--GSA,mode,fix,sv1,...,sv12,pdop,hdop,vdop[,system]
  private static Gsa gsa(String talker, String[] f) throws NmeaException {
    need(f, 18, "GSA");
    boolean automatic =
        switch (f[1]) {
          case "A", "" -> true;
          case "M" -> false;
          default -> throw new NmeaException("GSA mode '" + f[1] + "' is neither A nor M");
        };
    int fixType = (int) whole(f[2], "fix type", 1, 3);
    return new Gsa(
        talker,
        automatic,
        fixType,
        decimal(f[15], "PDOP"),
        decimal(f[16], "HDOP"),
        decimal(f[17], "VDOP"));
  }

  private static void need(String[] fields, int count, String type) throws NmeaException {
    if (fields.length < count) {
      throw new NmeaException(
          type + " with " + (fields.length - 1) + " fields, at least " + (count - 1) + " expected");
    }
  }

  /**
   * A position from its four fields, or null if the receiver left them empty (no fix).
   *
   * @throws NmeaException if they are given but malformed or only partly given
   */
  private static LatLon position(String lat, String ns, String lon, String ew)
      throws NmeaException {
    if (lat.isEmpty() && ns.isEmpty() && lon.isEmpty() && ew.isEmpty()) {
      return null;
    }
    double latitude = degrees(lat, 90, "latitude");
    double longitude = degrees(lon, 180, "longitude");
    latitude =
        switch (ns) {
          case "N" -> latitude;
          case "S" -> -latitude;
          default -> throw new NmeaException("latitude hemisphere '" + ns + "' is neither N nor S");
        };
    longitude =
        switch (ew) {
          case "E" -> longitude;
          case "W" -> -longitude;
          default ->
              throw new NmeaException("longitude hemisphere '" + ew + "' is neither E nor W");
        };
    return new LatLon(latitude, longitude);
  }

  /** {@code ddmm.mmmm} or {@code dddmm.mmmm} as decimal degrees: dd + mm.mmmm / 60. */
  private static double degrees(String field, int max, String what) throws NmeaException {
    Double value = decimal(field, what);
    if (value == null) {
      throw new NmeaException(what + " is missing");
    }
    int whole = (int) (value / 100);
    double minutes = value - whole * 100.0;
    double degrees = whole + minutes / 60;
    if (minutes >= 60 || degrees > max) {
      throw new NmeaException(what + " '" + field + "' is not degrees and minutes");
    }
    return degrees;
  }

  private static LocalTime time(String field) throws NmeaException {
    if (field.isEmpty()) {
      return null;
    }
    var m = TIME.matcher(field);
    if (!m.matches()) {
      throw new NmeaException("time '" + field + "' is not hhmmss.ss");
    }
    try {
      int nanos =
          m.group(4) == null
              ? 0
              : (int) Math.round(Double.parseDouble("0" + m.group(4)) * 1_000_000_000L);
      return LocalTime.of(
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)),
          Math.min(nanos, 999_999_999));
    } catch (DateTimeException e) {
      throw new NmeaException("time '" + field + "' is not a time of day");
    }
  }

  private static LocalDate date(String field) throws NmeaException {
    if (field.isEmpty()) {
      return null;
    }
    var m = DATE.matcher(field);
    if (!m.matches()) {
      throw new NmeaException("date '" + field + "' is not ddmmyy");
    }
    int year = Integer.parseInt(m.group(3));
    try {
      return LocalDate.of(
          year < 80 ? 2000 + year : 1900 + year,
          Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(1)));
    } catch (DateTimeException e) {
      throw new NmeaException("date '" + field + "' is not a date");
    }
  }

  /** A number without sign, or null for an empty field. */
  private static Double decimal(String field, String what) throws NmeaException {
    if (field.isEmpty()) {
      return null;
    }
    if (!DECIMAL.matcher(field).matches()) {
      throw new NmeaException(what + " '" + field + "' is not a number");
    }
    return Double.parseDouble(field);
  }

  private static Double signedDecimal(String field, String what) throws NmeaException {
    boolean negative = field.startsWith("-");
    Double value = decimal(negative ? field.substring(1) : field, what);
    if (value != null && negative) {
      return -value;
    }
    return value;
  }

  private static long whole(String field, String what, int min, int max) throws NmeaException {
    Long value = wholeOrNull(field, what, min, max);
    if (value == null) {
      throw new NmeaException(what + " is missing");
    }
    return value;
  }

  private static Long wholeOrNull(String field, String what, int min, int max)
      throws NmeaException {
    if (field.isEmpty()) {
      return null;
    }
    if (!SMALL_NUMBER.matcher(field).matches()) {
      throw new NmeaException(what + " '" + field + "' is not a whole number");
    }
    long value = Long.parseLong(field);
    if (value < min || value > max) {
      throw new NmeaException(what + " " + value + " is not between " + min + " and " + max);
    }
    return value;
  }

  /** What is wrong with a line that should have been an NMEA sentence. */
  static final class NmeaException extends Exception {
    NmeaException(String message) {
      super(message);
    }
  }
}
