package io.parkpulse.agent.collect.gnss;

import io.parkpulse.agent.collect.gnss.NmeaSentence.LatLon;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the receiver last said about where it is, combined from its GGA, RMC and GSA sentences
 * whatever their talkers.
 *
 * @param quality GGA fix quality: 0 none, 1 GNSS, 2 differential, 4 RTK fixed, 5 RTK float
 * @param position where, or null without a fix
 * @param satellites satellites used, or null if not known
 * @param hdop horizontal dilution of precision, or null
 * @param speedKmh speed over ground, or null
 * @param fixType from GSA: 2 (2D) or 3 (3D), 1 none, or null if the receiver sends no GSA
 */
record GnssFix(
    int quality,
    LatLon position,
    Integer satellites,
    Double hdop,
    Double speedKmh,
    Integer fixType) {

  /** Before the receiver said anything. */
  static final GnssFix NONE = new GnssFix(0, null, null, null, null, null);

  /** km/h in a knot. */
  static final double KMH_PER_KNOT = 1.852;

  boolean hasFix() {
    return position != null;
  }

  /**
   * The reading: {@code lat}, {@code lon}, {@code fix_quality}, {@code satellites}, {@code
   * speed_kmh}, {@code hdop}; without a fix only {@code fix_quality} 0 and the satellites, and
   * anything the receiver did not give is left out.
   */
  Map<String, Object> metrics() {
    Map<String, Object> metrics = new LinkedHashMap<>();
    if (hasFix()) {
      metrics.put("lat", round(position.lat(), 7));
      metrics.put("lon", round(position.lon(), 7));
    }
    metrics.put("fix_quality", (long) (hasFix() ? quality : 0));
    if (satellites != null) {
      metrics.put("satellites", (long) satellites);
    }
    if (hasFix() && speedKmh != null) {
      metrics.put("speed_kmh", round(speedKmh, 2));
    }
    if (hasFix() && hdop != null) {
      metrics.put("hdop", hdop);
    }
    return metrics;
  }

  /** Metres between two positions along the earth's surface (haversine, mean radius). */
  static double metres(LatLon a, LatLon b) {
    double lat1 = Math.toRadians(a.lat());
    double lat2 = Math.toRadians(b.lat());
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians(b.lon() - a.lon());
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** Seven decimals of a degree are about a centimetre. */
  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
