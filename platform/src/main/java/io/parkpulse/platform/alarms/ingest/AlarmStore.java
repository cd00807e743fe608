package io.parkpulse.platform.alarms.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.model.AlarmChange;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.platform.alarms.AlarmEvents;
import io.parkpulse.platform.alarms.rules.RuleState.Change;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * The alarms as PostgreSQL holds them, the source of truth every replica reads: opens, raises
 * again, clears and marks flapping the one alarm not yet closed per rule and device (each raise,
 * the first and every one after a clear, starts a round: {@code round} counts them, {@code
 * raised_at} is the time of the latest raise after a clear, null while the first round lasts),
 * keeps each enterprise under its cap of open alarms (beyond it, one summary alarm counts what was
 * kept out), and publishes each announced change on {@code events.v1} and {@code alarms.v1}.
 */
public final class AlarmStore {

  /** SLA of a summary alarm: someone should look at a storm within 15 minutes. */
  static final int SUMMARY_SLA_SECONDS = 900;

  private static final String COLUMNS =
      "id, rule_id, park_id, enterprise_id, device_id, point, value, acknowledged_at IS NOT NULL,"
          + " closed_at IS NOT NULL, cleared_at IS NOT NULL, flapping, summary, transitions,"
          + " suppressed";

  private final DataSource dataSource;
  private final AlarmEvents events;
  private final int cap;
  private final Clock clock;
  private final Counter suppressedFlapping;
  private final Counter suppressedCap;

  /**
   * @param cap most alarms not yet closed per enterprise (summary alarms aside)
   */
  public AlarmStore(
      DataSource dataSource, AlarmEvents events, int cap, Clock clock, MeterRegistry registry) {
    this.dataSource = dataSource;
    this.events = events;
    this.cap = cap;
    this.clock = clock;
    this.suppressedFlapping = suppressed(registry, "flapping");
    this.suppressedCap = suppressed(registry, "cap");
  }

  private static Counter suppressed(MeterRegistry registry, String reason) {
    return Counter.builder("parkpulse.alarm.transitions.suppressed")
        .description(
            "Alarm changes counted but not announced: of a flapping alarm, or kept out by an"
                + " enterprise's cap of open alarms")
        .tag("reason", reason)
        .register(registry);
  }

  /** What a rule is to its alarms. */
  public record Rule(String id, String park, String severity, int slaSeconds) {}

  /** A device's alarm not yet closed, as the database has it. */
  public record Open(long id, boolean raised, boolean flapping) {}

  /**
   * Where a rule's alarm on a device stands after a change.
   *
   * @param alarm the alarm not yet closed, or null (none, or kept out by the cap)
   * @param capped the raise was kept out by the cap
   * @param closedMeanwhile the alarm the caller knew was closed: someone closed it
   */
  public record Outcome(Long alarm, boolean capped, boolean closedMeanwhile) {}

