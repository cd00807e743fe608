package io.parkpulse.platform.access;

import io.parkpulse.platform.access.UserService.UserRequest;
import io.parkpulse.platform.access.UserService.UserView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Users: each admin manages the users of its own scope and below. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

  private final SecurityIdentity identity;
  private final UserService users;

  UserResource(SecurityIdentity identity, UserService users) {
    this.identity = identity;
    this.users = users;
  }

  @GET
  public Uni<List<UserView>> list() {
    return users.list(caller());
  }

  @GET
  @Path("/{user}")
  public Uni<UserView> get(@PathParam("user") String id) {
    return users.get(caller(), id);
  }

  @POST
  public Uni<Response> create(UserRequest request) {
    return users
        .create(caller(), request)
        .map(u -> Response.status(Response.Status.CREATED).entity(u).build());
  }

  @PUT
  @Path("/{user}")
  public Uni<UserView> update(
      @PathParam("user") String id, UserRequest request, @Context RoutingContext context) {
    String token = TokenAuthMechanism.token(context);
    return users.update(caller(), id, request, token == null ? null : Tokens.hash(token));
  }

  @DELETE
  @Path("/{user}")
  public Uni<Response> delete(@PathParam("user") String id) {
    return users.delete(caller(), id).replaceWith(Response.noContent().build());
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
