package io.parkpulse.platform.audit;

import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.tenancy.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records a change in the transaction that makes it, so that no change goes unaudited. */
@ApplicationScoped
public class AuditLog {

  private final AuditRepository entries;

  AuditLog(AuditRepository entries) {
    this.entries = entries;
  }

  /**
   * Adds an entry to the current transaction.
   *
   * @param action what was done, e.g. {@code device.create}
   * @param targetType the kind of thing changed
   * @param targetId its id
   * @param park the park it belongs to
   * @param enterprise the enterprise it belongs to, or null for park-level things
   * @param details what changed; callers pass no secrets
   */
  public Uni<Void> record(
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
    return entries.persist(entry).replaceWithVoid();
  }

  /** Details for an entry from name-value pairs, in their order; a value may be null. */
  public static Map<String, Object> details(Object... pairs) {
    Map<String, Object> details = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      details.put((String) pairs[i], pairs[i + 1]);
    }
    return details;
  }
}
