package io.parkpulse.platform.alarms.rules;

import io.parkpulse.platform.alarms.Polygon;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The state of a {@link Condition} on one device, following its readings: the last value of each
 * point, a threshold's latch, a rate's window, whether a device was seen in a zone.
 */
public final class Watches {

  private Watches() {}

  /** A condition's state on one device. */
  public interface Watch {
    /**
     * Takes a reading of the device.
     *
     * @param metrics the reading's values by point name; a reading may carry only some points
     * @return whether the reading carried a point of the condition (else nothing changed)
     */
    boolean update(Instant ts, Map<String, Object> metrics);

    /** Whether the condition holds as of the readings taken; false before any. */
    boolean holds();

    /**
     * Starts from an alarm that is raised (active) or not, as the database has it: a threshold with
     * hysteresis is latched, a device out of its zone was in it.
     */
    void seed(boolean active);

    /**
     * The values the condition looked at, as text for the alarm: {@code 90.0} or {@code a=1; b=2}.
     */
    String value();

    /** The point names the condition reads, comma-separated, for the alarm. */
    String points();
  }

  /**
   * The state of {@code condition} on a device whose point names {@code resolve} gives (null for a
   * point it does not have).
   *
   * @return empty if the device lacks a point the condition needs: the rule does not apply to it
   */
  public static Optional<Watch> of(Condition condition, Function<Condition.Point, String> resolve) {
    if (condition instanceof Condition.All all) {
      return group(all.conditions(), resolve, true);
    }
    if (condition instanceof Condition.Any any) {
      return group(any.conditions(), resolve, false);
    }
    if (condition instanceof Condition.Zone z) {
      String lat = resolve.apply(z.lat());
      String lon = resolve.apply(z.lon());
      return lat == null || lon == null
          ? Optional.empty()
          : Optional.of(new ZoneWatch(z, lat, lon));
    }
    if (condition instanceof Condition.Silent) {
      throw new IllegalArgumentException("silence is checked on a timer, not reading by reading");
    }
    Condition.Point point =
        condition instanceof Condition.Threshold t
            ? t.point()
            : condition instanceof Condition.Equals e
                ? e.point()
                : ((Condition.Rate) condition).point();
    String name = resolve.apply(point);
    if (name == null) {
      return Optional.empty();
    }
    if (condition instanceof Condition.Threshold t) {
      return Optional.of(new ThresholdWatch(t, name));
    }
    if (condition instanceof Condition.Equals e) {
      return Optional.of(new EqualsWatch(e, name));
    }
    return Optional.of(new RateWatch((Condition.Rate) condition, name));
  }

  private static Optional<Watch> group(
      List<Condition> conditions, Function<Condition.Point, String> resolve, boolean all) {
    List<Watch> watches = new ArrayList<>();
    for (Condition c : conditions) {
      Optional<Watch> w = of(c, resolve);
      if (w.isEmpty()) {
        return Optional.empty();
      }
      watches.add(w.get());
    }
    return Optional.of(new GroupWatch(watches, all));
  }

  private static final class GroupWatch implements Watch {
    private final List<Watch> watches;
    private final boolean all;

    GroupWatch(List<Watch> watches, boolean all) {
      this.watches = watches;
      this.all = all;
    }

    @Override
    public boolean update(Instant ts, Map<String, Object> metrics) {
      boolean touched = false;
      for (Watch w : watches) {
        touched |= w.update(ts, metrics);
      }
      return touched;
    }

    @Override
    public boolean holds() {
      return all
          ? watches.stream().allMatch(Watch::holds)
          : watches.stream().anyMatch(Watch::holds);
    }

    @Override
    public void seed(boolean active) {
      watches.forEach(w -> w.seed(active));
    }

    @Override
    public String value() {
      return watches.stream()
          .map(w -> w.points() + "=" + w.value())
          .collect(Collectors.joining("; "));
    }

    @Override
    public String points() {
      return watches.stream().map(Watch::points).distinct().collect(Collectors.joining(","));
    }
  }

  /** A watch on one point that keeps its last value. */
  private abstract static class PointWatch implements Watch {
    final String name;
    Object last;

    PointWatch(String name) {
      this.name = name;
    }

