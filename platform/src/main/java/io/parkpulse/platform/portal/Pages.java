package io.parkpulse.platform.portal;

import io.parkpulse.platform.portal.Texts.Lang;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;

/** Who is asking and in which language: what every page of a request is built with. */
@ApplicationScoped
public class Pages {

  /** The cookie that keeps the chosen language. */
  static final String LANG_COOKIE = "parkpulse_lang";

  private final SecurityIdentity identity;
  private final HttpServerRequest request;
  private final Texts texts = Texts.load();

  Pages(SecurityIdentity identity, HttpServerRequest request) {
    this.identity = identity;
    this.request = request;
  }

  /** The signed-in caller; a sign-in page if there is none. */
  Caller caller() {
    Caller caller = callerOrNull();
    if (caller == null) {
      throw new AuthenticationFailedException("not signed in");
    }
    return caller;
  }

  /** The signed-in caller, or null. */
  Caller callerOrNull() {
    return identity.isAnonymous() ? null : Caller.of(identity);
  }

  /** A page for {@code caller} (null before signing in), with times in {@code zone}. */
  Page page(Caller caller, ZoneId zone) {
    Cookie lang = request.getCookie(LANG_COOKIE);
    return new Page(
        texts, Lang.of(lang == null ? null : lang.getValue()), caller, request.uri(), zone);
  }

  /** Whether the request is a GET. */
  boolean isGet() {
    return request.method() == HttpMethod.GET;
  }

  /** The request's path and query, to come back to. */
  String uri() {
    return request.uri();
  }
}
