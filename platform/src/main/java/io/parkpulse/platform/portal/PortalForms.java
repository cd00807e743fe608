package io.parkpulse.platform.portal;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** What the portal's form pages answer: the page again as a 400, or a redirect once done. */
final class PortalForms {

  private PortalForms() {}

  static Response badRequest(TemplateInstance page) {
    return Response.status(Response.Status.BAD_REQUEST).entity(page).build();
  }

  static Response redirect(String location) {
    return Response.seeOther(URI.create(location)).build();
  }

  /** What a form checked itself, in the page's words, before asking the service. */
  static final class Problems extends RuntimeException {
    private final transient List<String> problems;

    Problems(List<String> problems) {
      super(null, null, false, false);
      this.problems = problems;
    }

    List<String> problems() {
      return problems;
    }
  }
}
