package io.parkpulse.platform.notifications;

import io.parkpulse.platform.notifications.NotificationService.ChannelRequest;
import io.parkpulse.platform.notifications.NotificationService.ChannelView;
import io.parkpulse.platform.notifications.NotificationService.Owner;
import io.parkpulse.platform.notifications.NotificationService.TestResult;
import io.parkpulse.platform.notifications.readmodel.NotificationLog.NotificationView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The notification channel endpoints, the same for a park's and an enterprise's channels: the
 * resource of each says whose channels {@code {owner}} names.
 */
abstract class ChannelEndpoints {

  private final NotificationService notifications;
  private final SecurityIdentity identity;

  ChannelEndpoints(NotificationService notifications, SecurityIdentity identity) {
    this.notifications = notifications;
    this.identity = identity;
  }

  /** Whose channels the path's {@code {owner}} names. */
  abstract Owner owner(String id);

  @GET
  public Uni<List<ChannelView>> list(@PathParam("owner") String owner) {
    return notifications.list(caller(), owner(owner));
  }

  @POST
  public Uni<Response> create(@PathParam("owner") String owner, ChannelRequest request) {
    return notifications
        .create(caller(), owner(owner), request)
        .map(c -> Response.status(Response.Status.CREATED).entity(c).build());
  }

  @PUT
  @Path("/{channel}")
  public Uni<ChannelView> update(
      @PathParam("owner") String owner,
      @PathParam("channel") String channel,
      ChannelRequest request) {
    return notifications.update(caller(), owner(owner), channel, request);
  }

  @DELETE
  @Path("/{channel}")
  public Uni<Response> delete(
      @PathParam("owner") String owner, @PathParam("channel") String channel) {
    return notifications
        .delete(caller(), owner(owner), channel)
        .map(done -> Response.noContent().build());
  }

  /** Sends the channel's test message now and answers how it went. */
  @POST
  @Path("/{channel}/test")
  public Uni<TestResult> test(
      @PathParam("owner") String owner, @PathParam("channel") String channel) {
    return notifications.test(caller(), owner(owner), channel);
  }

  /** The channel's latest notifications, newest first. */
  @GET
  @Path("/{channel}/notifications")
  public Uni<List<NotificationView>> sent(
      @PathParam("owner") String owner,
      @PathParam("channel") String channel,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return notifications.sent(caller(), owner(owner), channel, limit);
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
