package io.parkpulse.platform.integrations;

import io.parkpulse.platform.integrations.KafkaCredentialService.CredentialRequest;
import io.parkpulse.platform.integrations.KafkaCredentialService.CredentialView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * A park's Kafka credentials for its integrators: read-only access to the park's topics. The
 * password is shown once, at issue. See {@link KafkaCredentialService}.
 */
@Path("/api/v1/parks/{park}/kafka-credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KafkaCredentialResource {

  private final SecurityIdentity identity;
  private final KafkaCredentialService credentials;

  KafkaCredentialResource(SecurityIdentity identity, KafkaCredentialService credentials) {
    this.identity = identity;
    this.credentials = credentials;
  }

  @GET
  public Uni<List<CredentialView>> list(@PathParam("park") String park) {
    return credentials.list(Caller.of(identity), park);
  }

  /** Issues a credential; the answer holds its password, shown this once. */
  @POST
  public Uni<Response> issue(@PathParam("park") String park, CredentialRequest request) {
    return credentials
        .issue(Caller.of(identity), park, request)
        .map(issued -> Response.status(Response.Status.CREATED).entity(issued).build());
  }

  /** Revokes the credential: Kafka refuses its clients from their next request. */
  @DELETE
  @Path("/{name}")
  public Uni<Response> revoke(@PathParam("park") String park, @PathParam("name") String name) {
    return credentials
        .revoke(Caller.of(identity), park, name)
        .replaceWith(Response.noContent().build());
  }
}
