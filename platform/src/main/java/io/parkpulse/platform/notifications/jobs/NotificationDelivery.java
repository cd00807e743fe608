package io.parkpulse.platform.notifications.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import io.micrometer.core.instrument.MeterRegistry;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.notifications.send.Delivery;
import io.parkpulse.platform.notifications.send.Message;
import io.parkpulse.platform.notifications.send.Sender;
import io.parkpulse.platform.notifications.send.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Sends the outbox's due notifications. Each run claims a batch (rows locked with {@code SKIP
 * LOCKED} and marked claimed for a while, so that replicas never send one twice at once), then per
 * notification:
 *
 * <ul>
 *   <li>a channel that had its {@code per_minute} attempts in the last minute: the notification
 *       waits until the oldest of them is a minute old (delayed, never dropped);
 *   <li>delivered: {@code sent};
 *   <li>failed: tried again after the next of the retry delays, until the last attempt; then, or at
 *       once when the receiver refused the request itself (a 4xx other than 408 and 429), {@code
 *       dead}, counted in {@code parkpulse_notifications_dead_total}.
 * </ul>
 *
 * Every attempt is recorded ({@code notification_attempt}) with its HTTP status and error. An
 * escalation not yet sent when its alarm is acknowledged, cleared or closed (or raised again since:
 * its round is over) is {@code cancelled}; of a flapping alarm, only when it is acknowledged or
 * closed, as it clears and raises again all the time.
 */
public final class NotificationDelivery {

  private static final Logger LOG = Logger.getLogger(NotificationDelivery.class);
  private static final TypeReference<Message> MESSAGE = new TypeReference<>() {};
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final int BATCH = 100;

  private final DataSource dataSource;
  private final Sender sender;
  private final MeterRegistry meters;
  private final int maxAttempts;
  private final List<Duration> retryDelays;
  private final Duration claim;

  /**
   * @param retryDelays the wait after the first, second, … failed attempt; the last repeats
   * @param claim how long a claimed notification is left to this replica
   */
  public NotificationDelivery(
      DataSource dataSource,
      Sender sender,
      MeterRegistry meters,
      int maxAttempts,
      List<Duration> retryDelays,
      Duration claim) {
    if (maxAttempts < 1 || retryDelays.isEmpty()) {
      throw new IllegalArgumentException(
          "parkpulse.platform.notifications: max-attempts must be 1 or more and retry-delays"
              + " must name at least one delay");
    }
    this.dataSource = dataSource;
    this.sender = sender;
    this.meters = meters;
    this.maxAttempts = maxAttempts;
    this.retryDelays = List.copyOf(retryDelays);
    this.claim = claim;
  }

  /** What a run did. */
  public record Run(int sent, int failed, int dead, int delayed, int cancelled) {}

  /** A claimed notification with its channel (null fields: the channel was removed). */
  private record Due(
      long id,
      Instant due,
      int attempts,
      Message message,
      String channel,
      String kind,
      String target,
      String secret,
      int perMinute,
      boolean enabled) {}

