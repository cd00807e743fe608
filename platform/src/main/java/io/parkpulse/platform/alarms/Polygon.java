package io.parkpulse.platform.alarms;

import java.util.ArrayList;
import java.util.List;

/**
 * A zone on the ground: a simple polygon of [longitude, latitude] corners in decimal degrees, as
 * GeoJSON writes them, closed or not. Over the few hundred metres of a park the degrees are treated
 * as a plane, which misplaces an edge by far less than a GNSS fix's error.
 */
public final class Polygon {

  /** Corners at most; a park's zone drawn by hand has a few dozen. */
  static final int MAX_CORNERS = 1000;

  private final double[] lon;
  private final double[] lat;

  private Polygon(double[] lon, double[] lat) {
    this.lon = lon;
    this.lat = lat;
  }

  /** A position in decimal degrees: north and east positive. */
  public record Position(double lat, double lon) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%.6f,%.6f", lat, lon);
    }
  }

  /**
   * The polygon with these corners.
   *
   * @param corners [longitude, latitude] pairs; the last may repeat the first
   * @throws IllegalArgumentException saying what is wrong: fewer than 3 distinct corners, a
   *     coordinate out of range or not a number, too many corners
   */
  public static Polygon of(List<List<Double>> corners) {
    if (corners == null) {
      throw new IllegalArgumentException("is required: a list of [longitude, latitude] corners");
    }
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < corners.size(); i++) {
      List<Double> corner = corners.get(i);
      if (corner == null || corner.size() != 2 || corner.get(0) == null || corner.get(1) == null) {
        throw new IllegalArgumentException("corner " + i + " is not a [longitude, latitude] pair");
      }
      double x = corner.get(0);
      double y = corner.get(1);
      if (!(x >= -180 && x <= 180) || !(y >= -90 && y <= 90)) {
        throw new IllegalArgumentException(
            "corner "
                + i
                + " ["
                + x
                + ", "
                + y
                + "] is out of range: longitude first (-180 to 180), then latitude (-90 to 90)");
      }
      points.add(new double[] {x, y});
    }
    if (points.size() > 1) {
      double[] first = points.get(0);
      double[] last = points.get(points.size() - 1);
      if (first[0] == last[0] && first[1] == last[1]) {
        points.remove(points.size() - 1);
      }
    }
    if (points.size() < 3) {
      throw new IllegalArgumentException("needs at least 3 distinct corners");
    }
    if (points.size() > MAX_CORNERS) {
      throw new IllegalArgumentException("has more than " + MAX_CORNERS + " corners");
    }
    double[] lon = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] lat = points.stream().mapToDouble(p -> p[1]).toArray();
    Polygon polygon = new Polygon(lon, lat);
    if (polygon.area() == 0) {
      throw new IllegalArgumentException("has no area: its corners are on one line");
    }
    return polygon;
  }

  /**
   * Whether {@code p} is inside (even-odd rule: a ray from the point crosses the edges an odd
   * number of times). A point exactly on an edge may fall either way.
   */
  public boolean contains(Position p) {
    boolean inside = false;
    for (int i = 0, j = lon.length - 1; i < lon.length; j = i++) {
      if ((lat[i] > p.lat()) != (lat[j] > p.lat())) {
        double crossing = lon[j] + (p.lat() - lat[j]) / (lat[i] - lat[j]) * (lon[i] - lon[j]);
        if (p.lon() < crossing) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  /** The corners as [longitude, latitude] pairs, closed (the first repeated last), for GeoJSON. */
  public List<List<Double>> corners() {
    List<List<Double>> corners = new ArrayList<>();
    for (int i = 0; i < lon.length; i++) {
      corners.add(List.of(lon[i], lat[i]));
    }
    corners.add(List.of(lon[0], lat[0]));
    return corners;
  }

  /** Shoelace area in square degrees, unsigned; zero for corners on a line. */
  private double area() {
    double twice = 0;
    for (int i = 0, j = lon.length - 1; i < lon.length; j = i++) {
      twice += lon[j] * lat[i] - lon[i] * lat[j];
    }
    return Math.abs(twice) / 2;
  }
}
