package io.parkpulse.platform.portal;

import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * An address under {@code /portal} that no page answers gets the portal's own not-found page (404,
 * in the user's language, with who is signed in) rather than the HTTP server's bare one. The route
 * runs after every other, so it sees only what nothing else served; {@code /api} is not touched.
 */
@ApplicationScoped
public class PortalNotFound {

  private final Pages pages;
  private final IdentityProviderManager identities;

  PortalNotFound(Pages pages, IdentityProviderManager identities) {
    this.pages = pages;
    this.identities = identities;
  }

  void register(@Observes Router router) {
    router.route("/portal/*").order(Integer.MAX_VALUE).handler(this::notFound);
  }

  private void notFound(RoutingContext context) {
    QuarkusHttpUser.getSecurityIdentity(context, identities)
        .subscribe()
        .with(identity -> answer(context, identity), context::fail);
  }

  private void answer(RoutingContext context, SecurityIdentity identity) {
    Caller caller = identity == null || identity.isAnonymous() ? null : Caller.of(identity);
    Page page = pages.page(context.request(), caller);
    String html = Templates.problem(page, 404, page.t("problem.not-found")).render();
    context
        .response()
        .setStatusCode(404)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
        .end(html);
  }
}
