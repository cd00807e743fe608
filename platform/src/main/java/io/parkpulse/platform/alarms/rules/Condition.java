package io.parkpulse.platform.alarms.rules;

import io.parkpulse.platform.alarms.Polygon;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a rule watches on one device: a leaf on one point (a threshold, a state, a rate of change, a
 * position in a zone), the device's silence, or all / any of other conditions. A condition is a
 * plain value; {@link Watches#of} makes the state that follows it reading by reading.
 */
public sealed interface Condition {

  /**
   * A point of the device, by its name or by its kind (the device's first point of that kind in its
   * profile).
   */
  record Point(String name, String kind) {
    public Point {
      if ((name == null) == (kind == null)) {
        throw new IllegalArgumentException("a point is named by its name or its kind");
      }
    }

    public static Point named(String name) {
      return new Point(name, null);
    }

    public static Point ofKind(String kind) {
      return new Point(null, kind);
    }
  }

  /**
   * A value above (or below) {@code level}. With {@code clearLevel}, the condition, once it held,
   * keeps holding until the value crosses the clear level (raise above 80, clear below 75):
   * hysteresis, so that a value hovering at the level does not raise and clear at every reading.
   *
   * @param clearLevel null: the condition stops holding as soon as the value is no longer above
   */
  record Threshold(Point point, boolean above, double level, Double clearLevel)
      implements Condition {
    public Threshold {
      Objects.requireNonNull(point, "point");
      if (clearLevel != null && (above ? clearLevel > level : clearLevel < level)) {
        throw new IllegalArgumentException(
            "the clear level must be "
                + (above ? "at or below" : "at or above")
                + " the level, or the alarm could never clear");
      }
    }
  }

  /** A point equal to a state, e.g. {@code DOWN}; compared as text. */
  record Equals(Point point, String state) implements Condition {
    public Equals {
      Objects.requireNonNull(point, "point");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * A numeric point changing faster than {@code perMinute}: above, its rise per minute over the
   * last {@code window} is above the limit; below, it is below it (a negative limit for a fall).
   * The rate is the difference between the newest and the oldest reading in the window divided by
   * the minutes between them; it needs two readings in the window.
   */
  record Rate(Point point, boolean above, double perMinute, Duration window) implements Condition {
    public Rate {
      Objects.requireNonNull(point, "point");
      if (window == null || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("the window of a rate must be above 0");
      }
    }
  }

  /**
   * No reading from the device for {@code after}. Checked on a timer over the devices' last-seen
   * times, not reading by reading, so a rule with it has no other condition.
   */
  record Silent(Duration after) implements Condition {
    public Silent {
      if (after == null || after.isNegative() || after.isZero()) {
        throw new IllegalArgumentException("silence must last more than 0 seconds");
      }
    }
  }

  /**
   * The device's position inside a zone or, for {@code inside} false, out of it having been in it
   * (a device never seen in the zone did not leave it).
   */
  record Zone(boolean inside, Polygon zone, Point lat, Point lon) implements Condition {
    public Zone {
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(lat, "lat");
      Objects.requireNonNull(lon, "lon");
    }
  }

  /** Every one of {@code conditions} holds. */
  record All(List<Condition> conditions) implements Condition {
    public All {
      conditions = List.copyOf(conditions);
      if (conditions.isEmpty()) {
        throw new IllegalArgumentException("all needs at least one condition");
      }
    }
  }

  /** At least one of {@code conditions} holds. */
  record Any(List<Condition> conditions) implements Condition {
    public Any {
      conditions = List.copyOf(conditions);
      if (conditions.isEmpty()) {
        throw new IllegalArgumentException("any needs at least one condition");
      }
    }
  }

  /** Whether the condition is (or contains) a {@link Silent}. */
  default boolean hasSilence() {
    if (this instanceof Silent) {
      return true;
    }
    List<Condition> children =
        this instanceof All a ? a.conditions() : this instanceof Any a ? a.conditions() : List.of();
    return children.stream().anyMatch(Condition::hasSilence);
  }
}
