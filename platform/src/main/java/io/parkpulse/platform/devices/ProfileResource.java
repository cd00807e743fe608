package io.parkpulse.platform.devices;

import io.parkpulse.platform.devices.ProfileService.ProfileRequest;
import io.parkpulse.platform.devices.ProfileService.ProfileView;
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

/** Device profiles, over {@link ProfileService}. */
@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProfileResource {

  private final SecurityIdentity identity;
  private final ProfileService profiles;

  ProfileResource(SecurityIdentity identity, ProfileService profiles) {
    this.identity = identity;
    this.profiles = profiles;
  }

  /** Profiles the caller may use: its park's shared ones and its enterprise's own. */
  @GET
  public Uni<List<ProfileView>> list() {
    return profiles.list(caller());
  }

  @GET
  @Path("/{profile}")
  public Uni<ProfileView> get(@PathParam("profile") String id) {
    return profiles.get(caller(), id);
  }

  @POST
  public Uni<Response> create(ProfileRequest request) {
    return profiles
        .create(caller(), request)
        .map(p -> Response.status(Response.Status.CREATED).entity(p).build());
  }

  @PUT
  @Path("/{profile}")
  public Uni<ProfileView> update(@PathParam("profile") String id, ProfileRequest request) {
    return profiles.update(caller(), id, request);
  }

  @DELETE
  @Path("/{profile}")
  public Uni<Response> delete(@PathParam("profile") String id) {
    return profiles.delete(caller(), id).replaceWith(Response.noContent().build());
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
