package io.parkpulse.platform.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.CharConversionException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request body that is not text in an encoding JSON allows is the client's error. Jackson guesses
 * the encoding from the first bytes, and bytes that look like neither UTF-8 nor a UTF-16 or UTF-32
 * order make it throw a {@link CharConversionException}, which the REST layer would answer with 500
 * (found by fuzzing the provisioning API, {@code ProvisioningFuzzIT}).
 */
public class BodyErrors {

  @ServerExceptionMapper
  public Response notText(CharConversionException e) {
    return Response.status(Response.Status.BAD_REQUEST)
        .type(MediaType.APPLICATION_JSON)
        .entity(
            new ApiErrors.FieldError("body", "is not JSON text in UTF-8 (" + e.getMessage() + ")"))
        .build();
  }
}
