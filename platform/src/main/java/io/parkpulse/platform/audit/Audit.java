package io.parkpulse.platform.audit;

import io.parkpulse.platform.access.Caller;
import io.parkpulse.platform.api.Json;
import io.smallrye.mutiny.Uni;
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
    return entry.persist().replaceWithVoid();
  }
}
