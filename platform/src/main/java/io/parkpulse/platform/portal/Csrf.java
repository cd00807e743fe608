package io.parkpulse.platform.portal;

import io.parkpulse.platform.access.TokenAuthMechanism;
import io.parkpulse.platform.api.ApiErrors;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The portal's protection against cross-site request forgery: every state-changing form carries a
 * token ({@code _csrf}) that only a page of the portal can know. It is derived from the session
 * (SHA-256 of the session token, which the browser keeps in an HttpOnly cookie and another site
 * cannot read), so that any platform replica checks it without shared state, and it changes with
 * every sign-in. A request that signs in with an {@code Authorization} header is not a browser's
 * cookie riding along, so it needs no token; nor does the sign-in form, which has no session yet.
 * {@code SameSite=Strict} on the cookie is the second line.
 */
final class Csrf {

  /** The form field that carries the token. */
  static final String FIELD = "_csrf";

  private Csrf() {}

  /** The token of the request's session, or empty if it has none. */
  static String token(HttpServerRequest request) {
    Cookie session = request.getCookie(TokenAuthMechanism.COOKIE);
    return session == null ? "" : of(session.getValue());
  }

  /**
   * Refuses (403) a form sent with the session cookie whose token is missing or not the session's.
   */
  static void require(HttpServerRequest request, String given) {
    Cookie session = request.getCookie(TokenAuthMechanism.COOKIE);
    if (session == null || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
      return;
    }
    byte[] expected = of(session.getValue()).getBytes(StandardCharsets.US_ASCII);
    byte[] actual = given == null ? new byte[0] : given.getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw ApiErrors.forbidden(
          "the form is out of date or came from another site: reload the page");
    }
  }

  private static String of(String sessionToken) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("parkpulse-csrf\n" + sessionToken).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
