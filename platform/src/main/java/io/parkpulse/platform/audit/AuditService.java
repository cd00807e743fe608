package io.parkpulse.platform.audit;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.parkpulse.platform.tenancy.Scope.HqlFilter;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the audit log of the caller's scope; enterprise viewers do not read it. */
@ApplicationScoped
public class AuditService {

  private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};

  private final AuditRepository entries;
  private final TenancyGate gate;

  AuditService(AuditRepository entries, TenancyGate gate) {
    this.entries = entries;
    this.gate = gate;
  }

  /** One change as the API shows it. */
  public record AuditView(
      long id,
      Instant at,
      String actor,
      String action,
      String targetType,
      String targetId,
      String park,
      String enterprise,
      Map<String, Object> details) {
    static AuditView of(AuditEntry e) {
      return new AuditView(
          e.id,
          e.at,
          e.actor,
          e.action,
          e.targetType,
          e.targetId,
          e.parkId,
          e.enterpriseId,
          Json.read(e.details, DETAILS));
    }
  }

  /**
   * The newest entries of the caller's scope, newest first.
   *
   * @param park only this park's, or null
   * @param enterprise only this enterprise's, or null
   * @param limit at most this many, 1 to 1000
   */
  @WithSession
  public Uni<List<AuditView>> list(Caller caller, String park, String enterprise, int limit) {
    if (caller.role() == Role.ENTERPRISE_VIEWER) {
      throw ApiErrors.forbidden("viewers do not read the audit log");
    }
    require(limit >= 1 && limit <= 1000, "limit", "must be between 1 and 1000");
    HqlFilter scope = gate.scope(caller).hql("parkId", "enterpriseId");
    StringBuilder query = new StringBuilder("1 = 1").append(scope.clause());
    Map<String, Object> params = new HashMap<>(scope.params());
    if (park != null) {
      query.append(" and parkId = :park");
      params.put("park", park);
    }
    if (enterprise != null) {
      query.append(" and enterpriseId = :enterprise");
      params.put("enterprise", enterprise);
    }
    return entries
        .find(query.toString(), Sort.descending("id"), params)
        .page(0, limit)
        .list()
        .map(list -> list.stream().map(AuditView::of).toList());
  }
}
