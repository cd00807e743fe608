package io.parkpulse.platform.portal;

import io.parkpulse.platform.api.ApiErrors;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Turns the errors of portal requests into pages. The operations the portal shares with the API
 * fail with the API's JSON answers (a 404 outside the caller's scope, a 403 for a role); a browser
 * gets the same status as a page in the user's language instead.
 */
public class PortalErrors {

  private final Pages pages;

  PortalErrors(Pages pages) {
    this.pages = pages;
  }

  /**
   * A portal page asked for without a session (or after it expired) sends the browser to sign in,
   * and back afterwards; an API call without one is a 401, as the API answers it.
   */
  @ServerExceptionMapper
  public Response signIn(AuthenticationFailedException e) {
    String uri = pages.uri();
    if (!uri.startsWith("/portal")) {
      return Response.status(Response.Status.UNAUTHORIZED)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
          .type(MediaType.APPLICATION_JSON)
          .entity(new ApiErrors.Problem("not signed in"))
          .build();
    }
    // After signing in the browser asks again with a GET: a form's address would answer 405.
    String next = pages.isGet() ? uri : "/portal";
    return Response.seeOther(
            URI.create("/portal/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)))
        .build();
  }

  @ServerResponseFilter
  public void asPage(ContainerRequestContext request, ContainerResponseContext response) {
    int status = response.getStatus();
    if (status < 400
        || !request.getUriInfo().getPath().startsWith("/portal")
        || response.getEntity() instanceof TemplateInstance
        || MediaType.TEXT_HTML_TYPE.isCompatible(response.getMediaType())) {
      return;
    }
    String key =
        switch (status) {
          case 404 -> "problem.not-found";
          case 403 -> "problem.forbidden";
          case 400, 405, 409, 415 -> "problem.bad-request";
          default -> "problem.server";
        };
    Page page = pages.page(pages.callerOrNull(), Page.DEFAULT_ZONE);
    response.setEntity(
        Templates.problem(page, status, page.t(key)).render(),
        new Annotation[0],
        MediaType.valueOf("text/html;charset=UTF-8"));
  }
}
