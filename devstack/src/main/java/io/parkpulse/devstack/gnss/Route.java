package io.parkpulse.devstack.gnss;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a simulated receiver is at each second: driving through waypoints at a steady speed, a list
 * of positions one per second, or standing still. After its end a route stays at its last position.
 */
public final class Route {

  private final List<LatLon> positions;

  private Route(List<LatLon> positions) {
    if (positions.isEmpty()) {
      throw new IllegalArgumentException("a route needs at least one position");
    }
    this.positions = List.copyOf(positions);
  }

  /** Standing at {@code at}. */
  public static Route still(LatLon at) {
    return new Route(List.of(at));
  }

  /** One position per second, in order. */
  public static Route of(List<LatLon> perSecond) {
    return new Route(perSecond);
  }

  /** From the first waypoint through the others at {@code metresPerSecond}, in straight lines. */
  public static Route through(double metresPerSecond, LatLon... waypoints) {
    if (!(metresPerSecond > 0) || waypoints.length == 0) {
      throw new IllegalArgumentException("a route needs a speed above 0 and waypoints");
    }
    List<LatLon> perSecond = new ArrayList<>();
    perSecond.add(waypoints[0]);
    double along = metresPerSecond; // where on the current leg the next second's position is
    for (int i = 1; i < waypoints.length; i++) {
      LatLon from = waypoints[i - 1];
      LatLon to = waypoints[i];
      double leg = from.metresTo(to);
      while (along < leg) {
        perSecond.add(from.towards(to, along / leg));
        along += metresPerSecond;
      }
      along -= leg;
    }
    LatLon end = waypoints[waypoints.length - 1];
    if (!perSecond.get(perSecond.size() - 1).equals(end)) {
      perSecond.add(end);
    }
    return new Route(perSecond);
  }

  /** This route after standing {@code seconds} at its first position. */
  public Route startingAfter(int seconds) {
    List<LatLon> waiting = new ArrayList<>();
    for (int i = 0; i < seconds; i++) {
      waiting.add(positions.get(0));
    }
    waiting.addAll(positions);
    return new Route(waiting);
  }

  /** Where the receiver is {@code second} seconds after the start. */
  public LatLon at(long second) {
    return positions.get((int) Math.min(Math.max(second, 0), positions.size() - 1));
  }

  /** Metres per second over the second before {@code second}. */
  public double speedAt(long second) {
    return second <= 0 ? 0 : at(second - 1).metresTo(at(second));
  }

  /** Degrees from true north over the second before {@code second}; 0 when still. */
  public double courseAt(long second) {
    return speedAt(second) == 0 ? 0 : at(second - 1).bearingTo(at(second));
  }

  /** Seconds until the route's last position is reached. */
  public int seconds() {
    return positions.size() - 1;
  }
}
