package io.parkpulse.platform.mu;

import io.parkpulse.platform.mu.MuService.InputRequest;
import io.parkpulse.platform.mu.MuService.InputView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** An enterprise's 亩均 inputs for a year, entered by its park's operator. */
@Path("/api/v1/enterprises/{enterprise}/mu/{year}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MuInputResource {

  private final MuService mu;
  private final SecurityIdentity identity;

  MuInputResource(MuService mu, SecurityIdentity identity) {
    this.mu = mu;
    this.identity = identity;
  }

  @PUT
  public Uni<InputView> set(
      @PathParam("enterprise") String enterprise,
      @PathParam("year") int year,
      InputRequest request) {
    return mu.setInput(Caller.of(identity), enterprise, year, request);
  }
}