  /** The device's alarms not yet closed, by rule. */
  public Map<String, Open> open(DeviceRef device) throws SQLException {
    Map<String, Open> open = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT rule_id, id, cleared_at IS NULL, flapping FROM alarm WHERE enterprise_id = ?"
                    + " AND device_id = ? AND closed_at IS NULL AND NOT summary")) {
      q.setString(1, device.enterprise());
      q.setString(2, device.device());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          open.put(rs.getString(1), new Open(rs.getLong(2), rs.getBoolean(3), rs.getBoolean(4)));
        }
      }
    }
    return open;
  }

  /** The rule's alarms not yet closed, by device. */
  public Map<DeviceRef, Open> open(String rule) throws SQLException {
    Map<DeviceRef, Open> open = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT enterprise_id, device_id, id, cleared_at IS NULL, flapping FROM alarm"
                    + " WHERE rule_id = ? AND closed_at IS NULL")) {
      q.setString(1, rule);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          open.put(
              new DeviceRef(rs.getString(1), rs.getString(2)),
              new Open(rs.getLong(3), rs.getBoolean(4), rs.getBoolean(5)));
        }
      }
    }
    return open;
  }

  /**
   * Applies a change of {@code rule}'s condition on {@code device}.
   *
   * @param alarm the alarm the caller knows not yet closed, or null
   * @param capped whether the last raise was kept out by the cap
   * @param flappingStarts this change makes the alarm flapping
   * @param suppressed the alarm is flapping already: count, do not announce
   */
  public Outcome apply(
      Rule rule,
      DeviceRef device,
      Long alarm,
      boolean capped,
      Change change,
      String point,
      String value,
      boolean flappingStarts,
      boolean suppressed)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    try (Connection c = dataSource.getConnection()) {
      if (alarm != null) {
        Row row = update(c, alarm, change, point, value, flappingStarts, suppressed, now);
        if (row != null) {
          if (suppressed) {
            suppressedFlapping.increment();
          } else {
            announce(row, rule, flappingStarts ? AlarmChange.FLAPPING : name(change), now);
          }
          return new Outcome(row.id(), false, false);
        }
      }
      boolean closedMeanwhile = alarm != null;
      if (change == Change.CLEARED) {
        if (capped) {
          countOnSummary(c, rule.park(), device.enterprise(), now);
        }
        return new Outcome(null, false, closedMeanwhile);
      }
      Row opened = open(c, rule, device, point, value, now);
      if (opened == null) {
        return new Outcome(null, true, closedMeanwhile);
      }
      announce(opened, rule, AlarmChange.RAISED, now);
      return new Outcome(opened.id(), false, closedMeanwhile);
    }
  }

  private static String name(Change change) {
    return change == Change.RAISED ? AlarmChange.RAISED : AlarmChange.CLEARED;
  }

  /** The alarm after the change, or null if it was closed meanwhile. */
  private static Row update(
      Connection c,
      long alarm,
      Change change,
      String point,
      String value,
      boolean flappingStarts,
      boolean suppressed,
      Instant now)
      throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement(
            // A raise after a clear starts the alarm's next round (the right-hand sides read
            // the row as it was).
            "UPDATE alarm SET cleared_at = ?, transitions = transitions + 1,"
                + " suppressed = suppressed + ?, flapping = flapping OR ?, point = ?, value = ?,"
                + " raised_at = CASE WHEN ? AND cleared_at IS NOT NULL THEN ? ELSE raised_at END,"
                + " round = round + CASE WHEN ? AND cleared_at IS NOT NULL THEN 1 ELSE 0 END"
                + " WHERE id = ? AND closed_at IS NULL RETURNING "
                + COLUMNS)) {
      boolean raised = change == Change.RAISED;
      u.setTimestamp(1, raised ? null : Timestamp.from(now));
      u.setInt(2, suppressed ? 1 : 0);
      u.setBoolean(3, flappingStarts);
      u.setString(4, point);
      u.setString(5, value);
      u.setBoolean(6, raised);
      u.setTimestamp(7, Timestamp.from(now));
      u.setBoolean(8, raised);
      u.setLong(9, alarm);
      try (ResultSet rs = u.executeQuery()) {
        return rs.next() ? Row.of(rs) : null;
      }
    }
  }

  /**
   * Opens the rule's alarm on the device, unless its enterprise is at its cap; the cap is checked
   * under a lock per enterprise, so that replicas opening at once do not pass it together.
   *
   * @return the alarm (an existing one not yet closed is raised again), or null if capped
   */
  private Row open(
      Connection c, Rule rule, DeviceRef device, String point, String value, Instant now)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    Row row;
    boolean summaryOpened = false;
    Row summary = null;
    c.setAutoCommit(false);
    try {
      try (PreparedStatement lock =
          c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('alarm-cap/' || ?))")) {
        lock.setString(1, device.enterprise());
        lock.executeQuery().close();
      }
      Long existing = existing(c, rule.id(), device.device());
      if (existing != null) {
        // One not yet closed exists that this replica did not know of: raise it again.
        row = update(c, existing, Change.RAISED, point, value, false, false, now);
      } else if (openCount(c, device.enterprise()) >= cap) {
        row = null;
        summaryOpened = ensureSummary(c, rule.park(), device.enterprise(), now);
        summary = countOnSummary(c, rule.park(), device.enterprise(), now);
      } else {
        row = insert(c, rule, device, point, value, now);
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    if (summary != null && summaryOpened) {
      announce(summary, null, AlarmChange.RAISED, now);
    }
    return row;
  }

  private static Row insert(
      Connection c, Rule rule, DeviceRef device, String point, String value, Instant now)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO alarm (rule_id, park_id, enterprise_id, device_id, point, value,"
                + " opened_at, sla_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " RETURNING "
                + COLUMNS)) {
      insert.setString(1, rule.id());
      insert.setString(2, rule.park());
      insert.setString(3, device.enterprise());
      insert.setString(4, device.device());
      insert.setString(5, point);
      insert.setString(6, value);
      insert.setTimestamp(7, Timestamp.from(now));
      insert.setInt(8, rule.slaSeconds());
      try (ResultSet rs = insert.executeQuery()) {
        return rs.next() ? Row.of(rs) : null;
      }
    }
  }

  private static Long existing(Connection c, String rule, String device) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT id FROM alarm WHERE rule_id = ? AND device_id = ? AND closed_at IS NULL")) {
      q.setString(1, rule);
      q.setString(2, device);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static int openCount(Connection c, String enterprise) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT count(*) FROM alarm WHERE enterprise_id = ? AND closed_at IS NULL"
                + " AND NOT summary")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Opens the enterprise's summary alarm if none is open; whether it did. */
  private boolean ensureSummary(Connection c, String park, String enterprise, Instant now)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO alarm (park_id, enterprise_id, point, value, opened_at, sla_seconds,"
                + " summary, transitions) VALUES (?, ?, '', ?, ?, ?, true, 1)"
                + " ON CONFLICT (enterprise_id) WHERE summary AND closed_at IS NULL DO NOTHING")) {
      insert.setString(1, park);
      insert.setString(2, enterprise);
      insert.setString(3, cap + " open alarms: more are counted here, not opened");
      insert.setTimestamp(4, Timestamp.from(now));
      insert.setInt(5, SUMMARY_SLA_SECONDS);
      return insert.executeUpdate() == 1;
    }
  }

  /** Counts one change kept out by the cap on the enterprise's summary alarm. */
  private Row countOnSummary(Connection c, String park, String enterprise, Instant now)
      throws SQLException {
    suppressedCap.increment();
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE alarm SET suppressed = suppressed + 1 WHERE enterprise_id = ? AND summary"
                + " AND closed_at IS NULL RETURNING "
                + COLUMNS)) {
      u.setString(1, enterprise);
      try (ResultSet rs = u.executeQuery()) {
        return rs.next() ? Row.of(rs) : null;
      }
    }
  }

  private void announce(Row row, Rule rule, String change, Instant now)
      throws InterruptedException, ExecutionException, TimeoutException {
    events.changed(
        new AlarmChange(
            row.id(),
            change,
            now,
            row.park(),
            row.enterprise(),
            row.device(),
            row.rule(),
            rule == null ? "critical" : rule.severity(),
            row.point(),
            row.value(),
            row.closed() ? "closed" : row.acknowledged() ? "acknowledged" : "open",
            row.cleared(),
            row.flapping(),
            row.summary(),
            row.transitions(),
            row.suppressed(),
            null));
    if (row.summary()) {
      return;
    }
    // The device events as they always were: opened for a raise, cleared for a clear.
    if (AlarmChange.RAISED.equals(change) || AlarmChange.CLEARED.equals(change)) {
      Map<String, Object> attributes = new HashMap<>();
      attributes.put("alarm", row.id());
      attributes.put("rule", row.rule());
      attributes.put("point", row.point());
      attributes.put("value", row.value());
      if (AlarmChange.RAISED.equals(change)) {
        attributes.put("severity", rule.severity());
      }
      events.publish(
          row.park(),
          new DeviceRef(row.enterprise(), row.device()),
          AlarmChange.RAISED.equals(change) ? "alarm.opened" : "alarm.cleared",
          now,
          attributes);
    }
  }

  /** An alarm row as the changes need it. */
  private record Row(
      long id,
      String rule,
      String park,
      String enterprise,
      String device,
      String point,
      String value,
      boolean acknowledged,
      boolean closed,
      boolean cleared,
      boolean flapping,
      boolean summary,
      int transitions,
      int suppressed) {
    static Row of(ResultSet rs) throws SQLException {
      return new Row(
          rs.getLong(1),
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          rs.getString(6),
          rs.getString(7),
          rs.getBoolean(8),
          rs.getBoolean(9),
          rs.getBoolean(10),
          rs.getBoolean(11),
          rs.getBoolean(12),
          rs.getInt(13),
          rs.getInt(14));
    }
  }
}
