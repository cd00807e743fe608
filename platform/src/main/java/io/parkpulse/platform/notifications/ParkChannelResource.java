package io.parkpulse.platform.notifications;

import io.parkpulse.platform.notifications.NotificationService.Owner;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A park's notification channels: its operator's. */
@Path("/api/v1/parks/{owner}/notification-channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkChannelResource extends ChannelEndpoints {

  ParkChannelResource(NotificationService notifications, SecurityIdentity identity) {
    super(notifications, identity);
  }

  @Override
  Owner owner(String id) {
    return Owner.park(id);
  }
}
