package io.parkpulse.platform.access;

import io.parkpulse.platform.access.TokenService.TokenRequest;
import io.parkpulse.platform.access.TokenService.TokenView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Long-lived API tokens for integrators and automation, scoped like users and revocable. The token
 * is shown once, at creation.
 */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

  private final SecurityIdentity identity;
  private final TokenService tokens;

  TokenResource(SecurityIdentity identity, TokenService tokens) {
    this.identity = identity;
    this.tokens = tokens;
  }

  @GET
  public Uni<List<TokenView>> list() {
    return tokens.list(caller());
  }

  @POST
  public Uni<Response> create(TokenRequest request) {
    return tokens
        .create(caller(), request)
        .map(created -> Response.status(Response.Status.CREATED).entity(created).build());
  }

  /** Revokes the token at once: the next request made with it is refused. */
  @DELETE
  @Path("/{id}")
  public Uni<Response> revoke(@PathParam("id") String id) {
    return tokens.revoke(caller(), id).replaceWith(Response.noContent().build());
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
