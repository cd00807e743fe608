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

/** An enterprise's notification channels: its admin's and its park operator's. */
@Path("/api/v1/enterprises/{enterprise}/notification-channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnterpriseChannelResource {

  private final NotificationService notifications;
  private final SecurityIdentity identity;

  EnterpriseChannelResource(NotificationService notifications, SecurityIdentity identity) {
    this.notifications = notifications;
    this.identity = identity;
  }

  @GET
  public Uni<List<ChannelView>> list(@PathParam("enterprise") String enterprise) {
    return notifications.list(caller(), Owner.enterprise(enterprise));
  }

  @POST
  public Uni<Response> create(@PathParam("enterprise") String enterprise, ChannelRequest request) {
    return notifications
        .create(caller(), Owner.enterprise(enterprise), request)
        .map(c -> Response.status(Response.Status.CREATED).entity(c).build());
  }

  @PUT
  @Path("/{channel}")
  public Uni<ChannelView> update(
      @PathParam("enterprise") String enterprise,
      @PathParam("channel") String channel,
      ChannelRequest request) {
    return notifications.update(caller(), Owner.enterprise(enterprise), channel, request);
  }

  @DELETE
  @Path("/{channel}")
  public Uni<Response> delete(
      @PathParam("enterprise") String enterprise, @PathParam("channel") String channel) {
    return notifications
        .delete(caller(), Owner.enterprise(enterprise), channel)
        .map(done -> Response.noContent().build());
  }

  /** Sends the channel's test message now and answers how it went. */
  @POST
  @Path("/{channel}/test")
  public Uni<TestResult> test(
      @PathParam("enterprise") String enterprise, @PathParam("channel") String channel) {
    return notifications.test(caller(), Owner.enterprise(enterprise), channel);
  }

  /** The channel's latest notifications, newest first. */
  @GET
  @Path("/{channel}/notifications")
  public Uni<List<NotificationView>> sent(
      @PathParam("enterprise") String enterprise,
      @PathParam("channel") String channel,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return notifications.sent(caller(), Owner.enterprise(enterprise), channel, limit);
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
