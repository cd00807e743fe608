package io.parkpulse.platform.audit;

import io.parkpulse.platform.audit.AuditService.AuditView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The audit log of the caller's scope, newest first. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

  private final AuditService audit;
  private final SecurityIdentity identity;

  AuditResource(AuditService audit, SecurityIdentity identity) {
    this.audit = audit;
    this.identity = identity;
  }

  @GET
  public Uni<List<AuditView>> list(
      @QueryParam("park") String park,
      @QueryParam("enterprise") String enterprise,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return audit.list(Caller.of(identity), park, enterprise, limit);
  }
}