  /** Sends what is due at {@code now}. */
  public Run run(Instant now) throws SQLException {
    int sent = 0;
    int failed = 0;
    int dead = 0;
    int delayed = 0;
    int cancelled;
    try (Connection c = dataSource.getConnection()) {
      cancelled = cancelEscalations(c);
      List<Due> batch = claim(c, now);
      Map<String, Deque<Instant>> recent = new HashMap<>();
      for (Due due : batch) {
        if (due.channel() == null) {
          finish(c, due, "cancelled", null, "the channel was removed", now);
          cancelled++;
          continue;
        }
        if (!due.enabled()) {
          finish(c, due, "cancelled", null, "the channel is disabled", now);
          cancelled++;
          continue;
        }
        Deque<Instant> window = recent.computeIfAbsent(due.channel(), ch -> attempts(c, ch, now));
        while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(MINUTE))) {
          window.pollFirst();
        }
        if (window.size() >= due.perMinute()) {
          delay(c, due.id(), window.peekFirst().plus(MINUTE));
          delayed++;
          continue;
        }
        window.addLast(now);
        Delivery result = attempt(c, due, now);
        if (result.ok()) {
          finish(c, due, "sent", result.httpStatus(), null, now);
          sent++;
        } else if (result.permanent() || due.attempts() + 1 >= maxAttempts) {
          finish(c, due, "dead", result.httpStatus(), result.error(), now);
          meters.counter("parkpulse.notifications.dead", "kind", due.kind()).increment();
          LOG.warnf(
              "notification %d to channel %s is dead after %d attempts: %s",
              due.id(), due.channel(), due.attempts() + 1, result.error());
          dead++;
        } else {
          retry(c, due, result, now);
          failed++;
        }
      }
    }
    return new Run(sent, failed, dead, delayed, cancelled);
  }

  /**
   * Sends a channel's test message now, once, and records it.
   *
   * @return the notification's id and how it went
   */
  public Sent test(String channel, String park, String enterprise, Message message, Instant now)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Due due;
      try (PreparedStatement insert =
          c.prepareStatement(
              "WITH ch AS (SELECT * FROM notification_channel WHERE id = ?),"
                  + " ins AS (INSERT INTO notification (channel_id, channel_name, channel_kind,"
                  + "  park_id, enterprise_id, event, level, message, status, created_at, due_at)"
                  + "  SELECT id, name, kind, park_id, enterprise_id, 'test', 0, ?::jsonb,"
                  + "  'pending', ?, ? FROM ch RETURNING id)"
                  + " SELECT ins.id, ch.kind, ch.target, ch.secret, ch.per_minute FROM ins, ch")) {
        insert.setString(1, channel);
        insert.setString(2, Json.write(message));
        insert.setTimestamp(3, Timestamp.from(now));
        insert.setTimestamp(4, Timestamp.from(now));
        try (ResultSet rs = insert.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("channel " + channel + " was removed meanwhile");
          }
          due =
              new Due(
                  rs.getLong(1),
                  now,
                  0,
                  message,
                  channel,
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getInt(5),
                  true);
        }
      }
      Delivery result = attempt(c, due, now);
      finish(c, due, result.ok() ? "sent" : "failed", result.httpStatus(), result.error(), now);
      return new Sent(due.id(), result);
    }
  }

  /** A test message's notification and its outcome. */
  public record Sent(long notification, Delivery delivery) {}

  private int cancelEscalations(Connection c) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "UPDATE notification n SET status = 'cancelled', error = 'the alarm was'"
                + " || CASE WHEN a.acknowledged_at IS NOT NULL THEN ' acknowledged'"
                + " WHEN a.closed_at IS NOT NULL OR a.cleared_at IS NOT NULL"
                + " THEN ' cleared or closed' ELSE ' raised again' END || ' before it was sent'"
                + " FROM alarm a WHERE a.id = n.alarm_id AND n.status = 'pending'"
                + " AND n.event = 'escalated' AND (a.acknowledged_at IS NOT NULL"
                + " OR a.closed_at IS NOT NULL OR (NOT a.flapping"
                + " AND (a.cleared_at IS NOT NULL OR n.round <> a.round)))")) {
      return q.executeUpdate();
    }
  }

  private List<Due> claim(Connection c, Instant now) throws SQLException {
    List<Due> batch = new ArrayList<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "WITH due AS (SELECT id FROM notification WHERE status = 'pending' AND due_at <= ?"
                + "  AND (claimed_until IS NULL OR claimed_until < ?)"
                + "  ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED),"
                + " claimed AS (UPDATE notification n SET claimed_until = ? FROM due"
                + "  WHERE n.id = due.id"
                + "  RETURNING n.id, n.due_at, n.attempts, n.message, n.channel_id)"
                + " SELECT cl.id, cl.due_at, cl.attempts, cl.message::text, c.id, c.kind, c.target,"
                + " c.secret, c.per_minute, c.enabled"
                + " FROM claimed cl LEFT JOIN notification_channel c ON c.id = cl.channel_id")) {
      q.setTimestamp(1, Timestamp.from(now));
      q.setTimestamp(2, Timestamp.from(now));
      q.setInt(3, BATCH);
      q.setTimestamp(4, Timestamp.from(now.plus(claim)));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          batch.add(
              new Due(
                  rs.getLong(1),
                  rs.getTimestamp(2).toInstant(),
                  rs.getInt(3),
                  Json.read(rs.getString(4), MESSAGE),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getInt(9),
                  rs.getBoolean(10)));
        }
      }
    }
    batch.sort(Comparator.comparing(Due::due).thenComparingLong(Due::id));
    return batch;
  }

  /** The channel's attempts of the minute before {@code now}, oldest first. */
  private static Deque<Instant> attempts(Connection c, String channel, Instant now) {
    Deque<Instant> window = new ArrayDeque<>();
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT at FROM notification_attempt WHERE channel_id = ? AND at > ? AND at <= ?"
                + " ORDER BY at")) {
      q.setString(1, channel);
      q.setTimestamp(2, Timestamp.from(now.minus(MINUTE)));
      q.setTimestamp(3, Timestamp.from(now));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          window.addLast(rs.getTimestamp(1).toInstant());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading channel " + channel + "'s attempts failed", e);
    }
    return window;
  }

  /** Sends once and records the attempt. */
  private Delivery attempt(Connection c, Due due, Instant now) throws SQLException {
    Delivery result =
        sender.send(
            new Target(due.channel(), due.kind(), due.target(), due.secret()),
            due.id(),
            due.message(),
            now);
    meters
        .counter(
            "parkpulse.notifications.attempts",
            "kind",
            due.kind(),
            "outcome",
            result.ok() ? "sent" : "failed")
        .increment();
    try (PreparedStatement q =
        c.prepareStatement(
            "INSERT INTO notification_attempt (notification_id, channel_id, at, ok, http_status,"
                + " error) VALUES (?, ?, ?, ?, ?, ?)")) {
      q.setLong(1, due.id());
      q.setString(2, due.channel());
      q.setTimestamp(3, Timestamp.from(now));
      q.setBoolean(4, result.ok());
      setStatus(q, 5, result.httpStatus());
      q.setString(6, result.error());
      q.executeUpdate();
    }
    return result;
  }

  private static void finish(
      Connection c, Due due, String status, Integer httpStatus, String error, Instant now)
      throws SQLException {
    boolean attempted = due.channel() != null && due.enabled();
    try (PreparedStatement q =
        c.prepareStatement(
            "UPDATE notification SET status = ?, attempts = attempts + ?, claimed_until = NULL,"
                + " sent_at = CASE WHEN ?::text = 'sent' THEN ?::timestamptz END, http_status = ?, error = ?"
                + " WHERE id = ?")) {
      q.setString(1, status);
      q.setInt(2, attempted ? 1 : 0);
      q.setString(3, status);
      q.setTimestamp(4, Timestamp.from(now));
      setStatus(q, 5, httpStatus);
      q.setString(6, error);
      q.setLong(7, due.id());
      q.executeUpdate();
    }
  }

  private void retry(Connection c, Due due, Delivery result, Instant now) throws SQLException {
    Duration wait = retryDelays.get(Math.min(due.attempts(), retryDelays.size() - 1));
    try (PreparedStatement q =
        c.prepareStatement(
            "UPDATE notification SET attempts = attempts + 1, due_at = ?, claimed_until = NULL,"
                + " http_status = ?, error = ? WHERE id = ?")) {
      q.setTimestamp(1, Timestamp.from(now.plus(wait)));
      setStatus(q, 2, result.httpStatus());
      q.setString(3, result.error());
      q.setLong(4, due.id());
      q.executeUpdate();
    }
  }

  private static void delay(Connection c, long id, Instant until) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "UPDATE notification SET due_at = ?, claimed_until = NULL WHERE id = ?")) {
      q.setTimestamp(1, Timestamp.from(until));
      q.setLong(2, id);
      q.executeUpdate();
    }
  }

  private static void setStatus(PreparedStatement q, int index, Integer status)
      throws SQLException {
    if (status == null) {
      q.setNull(index, Types.INTEGER);
    } else {
      q.setInt(index, status);
    }
  }
}
