package io.parkpulse.platform.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A change that PostgreSQL refuses for a constraint is a client error, not a server one: two
 * requests created the same id at the same moment (the check before the insert saw neither), or one
 * removed what the other was attaching to. The loser gets the 409 it would have got a moment later,
 * and may try again.
 */
public class PersistenceErrors {

  /** PostgreSQL's SQLSTATE for a unique violation. */
  static final String UNIQUE_VIOLATION = "23505";

  @ServerExceptionMapper
  public Response conflict(ConstraintViolationException e) {
    String message =
        UNIQUE_VIOLATION.equals(e.getSQLState())
            ? "it exists already: another request created it at the same moment"
            : "it conflicts with a change made at the same moment; try again";
    return Response.status(Response.Status.CONFLICT)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ApiErrors.Problem(message))
        .build();
  }
}
