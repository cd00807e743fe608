package io.parkpulse.platform.notifications;

import io.parkpulse.platform.notifications.NotificationService.Owner;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An enterprise's notification channels: its admin's and its park operator's. */
@Path("/api/v1/enterprises/{owner}/notification-channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnterpriseChannelResource extends ChannelEndpoints {

  EnterpriseChannelResource(NotificationService notifications, SecurityIdentity identity) {
    super(notifications, identity);
  }

  @Override
  Owner owner(String id) {
    return Owner.enterprise(id);
  }
}
