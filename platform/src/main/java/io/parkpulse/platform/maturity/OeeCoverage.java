package io.parkpulse.platform.maturity;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.maturity.Evidence.IndicatorValue;
import io.parkpulse.platform.production.Oee;
import io.parkpulse.platform.production.ShiftCalendar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * O6, OEE coverage: the share of an enterprise's critical machines whose availability, performance
 * and quality are computable on at least 90% of the park's planned shifts in the window. Reads the
 * machines' raw state and counter points, as their profile names them.
 */
final class OeeCoverage {

  static final double MIN_SHIFT_SHARE = 0.9;
  private static final TypeReference<List<Map<String, String>>> SHIFTS = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, Object>>> POINTS = new TypeReference<>() {};

  private OeeCoverage() {}

  static Optional<IndicatorValue> compute(
      Connection c, String enterprise, Instant from, Instant now, String label)
      throws SQLException {
    ShiftCalendar calendar;
    String park;
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT p.shift_calendar::text, p.timezone, p.id FROM park p"
                + " JOIN enterprise e ON e.park_id = p.id WHERE e.id = ?")) {
      q.setString(1, enterprise);
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
        calendar = new ShiftCalendar(shifts, ZoneId.of(rs.getString(2)));
        park = rs.getString(3);
      }
    }
    ZoneId utc = ZoneId.of("UTC");
    List<ShiftCalendar.Window> shifts =
        calendar
            .windows(from.atZone(utc).toLocalDate().minusDays(1), now.atZone(utc).toLocalDate())
            .stream()
            .filter(w -> !w.start().isBefore(from) && !w.end().isAfter(now))
            .toList();
    int critical = 0;
    int computable = 0;
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT d.id, d.ideal_cycle_seconds, dp.points::text FROM device d"
                + " LEFT JOIN device_profile dp ON dp.id = d.profile_id"
                + " WHERE d.enterprise_id = ? AND d.type = 'machine' AND d.criticality = 'high'"
                + " ORDER BY d.id")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          critical++;
          String points = rs.getString(3);
          double cycle = rs.getDouble(2);
          Optional<Duration> ideal =
              rs.wasNull()
                  ? Optional.empty()
                  : Optional.of(Duration.ofMillis((long) (cycle * 1000)));
          if (points != null
              && !shifts.isEmpty()
              && computableShare(c, park, enterprise, rs.getString(1), points, ideal, shifts, from)
                  >= MIN_SHIFT_SHARE) {
            computable++;
          }
        }
      }
    }
    if (critical == 0) {
      return Optional.of(new IndicatorValue(0, 1, true, false, label, "no critical machines"));
    }
    return Optional.of(
        IndicatorValue.of(
            (double) computable / critical,
            label,
            computable
                + " of "
                + critical
                + " critical machines with computable OEE on 90% of "
                + shifts.size()
                + " planned shifts"));
  }

  /** Share of {@code shifts} on which the machine's OEE is computable. */
  private static double computableShare(
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
      return 0;
    }
    Duration maxGap = Duration.ofSeconds(3 * interval);
    List<Oee.State> states = new ArrayList<>();
    List<Oee.Count> totals = new ArrayList<>();
    List<Oee.Count> goods = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT ts, metrics->>?, (metrics->>?)::float8, (metrics->>?)::float8 FROM telemetry"
                + " WHERE park = ? AND enterprise = ? AND device = ? AND ts >= ? ORDER BY ts")) {
      q.setString(1, state);
      q.setString(2, total);
      q.setString(3, good);
      q.setString(4, park);
      q.setString(5, enterprise);
      q.setString(6, device);
      q.setTimestamp(7, Timestamp.from(from.minus(Duration.ofDays(1))));
      q.setFetchSize(10_000);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          Instant ts = rs.getTimestamp(1).toInstant();
          if (rs.getString(2) != null) {
            states.add(new Oee.State(ts, rs.getString(2)));
          }
          double t = rs.getDouble(3);
          if (!rs.wasNull()) {
            totals.add(new Oee.Count(ts, t));
          }
          double g = rs.getDouble(4);
          if (!rs.wasNull()) {
            goods.add(new Oee.Count(ts, g));
          }
        }
      }
    }
    int ok = 0;
    for (ShiftCalendar.Window shift : shifts) {
      Instant start = shift.start().minus(maxGap);
      if (Oee.compute(
              shift,
              slice(states, start, shift.end(), Oee.State::ts),
              slice(totals, start, shift.end(), Oee.Count::ts),
              slice(goods, start, shift.end(), Oee.Count::ts),
              ideal,
              maxGap)
          .computable()) {
        ok++;
      }
    }
    return (double) ok / shifts.size();
  }

  private static <T> List<T> slice(
      List<T> samples, Instant from, Instant to, java.util.function.Function<T, Instant> ts) {
    return samples.stream()
        .filter(s -> !ts.apply(s).isBefore(from) && !ts.apply(s).isAfter(to))
        .toList();
  }
}