    @Override
    public boolean update(Instant ts, Map<String, Object> metrics) {
      Object v = metrics.get(name);
      if (v == null) {
        return false;
      }
      last = v;
      take(ts, v);
      return true;
    }

    abstract void take(Instant ts, Object value);

    @Override
    public void seed(boolean active) {}

    @Override
    public String value() {
      return String.valueOf(last);
    }

    @Override
    public String points() {
      return name;
    }
  }

  private static final class ThresholdWatch extends PointWatch {
    private final Condition.Threshold t;
    private boolean latched;

    ThresholdWatch(Condition.Threshold t, String name) {
      super(name);
      this.t = t;
    }

    @Override
    void take(Instant ts, Object value) {
      if (!(value instanceof Number n)) {
        latched = false;
        return;
      }
      double v = n.doubleValue();
      boolean beyond = t.above() ? v > t.level() : v < t.level();
      if (t.clearLevel() == null || !latched) {
        latched = beyond;
      } else {
        // Latched: holds until the value crosses the clear level.
        latched = t.above() ? v >= t.clearLevel() : v <= t.clearLevel();
      }
    }

    @Override
    public boolean holds() {
      return latched;
    }

    @Override
    public void seed(boolean active) {
      if (t.clearLevel() != null && active) {
        latched = true;
      }
    }
  }

  private static final class EqualsWatch extends PointWatch {
    private final Condition.Equals e;

    EqualsWatch(Condition.Equals e, String name) {
      super(name);
      this.e = e;
    }

    @Override
    void take(Instant ts, Object value) {}

    @Override
    public boolean holds() {
      return last != null && e.state().equals(String.valueOf(last));
    }
  }

  private static final class RateWatch extends PointWatch {
    private record Sample(Instant ts, double value) {}

    private final Condition.Rate r;
    private final Deque<Sample> window = new ArrayDeque<>();
    private Double rate;

    RateWatch(Condition.Rate r, String name) {
      super(name);
      this.r = r;
    }

    @Override
    void take(Instant ts, Object value) {
      if (!(value instanceof Number n)) {
        return;
      }
      if (!window.isEmpty() && !ts.isAfter(window.peekLast().ts())) {
        return;
      }
      window.addLast(new Sample(ts, n.doubleValue()));
      Instant from = ts.minus(r.window());
      while (window.peekFirst().ts().isBefore(from)) {
        window.removeFirst();
      }
      Sample first = window.peekFirst();
      Sample newest = window.peekLast();
      long millis = Duration.between(first.ts(), newest.ts()).toMillis();
      rate = millis == 0 ? null : (newest.value() - first.value()) * 60_000.0 / millis;
    }

    @Override
    public boolean holds() {
      return rate != null && (r.above() ? rate > r.perMinute() : rate < r.perMinute());
    }

    @Override
    public String value() {
      return rate == null
          ? String.valueOf(last)
          : String.format(java.util.Locale.ROOT, "%s (%.3f/min)", last, rate);
    }
  }

  private static final class ZoneWatch implements Watch {
    private final Condition.Zone z;
    private final String lat;
    private final String lon;
    private Polygon.Position position;
    private boolean wasInside;

    ZoneWatch(Condition.Zone z, String lat, String lon) {
      this.z = z;
      this.lat = lat;
      this.lon = lon;
    }

    @Override
    public boolean update(Instant ts, Map<String, Object> metrics) {
      // A reading without a fix (no latitude or longitude) is not a position.
      if (!(metrics.get(lat) instanceof Number la) || !(metrics.get(lon) instanceof Number lo)) {
        return false;
      }
      position = new Polygon.Position(la.doubleValue(), lo.doubleValue());
      if (z.zone().contains(position)) {
        wasInside = true;
      }
      return true;
    }

    @Override
    public boolean holds() {
      if (position == null) {
        return false;
      }
      boolean in = z.zone().contains(position);
      return z.inside() ? in : !in && wasInside;
    }

    @Override
    public void seed(boolean active) {
      if (active) {
        wasInside = true;
      }
    }

    @Override
    public String value() {
      return String.valueOf(position);
    }

    @Override
    public String points() {
      return lat;
    }
  }
}
