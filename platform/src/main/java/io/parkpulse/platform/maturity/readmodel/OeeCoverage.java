package io.parkpulse.platform.maturity.readmodel;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.maturity.scoring.Evidence.IndicatorValue;
import io.parkpulse.platform.production.Oee;
import io.parkpulse.platform.production.ShiftCalendar;
import io.parkpulse.platform.telemetry.readmodel.Readings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * O6, OEE coverage: the share of an enterprise's critical machines whose availability, performance
 * and quality are computable on at least 90% of the park's planned shifts in the window. Reads the
 * machines' raw state and counter points, as their profile names them, one critical machine at a
 * time.
 */
public final class OeeCoverage {

  static final double MIN_SHIFT_SHARE = 0.9;
  private static final TypeReference<List<Map<String, String>>> SHIFTS = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, Object>>> POINTS = new TypeReference<>() {};

  private OeeCoverage() {}

  /**
   * O6 of each of {@code enterprises}, which belong to {@code park}; empty if the park does not
   * exist. An enterprise without critical machines gets a value that does not apply.
   */
  static Map<String, IndicatorValue> compute(
      Connection c,
      String park,
      Collection<String> enterprises,
      Instant from,
      Instant now,
      String label)
      throws SQLException {
    Map<String, IndicatorValue> values = new LinkedHashMap<>();
    Optional<ShiftCalendar> calendar = calendar(c, park);
    if (calendar.isEmpty()) {
      return values;
    }
    List<ShiftCalendar.Window> shifts = plannedShifts(calendar.get(), from, now);
    Map<String, int[]> criticalAndComputable = new HashMap<>();
    for (Machine m : criticalMachines(c, enterprises)) {
      int[] counts = criticalAndComputable.computeIfAbsent(m.enterprise(), e -> new int[2]);
      counts[0]++;
      if (m.profilePoints() != null
          && !shifts.isEmpty()
          && computableShare(
                  c, park, m.enterprise(), m.device(), m.profilePoints(), m.ideal(), shifts, from)
              >= MIN_SHIFT_SHARE) {
        counts[1]++;
      }
    }
    for (String enterprise : enterprises) {
      int[] counts = criticalAndComputable.get(enterprise);
      values.put(
          enterprise,
          counts == null
              ? new IndicatorValue(0, 1, true, false, label, "no critical machines")
              : IndicatorValue.of(
                  (double) counts[1] / counts[0],
                  label,
                  counts[1]
                      + " of "
                      + counts[0]
                      + " critical machines with computable OEE on 90% of "
                      + shifts.size()
                      + " planned shifts"));
    }
    return values;
  }

