package io.parkpulse.devstack.gnss;

import java.util.List;

/**
 * A position in decimal degrees, north and east positive.
 *
 * @param lat latitude, -90 to 90
 * @param lon longitude, -180 to 180
 */
public record LatLon(double lat, double lon) {

  public LatLon {
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
      throw new IllegalArgumentException("not a position: " + lat + ", " + lon);
    }
  }

  /** Metres to {@code other} along the earth's surface (haversine, mean radius). */
  public double metresTo(LatLon other) {
    double lat1 = Math.toRadians(lat);
    double lat2 = Math.toRadians(other.lat);
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians(other.lon - lon);
    double h =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** Degrees from true north to {@code other}, 0 to 360. */
  public double bearingTo(LatLon other) {
    double lat1 = Math.toRadians(lat);
    double lat2 = Math.toRadians(other.lat);
    double dLon = Math.toRadians(other.lon - lon);
    double y = Math.sin(dLon) * Math.cos(lat2);
    double x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
    return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
  }

  /** The position {@code fraction} (0 to 1) of the way to {@code other}, for short distances. */
  public LatLon towards(LatLon other, double fraction) {
    return new LatLon(lat + (other.lat - lat) * fraction, lon + (other.lon - lon) * fraction);
  }

  /** The position {@code north} metres north and {@code east} metres east, for short distances. */
  public LatLon offset(double north, double east) {
    double metresPerDegree = Math.PI * 6_371_008.8 / 180;
    return new LatLon(
        lat + north / metresPerDegree,
        lon + east / (metresPerDegree * Math.cos(Math.toRadians(lat))));
  }

  /**
   * A rectangle of {@code northSouth} by {@code eastWest} metres centred here, as a closed GeoJSON
   * ring of [longitude, latitude] corners: a zone or a building for the park's map.
   */
  public List<List<Double>> rectangle(double northSouth, double eastWest) {
    LatLon sw = offset(-northSouth / 2, -eastWest / 2);
    LatLon ne = offset(northSouth / 2, eastWest / 2);
    return List.of(
        List.of(sw.lon, sw.lat),
        List.of(ne.lon, sw.lat),
        List.of(ne.lon, ne.lat),
        List.of(sw.lon, ne.lat),
        List.of(sw.lon, sw.lat));
  }
}
