package io.parkpulse.platform.portal;

import io.parkpulse.platform.api.ApiErrors;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;

/** What the API said was wrong, in the words a form can show. */
final class PortalProblems {

  private PortalProblems() {}

  /**
   * A refusal a form can explain (a taken id, a bad field), not one of scope (404) or role (403),
   * which the error pages show.
   */
  static boolean isFormProblem(Throwable e) {
    return e instanceof ClientErrorException
        && !(e instanceof NotFoundException)
        && !(e instanceof ForbiddenException);
  }

  /** The field and message of a 400, the message of a 403, 404 or 409. */
  static String message(WebApplicationException e) {
    Object entity = e.getResponse() == null ? null : e.getResponse().getEntity();
    if (entity instanceof ApiErrors.FieldError f) {
      return f.field() + ": " + f.message();
    }
    if (entity instanceof ApiErrors.Problem p) {
      return p.error();
    }
    return e.getMessage();
  }
}