  /** The park's shift calendar, if the park exists. */
  public static Optional<ShiftCalendar> calendar(Connection c, String park) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT shift_calendar::text, timezone FROM park WHERE id = ?")) {
      q.setString(1, park);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        List<ShiftCalendar.Shift> shifts = new ArrayList<>();
        for (Map<String, String> s : Json.read(rs.getString(1), SHIFTS)) {
          shifts.add(
              new ShiftCalendar.Shift(
                  s.get("name"), LocalTime.parse(s.get("start")), LocalTime.parse(s.get("end"))));
        }
        return Optional.of(new ShiftCalendar(shifts, ZoneId.of(rs.getString(2))));
      }
    }
  }

  /** The shifts planned wholly inside {@code [from, now]}. */
  public static List<ShiftCalendar.Window> plannedShifts(
      ShiftCalendar calendar, Instant from, Instant now) {
    ZoneId utc = ZoneId.of("UTC");
    return calendar
        .windows(from.atZone(utc).toLocalDate().minusDays(1), now.atZone(utc).toLocalDate())
        .stream()
        .filter(w -> !w.start().isBefore(from) && !w.end().isAfter(now))
        .toList();
  }

  /** A critical machine, with its profile's points (null without a profile). */
  public record Machine(
      String enterprise, String device, String profilePoints, Optional<Duration> ideal) {}

  /** The critical machines of {@code enterprises}: those whose OEE O6 looks for. */
  public static List<Machine> criticalMachines(Connection c, Collection<String> enterprises)
      throws SQLException {
    List<Machine> machines = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT d.enterprise_id, d.id, d.ideal_cycle_seconds, dp.points::text FROM device d"
                + " LEFT JOIN device_profile dp ON dp.id = d.profile_id"
                + " WHERE d.enterprise_id = ANY(?) AND d.type = 'machine'"
                + " AND d.criticality = 'high' ORDER BY d.enterprise_id, d.id")) {
      q.setArray(1, c.createArrayOf("text", enterprises.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          double cycle = rs.getDouble(3);
          Optional<Duration> ideal =
              rs.wasNull()
                  ? Optional.empty()
                  : Optional.of(Duration.ofMillis((long) (cycle * 1000)));
          machines.add(new Machine(rs.getString(1), rs.getString(2), rs.getString(4), ideal));
        }
      }
    }
    return machines;
  }

  /** Share of {@code shifts} on which the machine's OEE is computable. */
  static double computableShare(
      Connection c,
      String park,
      String enterprise,
      String device,
      String profilePoints,
      Optional<Duration> ideal,
      List<ShiftCalendar.Window> shifts,
      Instant from)
      throws SQLException {
    List<Oee.Result> results =
        shiftResults(c, park, enterprise, device, profilePoints, ideal, shifts, from);
    return (double) results.stream().filter(Oee.Result::computable).count() / shifts.size();
  }

  /**
   * The machine's OEE on each of {@code shifts}, in their order; empty if its profile lacks a state
   * or a counter point.
   */
  public static List<Oee.Result> shiftResults(
      Connection c,
      String park,
      String enterprise,
      String device,
      String profilePoints,
      Optional<Duration> ideal,
      List<ShiftCalendar.Window> shifts,
      Instant from)
      throws SQLException {
    String state = null;
    String total = null;
    String good = null;
    long interval = 60;
    for (Map<String, Object> p : Json.read(profilePoints, POINTS)) {
      String kind = String.valueOf(p.get("kind"));
      String name = String.valueOf(p.get("name"));
      switch (kind) {
        case "machine.state" -> {
          state = name;
          interval = ((Number) p.get("intervalSeconds")).longValue();
        }
        case "counter.total" -> total = name;
        case "counter.good" -> good = name;
        default -> {}
      }
    }
    if (state == null || total == null || good == null) {
      return List.of();
    }
    Duration maxGap = Duration.ofSeconds(3 * interval);
    List<Oee.State> states = new ArrayList<>();
    List<Oee.Count> totals = new ArrayList<>();
    List<Oee.Count> goods = new ArrayList<>();
    Instant end =
        shifts.stream().map(ShiftCalendar.Window::end).max(Instant::compareTo).orElse(from);
    String stateName = state;
    String totalName = total;
    String goodName = good;
    Readings.scan(
        c,
        new Readings.Device(park, enterprise, device),
        from.minus(Duration.ofDays(1)),
        // A sample taken at the last shift's end still counts for it.
        end.plus(1, java.time.temporal.ChronoUnit.MICROS),
        null,
        List.of(state, total, good),
        r -> {
          Object s = r.metrics().get(stateName);
          if (s != null) {
            states.add(new Oee.State(r.ts(), String.valueOf(s)));
          }
          Double t = number(r.metrics().get(totalName));
          if (t != null) {
            totals.add(new Oee.Count(r.ts(), t));
          }
          Double g = number(r.metrics().get(goodName));
          if (g != null) {
            goods.add(new Oee.Count(r.ts(), g));
          }
          return true;
        });
    List<Oee.Result> results = new ArrayList<>();
    for (ShiftCalendar.Window shift : shifts) {
      Instant start = shift.start().minus(maxGap);
      results.add(
          Oee.compute(
              shift,
              slice(states, start, shift.end(), Oee.State::ts),
              slice(totals, start, shift.end(), Oee.Count::ts),
              slice(goods, start, shift.end(), Oee.Count::ts),
              ideal,
              maxGap));
    }
    return results;
  }

  private static <T> List<T> slice(
      List<T> samples, Instant from, Instant to, java.util.function.Function<T, Instant> ts) {
    return samples.stream()
        .filter(s -> !ts.apply(s).isBefore(from) && !ts.apply(s).isAfter(to))
        .toList();
  }

  /**
   * A counter's value: a number, or text that reads as one (as PostgreSQL's float8 cast took it).
   */
  private static Double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String text) {
      try {
        return Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
