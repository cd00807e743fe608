package io.parkpulse.platform.notifications;

import io.parkpulse.platform.notifications.readmodel.NotificationLog.NotificationView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** What was sent about an alarm, to which channel, and how it went. */
@Path("/api/v1/alarms/{alarm}/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class AlarmNotificationResource {

  private final NotificationService notifications;
  private final SecurityIdentity identity;

  AlarmNotificationResource(NotificationService notifications, SecurityIdentity identity) {
    this.notifications = notifications;
    this.identity = identity;
  }

  /** Oldest first, each with its attempts. */
  @GET
  public Uni<List<NotificationView>> list(@PathParam("alarm") long alarm) {
    return notifications.ofAlarm(Caller.of(identity), alarm);
  }
}
