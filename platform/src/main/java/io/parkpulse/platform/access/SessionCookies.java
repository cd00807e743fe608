package io.parkpulse.platform.access;

import io.parkpulse.platform.PlatformConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The session cookie of the portal: {@code HttpOnly}, {@code SameSite=Strict}, and {@code Secure}
 * when the browser reached the platform over HTTPS (directly, or through a trusted proxy that says
 * so with {@code X-Forwarded-Proto}), or always when {@code auth.secure-cookies} says so.
 */
@ApplicationScoped
public class SessionCookies {

  private final Optional<Boolean> secure;

  SessionCookies(PlatformConfig config) {
    this.secure = config.auth().secureCookies();
  }

  /** The cookie that carries a new session in the browser. */
  public NewCookie open(String token, Instant expiresAt, HttpServerRequest request) {
    return base(request)
        .value(token)
        .httpOnly(true)
        .sameSite(NewCookie.SameSite.STRICT)
        .maxAge((int) Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds()))
        .build();
  }

  /** The cookie that ends the session in the browser. */
  public NewCookie ended(HttpServerRequest request) {
    return base(request).value("").httpOnly(true).maxAge(0).build();
  }

  private NewCookie.Builder base(HttpServerRequest request) {
    boolean https = "https".equalsIgnoreCase(request.scheme());
    return new NewCookie.Builder(TokenAuthMechanism.COOKIE).path("/").secure(secure.orElse(https));
  }
}
