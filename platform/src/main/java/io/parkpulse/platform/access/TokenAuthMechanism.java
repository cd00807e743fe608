package io.parkpulse.platform.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the caller's token from {@code Authorization: Bearer ...} (API clients) or from the session
 * cookie (the portal).
 */
@ApplicationScoped
public class TokenAuthMechanism implements HttpAuthenticationMechanism {

  /** The portal's session cookie. */
  public static final String COOKIE = "parkpulse_session";

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identityProviderManager) {
    String token = token(context);
    if (token == null) {
      return Uni.createFrom().optional(Optional.empty());
    }
    Uni<SecurityIdentity> identity =
        identityProviderManager.authenticate(
            new TokenAuthenticationRequest(new TokenCredential(token, "bearer")));
    if (bearer(context) != null) {
      return identity;
    }
    // An expired session cookie makes the browser anonymous, so that the portal can ask it to sign
    // in again (the API still answers 401 to an anonymous call).
    return identity.onFailure(AuthenticationFailedException.class).recoverWithNull();
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }

  /** The token the request carries, or null. */
  static String token(RoutingContext context) {
    String bearer = bearer(context);
    if (bearer != null) {
      return bearer;
    }
    Cookie cookie = context.request().getCookie(COOKIE);
    return cookie == null ? null : cookie.getValue();
  }

  private static String bearer(RoutingContext context) {
    String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return null;
  }
}
