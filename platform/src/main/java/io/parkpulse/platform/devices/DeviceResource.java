package io.parkpulse.platform.devices;

import io.parkpulse.platform.devices.DeviceService.Credentials;
import io.parkpulse.platform.devices.DeviceService.DeviceRequest;
import io.parkpulse.platform.devices.DeviceService.DeviceView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Devices of an enterprise and their gateway credentials, over {@link DeviceService}. */
@Path("/api/v1/enterprises/{enterprise}/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

  private final SecurityIdentity identity;
  private final DeviceService devices;

  DeviceResource(SecurityIdentity identity, DeviceService devices) {
    this.identity = identity;
    this.devices = devices;
  }

  @GET
  public Uni<List<DeviceView>> list(@PathParam("enterprise") String enterprise) {
    return devices.list(caller(), enterprise);
  }

  @GET
  @Path("/{device}")
  public Uni<DeviceView> get(
      @PathParam("enterprise") String enterprise, @PathParam("device") String id) {
    return devices.get(caller(), enterprise, id);
  }

  @POST
  public Uni<Response> create(@PathParam("enterprise") String enterprise, DeviceRequest request) {
    return devices
        .create(caller(), enterprise, request)
        .map(c -> Response.status(Response.Status.CREATED).entity(c).build());
  }

  @PUT
  @Path("/{device}")
  public Uni<DeviceView> update(
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String id,
      DeviceRequest request) {
    return devices.update(caller(), enterprise, id, request);
  }

  /** Issues a new secret; the old one stops working at the gateways within seconds. */
  @POST
  @Path("/{device}/secret")
  public Uni<Credentials> rotate(
      @PathParam("enterprise") String enterprise, @PathParam("device") String id) {
    return devices.rotate(caller(), enterprise, id);
  }

  @DELETE
  @Path("/{device}")
  public Uni<Response> delete(
      @PathParam("enterprise") String enterprise, @PathParam("device") String id) {
    return devices.delete(caller(), enterprise, id).replaceWith(Response.noContent().build());
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
