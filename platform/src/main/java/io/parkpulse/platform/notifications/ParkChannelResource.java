package io.parkpulse.platform.notifications;

import io.parkpulse.platform.notifications.NotificationService.ChannelRequest;
import io.parkpulse.platform.notifications.NotificationService.ChannelView;
import io.parkpulse.platform.notifications.NotificationService.Owner;
import io.parkpulse.platform.notifications.NotificationService.TestResult;
import io.parkpulse.platform.notifications.readmodel.NotificationLog.NotificationView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A park's notification channels: its operator's. */
@Path("/api/v1/parks/{park}/notification-channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkChannelResource {

  private final NotificationService notifications;
  private final SecurityIdentity identity;

  ParkChannelResource(NotificationService notifications, SecurityIdentity identity) {
    this.notifications = notifications;
    this.identity = identity;
  }

  @GET
  public Uni<List<ChannelView>> list(@PathParam("park") String park) {
    return notifications.list(caller(), Owner.park(park));
  }

  @POST
  public Uni<Response> create(@PathParam("park") String park, ChannelRequest request) {
    return notifications
        .create(caller(), Owner.park(park), request)
        .map(c -> Response.status(Response.Status.CREATED).entity(c).build());
  }

  @PUT
  @Path("/{channel}")
  public Uni<ChannelView> update(
      @PathParam("park") String park,
      @PathParam("channel") String channel,
      ChannelRequest request) {
    return notifications.update(caller(), Owner.park(park), channel, request);
  }

  @DELETE
  @Path("/{channel}")
  public Uni<Response> delete(
      @PathParam("park") String park, @PathParam("channel") String channel) {
    return notifications
        .delete(caller(), Owner.park(park), channel)
        .map(done -> Response.noContent().build());
  }

  /** Sends the channel's test message now and answers how it went. */
  @POST
  @Path("/{channel}/test")
  public Uni<TestResult> test(
      @PathParam("park") String park, @PathParam("channel") String channel) {
    return notifications.test(caller(), Owner.park(park), channel);
  }

  /** The channel's latest notifications, newest first. */
  @GET
  @Path("/{channel}/notifications")
  public Uni<List<NotificationView>> sent(
      @PathParam("park") String park,
      @PathParam("channel") String channel,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return notifications.sent(caller(), Owner.park(park), channel, limit);
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
