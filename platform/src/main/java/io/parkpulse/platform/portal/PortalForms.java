package io.parkpulse.platform.portal;

import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/** What the portal's form pages answer: the page again as a 400, or a redirect once done. */
final class PortalForms {

  private PortalForms() {}

  static Response badRequest(TemplateInstance page) {
    return Response.status(Response.Status.BAD_REQUEST).entity(page).build();
  }

  static Response redirect(String location) {
    return Response.seeOther(URI.create(location)).build();
  }

  /**
   * The page again, with the service's reason for refusing a form ({@code e}, a client error), as
   * the status the service gave.
   */
  static Uni<Response> refused(Throwable e, Function<String, Uni<TemplateInstance>> page) {
    ClientErrorException error = (ClientErrorException) e;
    return page.apply(PortalProblems.message(error))
        .map(p -> Response.status(error.getResponse().getStatus()).entity(p).build());
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
