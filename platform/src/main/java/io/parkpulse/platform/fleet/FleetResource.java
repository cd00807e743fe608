package io.parkpulse.platform.fleet;

import io.parkpulse.platform.fleet.FleetService.AgentConfigView;
import io.parkpulse.platform.fleet.FleetService.ConfigRequest;
import io.parkpulse.platform.fleet.FleetService.RolloutRequest;
import io.parkpulse.platform.fleet.FleetService.RolloutView;
import io.parkpulse.platform.fleet.readmodel.FleetReadModel.AgentRow;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An enterprise's edge agents: what each runs and should run, its managed configuration and its
 * versions, and the rollouts that send configurations to them.
 */
@Path("/api/v1/enterprises/{enterprise}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FleetResource {

  private final FleetService fleet;
  private final SecurityIdentity identity;

  FleetResource(FleetService fleet, SecurityIdentity identity) {
    this.fleet = fleet;
    this.identity = identity;
  }

  @GET
  @Path("/fleet")
  public Uni<List<AgentRow>> agents(@PathParam("enterprise") String enterprise) {
    return fleet.enterpriseFleet(Caller.of(identity), enterprise);
  }

  @GET
  @Path("/devices/{device}/agent-config")
  public Uni<AgentConfigView> config(
      @PathParam("enterprise") String enterprise, @PathParam("device") String device) {
    return fleet.agentConfig(Caller.of(identity), enterprise, device);
  }

  /** Sends a new configuration to the agent: a rollout of one, 202 with it. */
  @PUT
  @Path("/devices/{device}/agent-config")
  public Uni<Response> configure(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      ConfigRequest request) {
    return fleet
        .configure(Caller.of(identity), enterprise, device, request)
        .map(r -> Response.accepted(r).build());
  }

  @GET
  @Path("/devices/{device}/agent-config/versions/{version}")
  @Produces("application/yaml")
  public Uni<String> version(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @PathParam("version") int version) {
    return fleet.version(Caller.of(identity), enterprise, device, version);
  }

  @GET
  @Path("/rollouts")
  public Uni<List<RolloutView>> rollouts(@PathParam("enterprise") String enterprise) {
    return fleet.rollouts(Caller.of(identity), enterprise);
  }

  @POST
  @Path("/rollouts")
  public Uni<Response> start(@PathParam("enterprise") String enterprise, RolloutRequest request) {
    return fleet
        .start(Caller.of(identity), enterprise, request)
        .map(r -> Response.status(Response.Status.CREATED).entity(r).build());
  }

  @GET
  @Path("/rollouts/{id}")
  public Uni<RolloutView> rollout(
      @PathParam("enterprise") String enterprise, @PathParam("id") long id) {
    return fleet.rollout(Caller.of(identity), enterprise, id);
  }

  @POST
  @Path("/rollouts/{id}/cancel")
  public Uni<RolloutView> cancel(
      @PathParam("enterprise") String enterprise, @PathParam("id") long id) {
    return fleet.cancel(Caller.of(identity), enterprise, id);
  }
}
