package io.parkpulse.platform.maturity;

import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Assesses every enterprise of a park at once (the park's operator and platform admins). */
@Path("/api/v1/parks/{park}/assessments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkMaturityResource {

  private final AssessmentService assessments;
  private final SecurityIdentity identity;

  ParkMaturityResource(AssessmentService assessments, SecurityIdentity identity) {
    this.assessments = assessments;
    this.identity = identity;
  }

  /** Assesses, keeps and publishes every enterprise of the park now. */
  @POST
  public Uni<Response> assess(@PathParam("park") String park) {
    return assessments
        .assessPark(Caller.of(identity), park)
        .map(view -> Response.status(Response.Status.CREATED).entity(view).build());
  }
}
