package io.parkpulse.platform.notifications.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What was sent: the notifications of an alarm or a channel with every attempt at them. Blocking
 * JDBC: call it on a worker thread, for an alarm or channel the tenancy gate let through.
 */
public final class NotificationLog {

  private final DataSource dataSource;

  public NotificationLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** One attempt at sending. */
  public record AttemptView(Instant at, boolean ok, Integer httpStatus, String error) {}

  /**
   * A notification and its outcome.
   *
   * @param channel the channel's id, null once the channel is removed
   * @param event opened, escalated, resolved or test
   * @param round the alarm's round it tells of: 1 from when the alarm opened, one more each time it
   *     was raised again after it cleared (1 for a test message)
   * @param status pending, sent, failed (a test that failed), dead or cancelled
   * @param dueAt when it is (or was last) due: after a failure, the next attempt
   */
  public record NotificationView(
      long id,
      String channel,
      String channelName,
      String channelKind,
      Long alarm,
      String event,
      int level,
      int round,
      String title,
      String status,
      int attempts,
      Instant createdAt,
      Instant dueAt,
      Instant sentAt,
      Integer httpStatus,
      String error,
      List<AttemptView> attemptLog) {}

  /** The park and enterprise of an alarm, if it exists. */
  public record AlarmOwner(String park, String enterprise) {}

  public Optional<AlarmOwner> alarm(long id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement("SELECT park_id, enterprise_id FROM alarm WHERE id = ?")) {
      q.setLong(1, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next()
            ? Optional.of(new AlarmOwner(rs.getString(1), rs.getString(2)))
            : Optional.empty();
      }
    }
  }

  /**
   * An alarm's notifications, oldest first: all of them, or with {@code enterprise} only those to
   * that enterprise's own channels (not its park operator's).
   */
  public List<NotificationView> ofAlarm(long alarm, String enterprise) throws SQLException {
    return enterprise == null
        ? list("n.alarm_id = ?", false, 1000, alarm)
        : list(
            "n.alarm_id = ? AND n.channel_id IN"
                + " (SELECT c.id FROM notification_channel c WHERE c.enterprise_id = ?)",
            false,
            1000,
            alarm,
            enterprise);
  }

  /** A channel's latest notifications, newest first. */
  public List<NotificationView> ofChannel(String channel, int limit) throws SQLException {
    return list("n.channel_id = ?", true, limit, channel);
  }

  private List<NotificationView> list(String where, boolean newestFirst, int limit, Object... keys)
      throws SQLException {
    Map<Long, NotificationView> found = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT n.id, n.channel_id, n.channel_name, n.channel_kind, n.alarm_id, n.event,"
                  + " n.level, n.message->>'title', n.status, n.attempts, n.created_at,"
                  + " n.due_at, n.sent_at, n.http_status, n.error, n.round FROM notification n"
                  + " WHERE "
                  + where
                  + (newestFirst ? " ORDER BY n.id DESC" : " ORDER BY n.id")
                  + " LIMIT ?")) {
        for (int i = 0; i < keys.length; i++) {
          q.setObject(i + 1, keys[i]);
        }
        q.setInt(keys.length + 1, limit);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            long alarm = rs.getLong(5);
            Long alarmId = rs.wasNull() ? null : alarm;
            int status = rs.getInt(14);
            Integer httpStatus = rs.wasNull() ? null : status;
            found.put(
                rs.getLong(1),
                new NotificationView(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    alarmId,
                    rs.getString(6),
                    rs.getInt(7),
                    rs.getInt(16),
                    rs.getString(8),
                    rs.getString(9),
                    rs.getInt(10),
                    instant(rs, 11),
                    instant(rs, 12),
                    instant(rs, 13),
                    httpStatus,
                    rs.getString(15),
                    new ArrayList<>()));
          }
        }
      }
      if (found.isEmpty()) {
        return List.of();
      }
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT notification_id, at, ok, http_status, error FROM notification_attempt"
                  + " WHERE notification_id = ANY (?) ORDER BY id")) {
        q.setArray(1, c.createArrayOf("bigint", found.keySet().toArray()));
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            int status = rs.getInt(4);
            Integer httpStatus = rs.wasNull() ? null : status;
            found
                .get(rs.getLong(1))
                .attemptLog()
                .add(
                    new AttemptView(instant(rs, 2), rs.getBoolean(3), httpStatus, rs.getString(5)));
          }
        }
      }
    }
    return List.copyOf(found.values());
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
