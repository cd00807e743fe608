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

/** A park's escalation levels: its operator's. */
@Path("/api/v1/parks/{park}/escalation-levels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkEscalationResource {

  private final NotificationService notifications;
  private final SecurityIdentity identity;

  ParkEscalationResource(NotificationService notifications, SecurityIdentity identity) {
    this.notifications = notifications;
    this.identity = identity;
  }

  @GET
  public Uni<Escalation> get(@PathParam("park") String park) {
    return notifications.escalation(Caller.of(identity), Owner.park(park));
  }

  /** Replaces the levels. */
  @PUT
  public Uni<Escalation> set(@PathParam("park") String park, Escalation levels) {
    return notifications.setEscalation(Caller.of(identity), Owner.park(park), levels);
  }
}
