package io.parkpulse.platform.notifications.jobs;

import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.notifications.send.AlarmFacts;
import io.parkpulse.platform.notifications.send.Message;
import io.parkpulse.platform.notifications.send.Messages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Decides who is told what about the alarms, and writes it to the outbox ({@code notification}) as
 * pending. An alarm is told by rounds: its first round begins when it opens, another each time it
 * is raised again after it cleared (the same alarm, not yet closed); per round:
 *
 * <ul>
 *   <li>the alarm raised (opened, or raised again) to the level 1 channels of its park and its
 *       enterprise;
 *   <li>an alarm still unacknowledged (and neither cleared nor closed) to the level {@code L}
 *       channels once their owner's escalation delay for level {@code L} and the rule's severity
 *       has passed since the round began (by default the alarm's SLA times {@code L - 1});
 *   <li>a cleared or closed alarm, briefly, to every channel that was told of the round.
 * </ul>
 *
 * Storm control: a <em>flapping</em> alarm is not told round by round. Each channel hears of it
 * opened (or escalated) once, whichever round that is, and resolved once, when it is closed (not
 * when it clears), if it was told of it since its last resolved notice.
 *
 * <p>An enterprise's <em>summary</em> alarm (its cap of open alarms reached; no rule, no device)
 * counts as {@code critical}, is told to level 1 channels only (not escalated) and resolved when
 * closed.
 *
 * <p>Only channels whose minimum severity the alarm's severity reaches are told. Each channel hears
 * of each step of each round once (a unique index), so planning is safe to repeat and to run on
 * several replicas.
 */
public final class NotificationPlanner {

  /** Severities in rank order, for comparing a rule's with a channel's minimum. */
  private static final String RANK = "ARRAY['info','warning','critical']";

  /**
   * What escalation delays count from: the round's raise; for a flapping alarm, which starts a
   * round at every raise, its opening, so that flapping never holds its escalation back.
   */
  private static final String SINCE =
      "CASE WHEN a.flapping THEN a.opened_at ELSE coalesce(a.raised_at, a.opened_at) END";

  /** The alarm's severity: its rule's; a summary alarm (no rule) is critical. */
  private static final String SEVERITY = "coalesce(r.severity, 'critical')";

  private static final String ALARM_COLUMNS =
      " a.id, c.id, c.name, c.kind, c.language, c.level, a.park_id, p.name, p.timezone,"
          + " a.enterprise_id, e.name, a.device_id, d.name, a.rule_id, r.name, a.point, a.value, "
          + SEVERITY
          + ", a.opened_at, a.cleared_at, a.closed_at, a.round,"
          + " coalesce(a.raised_at, a.opened_at), a.flapping,"
          + " a.summary, a.suppressed, "
          + SINCE;

  private static final String ALARM_JOINS =
      " LEFT JOIN alarm_rule r ON r.id = a.rule_id"
          + " JOIN park p ON p.id = a.park_id"
          + " LEFT JOIN enterprise e ON e.id = a.enterprise_id"
          + " LEFT JOIN device d ON d.id = a.device_id";

  /**
   * Opened (level 1) and escalated (level 2 and up) steps of the alarms' current rounds that are
   * due and not yet planned; of a flapping alarm, only to channels never told of it.
   */
  private static final String DUE_STEPS =
      "SELECT * FROM (SELECT"
          + ALARM_COLUMNS
          + ", "
          + SINCE
          + " + make_interval(secs => CASE WHEN c.level = 1 THEN 0 ELSE coalesce("
          + "   CASE r.severity WHEN 'info' THEN l.info_seconds WHEN 'warning' THEN l.warning_seconds"
          + "   ELSE l.critical_seconds END, a.sla_seconds * (c.level - 1)) END) AS due"
          + " FROM alarm a"
          + " JOIN notification_channel c ON c.park_id = a.park_id"
          + "  AND (c.enterprise_id IS NULL OR c.enterprise_id = a.enterprise_id)"
          + ALARM_JOINS
          + " LEFT JOIN escalation_level l ON l.park_id = c.park_id"
          + "  AND l.enterprise_id IS NOT DISTINCT FROM c.enterprise_id AND l.level = c.level"
          + " WHERE c.enabled AND a.closed_at IS NULL AND (a.cleared_at IS NULL OR a.flapping)"
          + "  AND (c.level = 1 OR (a.acknowledged_at IS NULL AND NOT a.summary))"
          + "  AND array_position("
          + RANK
          + ", "
          + SEVERITY
          + ") >= array_position("
          + RANK
          + ", c.min_severity)"
          + "  AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.alarm_id = a.id"
          + "   AND n.channel_id = c.id AND n.event IN ('opened', 'escalated')"
          + "   AND n.status <> 'cancelled' AND (a.flapping OR n.round = a.round))"
          + ") steps WHERE due <= ? AND due > ? ORDER BY due";

  /**
   * Channels told of an alarm (of its current round; of a flapping alarm, of any round) and not
   * since resolved, once it is cleared or closed (a flapping alarm: once it is closed).
   */
  private static final String RESOLVED =
      "SELECT"
          + ALARM_COLUMNS
          + " FROM alarm a"
          + " JOIN LATERAL (SELECT n.channel_id, max(n.round) AS told FROM notification n"
          + "  WHERE n.alarm_id = a.id AND n.event IN ('opened', 'escalated')"
          + "  AND n.status = 'sent' AND (a.flapping OR n.round = a.round)"
          + "  GROUP BY n.channel_id) t ON true"
          + " JOIN notification_channel c ON c.id = t.channel_id"
          + ALARM_JOINS
          + " WHERE c.enabled"
          + "  AND (a.closed_at IS NOT NULL OR (a.cleared_at IS NOT NULL AND NOT a.flapping))"
          + "  AND CASE WHEN a.flapping THEN a.closed_at ELSE least(a.cleared_at, a.closed_at)"
          + "   END > ?"
          + "  AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.alarm_id = a.id"
          + "   AND n.channel_id = c.id AND n.event = 'resolved' AND n.round >= t.told)"
          + " ORDER BY least(a.cleared_at, a.closed_at)";

  private final DataSource dataSource;
  private final Optional<String> portalUrl;
  private final Duration maxAge;

  /**
   * @param portalUrl the portal's public address, for links to its alarms page
   * @param maxAge steps that became due longer ago than this are left out
   */
  public NotificationPlanner(DataSource dataSource, Optional<String> portalUrl, Duration maxAge) {
    this.dataSource = dataSource;
    this.portalUrl = portalUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    this.maxAge = maxAge;
  }

  /**
   * Plans what is due at {@code now}.
   *
   * @return how many notifications were added
   */
  public int plan(Instant now) throws SQLException {
    int added = 0;
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement q = c.prepareStatement(DUE_STEPS)) {
        q.setTimestamp(1, Timestamp.from(now));
        q.setTimestamp(2, Timestamp.from(now.minus(maxAge)));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            int level = rs.getInt(6);
            added += add(c, rs, level == 1 ? "opened" : "escalated", level, now);
          }
        }
      }
      try (PreparedStatement q = c.prepareStatement(RESOLVED)) {
        q.setTimestamp(1, Timestamp.from(now.minus(maxAge)));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            added += add(c, rs, "resolved", rs.getInt(6), now);
          }
        }
      }
    }
    return added;
  }

  private int add(Connection c, ResultSet rs, String event, int level, Instant now)
      throws SQLException {
    Instant cleared = instant(rs, 20);
    Instant closed = instant(rs, 21);
    int round = rs.getInt(22);
    boolean flapping = rs.getBoolean(24);
    String resolvedBy = null;
    Instant resolvedAt = null;
    if ("resolved".equals(event)) {
      // A flapping alarm is resolved only by being closed.
      boolean closedFirst =
          closed != null && (flapping || cleared == null || closed.isBefore(cleared));
      resolvedBy = closedFirst ? "closed" : "cleared";
      resolvedAt = closedFirst ? closed : cleared;
    }
    AlarmFacts facts =
        new AlarmFacts(
            rs.getLong(1),
            rs.getString(7),
            rs.getString(8),
            rs.getString(10),
            rs.getString(11),
            rs.getString(12),
            rs.getString(13),
            rs.getString(14),
            rs.getString(15),
            rs.getString(16),
            rs.getString(17),
            rs.getString(18),
            rs.getTimestamp(19).toInstant(),
            zone(rs.getString(9)),
            portalUrl.map(u -> u + "/portal/alarms").orElse(null),
            resolvedBy,
            resolvedAt,
            round,
            // An escalation says how long the alarm waits: of a flapping one, since it opened.
            rs.getTimestamp("escalated".equals(event) ? 27 : 23).toInstant(),
            rs.getBoolean(25),
            rs.getInt(26));
    Message message = Messages.alarm(event, level, rs.getString(5), facts, now);
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO notification (channel_id, channel_name, channel_kind, park_id,"
                + " enterprise_id, alarm_id, event, level, message, status, created_at, due_at,"
                + " round) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'pending', ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
      insert.setString(1, rs.getString(2));
      insert.setString(2, rs.getString(3));
      insert.setString(3, rs.getString(4));
      insert.setString(4, facts.park());
      insert.setString(5, facts.enterprise());
      insert.setLong(6, facts.alarm());
      insert.setString(7, event);
      insert.setInt(8, level);
      insert.setString(9, Json.write(message));
      insert.setTimestamp(10, Timestamp.from(now));
      insert.setTimestamp(11, Timestamp.from(now));
      insert.setInt(12, round);
      return insert.executeUpdate();
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id == null ? "Asia/Shanghai" : id);
    } catch (RuntimeException e) {
      return ZoneId.of("Asia/Shanghai");
    }
  }
}
