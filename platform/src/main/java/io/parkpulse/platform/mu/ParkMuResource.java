package io.parkpulse.platform.mu;

import io.parkpulse.platform.api.Downloads;
import io.parkpulse.platform.mu.MuService.Ranking;
import io.parkpulse.platform.mu.MuService.SettingsRequest;
import io.parkpulse.platform.mu.ranking.MuSettings;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The park's 亩均效益 ranking and its weights, over {@link MuService}. */
@Path("/api/v1/parks/{park}/mu")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkMuResource {

  private final MuService mu;
  private final SecurityIdentity identity;

  ParkMuResource(MuService mu, SecurityIdentity identity) {
    this.mu = mu;
    this.identity = identity;
  }

  /** The ranking of a year. */
  @GET
  public Uni<Ranking> ranking(@PathParam("park") String park, @QueryParam("year") int year) {
    return mu.ranking(Caller.of(identity), park, year);
  }

  /** The ranking of a year as CSV. */
  @GET
  @Path("/csv")
  @Produces("text/csv")
  public Uni<Response> csv(@PathParam("park") String park, @QueryParam("year") int year) {
    return mu.csv(Caller.of(identity), park, year)
        .map(f -> Downloads.attachment(f.name(), f.content(), "text/csv; charset=utf-8"));
  }

  @GET
  @Path("/settings")
  public Uni<MuSettings> settings(@PathParam("park") String park) {
    return mu.settings(Caller.of(identity), park);
  }

  @PUT
  @Path("/settings")
  public Uni<MuSettings> setSettings(@PathParam("park") String park, SettingsRequest request) {
    return mu.setSettings(Caller.of(identity), park, request);
  }
}
