package io.parkpulse.platform.commands;

import io.parkpulse.platform.commands.CommandService.CommandCall;
import io.parkpulse.platform.commands.CommandService.CommandResult;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Commands to a device, answered with the device's answer, over {@link CommandService}. */
@Path("/api/v1/enterprises/{enterprise}/devices/{device}/commands")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CommandResource {

  private final SecurityIdentity identity;
  private final CommandService commands;

  CommandResource(SecurityIdentity identity, CommandService commands) {
    this.identity = identity;
    this.commands = commands;
  }

  @POST
  public Uni<CommandResult> send(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String id,
      CommandCall call) {
    return commands.send(Caller.of(identity), enterprise, id, call);
  }
}
