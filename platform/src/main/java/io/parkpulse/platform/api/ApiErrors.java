package io.parkpulse.platform.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServerErrorException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The API's errors, each with a JSON body that says what to fix or what happened. */
public final class ApiErrors {

  private ApiErrors() {}

  /** A 400 answer that names the field or parameter at fault. */
  public record FieldError(String field, String message) {}

  /** A 403, 404, 409, 503 or 504 answer. */
  public record Problem(String error) {}

  public static BadRequestException badRequest(String field, String message) {
    return new BadRequestException(
        json(Response.Status.BAD_REQUEST, new FieldError(field, message)));
  }

  /** Throws a 400 naming {@code field} unless {@code condition} holds. */
  public static void require(boolean condition, String field, String message) {
    if (!condition) {
      throw badRequest(field, message);
    }
  }

  /** For resources that do not exist and for those outside the caller's scope alike. */
  public static NotFoundException notFound(String kind, String id) {
    return new NotFoundException(
        json(Response.Status.NOT_FOUND, new Problem(kind + " '" + id + "' not found")));
  }

  public static ForbiddenException forbidden(String message) {
    return new ForbiddenException(json(Response.Status.FORBIDDEN, new Problem(message)));
  }

  public static ClientErrorException conflict(String message) {
    return new ClientErrorException(json(Response.Status.CONFLICT, new Problem(message)));
  }

  /** A 504: something the request waited for (a device) did not answer in time. */
  public static ServerErrorException gatewayTimeout(String message) {
    return new ServerErrorException(json(Response.Status.GATEWAY_TIMEOUT, new Problem(message)));
  }

  /** A 503: a service the request needs (Kafka) is unavailable; try again later. */
  public static ServerErrorException unavailable(String message) {
    return new ServerErrorException(
        json(Response.Status.SERVICE_UNAVAILABLE, new Problem(message)));
  }

  private static Response json(Response.Status status, Object body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }
}
