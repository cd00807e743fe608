package io.parkpulse.platform.devices;

import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** A park's device registry on Kafka: see {@link RegistryService}. */
@Path("/api/v1/parks/{park}/registry")
public class RegistryResource {

  private final SecurityIdentity identity;
  private final RegistryService registry;

  RegistryResource(SecurityIdentity identity, RegistryService registry) {
    this.identity = identity;
    this.registry = registry;
  }

  /**
   * Publishes every device's entry of the park again from the database; 202: the entries are queued
   * and reach the gateways within seconds.
   */
  @POST
  @Path("/republish")
  public Uni<Response> republish(@PathParam("park") String park) {
    return registry.republish(Caller.of(identity), park).replaceWith(Response.accepted().build());
  }
}
