package io.parkpulse.platform.audit;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The audit log of the caller's scope, newest first. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};

  private final SecurityIdentity identity;

  AuditResource(SecurityIdentity identity) {
    this.identity = identity;
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

  @GET
  public Uni<List<AuditView>> list(
      @QueryParam("park") String park,
      @QueryParam("enterprise") String enterprise,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    Caller caller = Caller.of(identity);
    if (caller.role() == Role.ENTERPRISE_VIEWER) {
      throw ApiErrors.forbidden("viewers do not read the audit log");
    }
    require(limit >= 1 && limit <= 1000, "limit", "must be between 1 and 1000");
    StringBuilder query = new StringBuilder("1 = 1");
    Parameters params = new Parameters();
    if (park != null) {
      query.append(" and parkId = :park");
      params.and("park", park);
    }
    if (enterprise != null) {
      query.append(" and enterpriseId = :enterprise");
      params.and("enterprise", enterprise);
    }
    if (caller.role() == Role.PARK_OPERATOR) {
      query.append(" and parkId = :scopePark");
      params.and("scopePark", caller.park());
    } else if (caller.role() == Role.ENTERPRISE_ADMIN) {
      query.append(" and enterpriseId = :scopeEnterprise");
      params.and("scopeEnterprise", caller.enterprise());
    }
    return Panache.withSession(
            () ->
                AuditEntry.<AuditEntry>find(query.toString(), Sort.descending("id"), params)
                    .page(0, limit)
                    .list())
        .map(l -> l.stream().map(e -> AuditView.of((AuditEntry) e)).toList());
  }
}
