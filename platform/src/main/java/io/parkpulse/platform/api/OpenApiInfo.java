package io.parkpulse.platform.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * What the OpenAPI document says of the API as a whole: every call but sign-in needs the token that
 * {@code POST /api/v1/login} returns (or an API token), so that the Swagger UI can send it.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "ParkPulse platform API",
            version = "v1",
            description =
                "Parks, enterprises, devices, users and tokens, and their telemetry. Sign in"
                    + " with POST /api/v1/login and send the token as a bearer token."),
    security = @SecurityRequirement(name = "token"))
@SecurityScheme(
    securitySchemeName = "token",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "A session token from POST /api/v1/login, or an API token")
public class OpenApiInfo extends Application {}
