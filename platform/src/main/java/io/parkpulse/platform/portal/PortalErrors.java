package io.parkpulse.platform.portal;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
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
