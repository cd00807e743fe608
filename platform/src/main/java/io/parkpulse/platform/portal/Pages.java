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
import java.util.Map;

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
    return page(request, caller, zone, Map.of());
  }

  /**
   * A page for {@code caller} with times in the zone of its park (the default zone for a platform
   * admin) and the rows of each park in {@code zones} in that park's zone.
   */
  Page page(Caller caller, Map<String, ZoneId> zones) {
    ZoneId own = caller.park() == null ? null : zones.get(caller.park());
    return page(request, caller, own == null ? Page.DEFAULT_ZONE : own, zones);
  }

  /**
   * A page for {@code request} as it is, for the few answers given outside the REST layer, where
   * the request-scoped one is not available.
   */
  Page page(HttpServerRequest request, Caller caller) {
    return page(request, caller, Page.DEFAULT_ZONE, Map.of());
  }

  private Page page(
      HttpServerRequest request, Caller caller, ZoneId zone, Map<String, ZoneId> zones) {
    Cookie lang = request.getCookie(LANG_COOKIE);
    return new Page(
        texts,
        Lang.of(lang == null ? null : lang.getValue()),
        caller,
        request.uri(),
        zone,
        zones,
        Csrf.token(request));
  }

  /**
   * Refuses (403) a state-changing form whose {@code _csrf} is not its session's ({@link Csrf}).
   * Every portal {@code POST} calls it first; {@code PortalFormsTest} checks that they do.
   */
  void requireCsrf(String csrf) {
    Csrf.require(request, csrf);
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
