package io.parkpulse.platform.notifications;

import io.parkpulse.platform.notifications.NotificationService.Escalation;
import io.parkpulse.platform.notifications.NotificationService.Owner;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An enterprise's escalation levels: its admin's and its park operator's. */
@Path("/api/v1/enterprises/{enterprise}/escalation-levels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnterpriseEscalationResource {

  private final NotificationService notifications;
  private final SecurityIdentity identity;

  EnterpriseEscalationResource(NotificationService notifications, SecurityIdentity identity) {
    this.notifications = notifications;
    this.identity = identity;
  }

  @GET
  public Uni<Escalation> get(@PathParam("enterprise") String enterprise) {
    return notifications.escalation(Caller.of(identity), Owner.enterprise(enterprise));
  }

  /** Replaces the levels. */
  @PUT
  public Uni<Escalation> set(@PathParam("enterprise") String enterprise, Escalation levels) {
    return notifications.setEscalation(Caller.of(identity), Owner.enterprise(enterprise), levels);
  }
}
