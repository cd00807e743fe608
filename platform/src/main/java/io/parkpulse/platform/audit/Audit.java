package io.parkpulse.platform.audit;

import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/** Records a change in the transaction that makes it. */
public final class Audit {

  private Audit() {}

  /**
   * Persists an audit entry in the current session.
   *
   * @param details what changed; callers pass no secrets
   */
  public static Uni<Void> record(
      Caller caller,
      String action,
      String targetType,
      String targetId,
      String park,
      String enterprise,
      Map<String, ?> details) {
    AuditEntry entry = new AuditEntry();
    entry.at = Instant.now();
    entry.actor = caller.subject();
    entry.action = action;
    entry.targetType = targetType;
    entry.targetId = targetId;
    entry.parkId = park;
    entry.enterpriseId = enterprise;
    entry.details = Json.write(details);
    return Panache.getSession().flatMap(s -> s.persist(entry));
  }

  /**
   * For the JDBC resources: writes an audit entry on {@code c}, in the transaction of the change
   * when {@code c} has one.
   *
   * @param details what changed; callers pass no secrets
   */
  public static void record(
      Connection c,
      Caller caller,
      String action,
      String targetType,
      String targetId,
      String park,
      String enterprise,
      Map<String, ?> details)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO audit_log (at, actor, action, target_type, target_id, park_id,"
                + " enterprise_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
      insert.setTimestamp(1, Timestamp.from(Instant.now()));
      insert.setString(2, caller.subject());
      insert.setString(3, action);
      insert.setString(4, targetType);
      insert.setString(5, targetId);
      insert.setString(6, park);
      insert.setString(7, enterprise);
      insert.setString(8, Json.write(details));
      insert.executeUpdate();
    }
  }
}
