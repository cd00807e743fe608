package io.parkpulse.platform.access;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/** Sign in and out. A session works as a bearer token and, for the portal, as a cookie. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class LoginResource {

  private final SessionService sessions;
  private final SessionCookies cookies;
  private final SecurityIdentity identity;

  LoginResource(SessionService sessions, SessionCookies cookies, SecurityIdentity identity) {
    this.sessions = sessions;
    this.cookies = cookies;
    this.identity = identity;
  }

  /** Credentials to sign in with. */
  public record Login(String user, String password) {}

  /** A new session: the token is shown this once. */
  public record Session(
      String token, Instant expiresAt, String user, String role, String park, String enterprise) {}

  /** Who is signed in. */
  public record Me(String subject, String role, String park, String enterprise) {}

  @POST
  @Path("/login")
  @Consumes(MediaType.APPLICATION_JSON)
  public Uni<Response> login(Login login, @Context HttpServerRequest request) {
    ApiErrors.require(login != null && login.user() != null, "user", "is required");
    ApiErrors.require(login.password() != null, "password", "is required");
    return sessions
        .login(login.user(), login.password(), ClientAddress.of(request))
        .map(result -> answer(result, request));
  }

  private Response answer(SessionService.LoginResult result, HttpServerRequest request) {
    if (result instanceof SessionService.LoginResult.Session s) {
      Caller c = s.caller();
      NewCookie cookie = cookies.open(s.token(), s.expiresAt(), request);
      return Response.ok(
              new Session(
                  s.token(), s.expiresAt(), c.subject(), c.role().id(), c.park(), c.enterprise()))
          .cookie(cookie)
          .build();
    }
    if (result instanceof SessionService.LoginResult.Throttled t) {
      return Response.status(429)
          .header(HttpHeaders.RETRY_AFTER, t.retryAfterSeconds())
          .entity(new ApiErrors.Problem("too many failed sign-ins: try again after " + t.until()))
          .build();
    }
    return Response.status(Response.Status.UNAUTHORIZED)
        .entity(new ApiErrors.Problem("unknown user or wrong password"))
        .build();
  }

  /** Ends the session (or revokes the token) the request was made with. */
  @POST
  @Path("/logout")
  public Uni<Response> logout(@Context io.vertx.ext.web.RoutingContext context) {
    String token = TokenAuthMechanism.token(context);
    Uni<Void> ended = token == null ? Uni.createFrom().voidItem() : sessions.logout(token);
    return ended.replaceWith(
        () -> Response.noContent().cookie(cookies.ended(context.request())).build());
  }

  @GET
  @Path("/me")
  public Me me() {
    Caller c = Caller.of(identity);
    return new Me(c.subject(), c.role().id(), c.park(), c.enterprise());
  }
}
