package io.parkpulse.platform.tenancy;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.model.Ids;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.audit.Audit;
import io.parkpulse.platform.devices.DeviceRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Enterprises of a park: created by its operator, described by their own admins. */
@Path("/api/v1/enterprises")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnterpriseResource {

  private static final TypeReference<List<Site>> SITES = new TypeReference<>() {};
  static final Set<String> SIZES = Set.of("micro", "small", "medium", "large");

  private final SecurityIdentity identity;
  private final DeviceRepository devices;

  EnterpriseResource(SecurityIdentity identity, DeviceRepository devices) {
    this.identity = identity;
    this.devices = devices;
  }

  /** A site of the enterprise with its production lines. */
  public record Site(String id, String name, List<String> lines) {}

  /** What an enterprise is created or updated with. */
  public record EnterpriseRequest(
      String id, String park, String name, String industry, String size, List<Site> sites) {}

  /** An enterprise as the API shows it. */
  public record EnterpriseView(
      String id,
      String park,
      String name,
      String industry,
      String size,
      List<Site> sites,
      Instant createdAt) {
    static EnterpriseView of(Enterprise e) {
      return new EnterpriseView(
          e.id, e.parkId, e.name, e.industry, e.size, Json.read(e.sites, SITES), e.createdAt);
    }
  }

  /** Enterprises in the caller's scope, optionally of one park. */
  @GET
  public Uni<List<EnterpriseView>> list(@QueryParam("park") String park) {
    Caller caller = caller();
    return Panache.withSession(
            () -> {
              StringBuilder query = new StringBuilder("1 = 1");
              Parameters params = new Parameters();
              if (park != null) {
                query.append(" and parkId = :park");
                params.and("park", park);
              }
              if (!caller.isPlatformAdmin()) {
                query.append(" and parkId = :scopePark");
                params.and("scopePark", caller.park());
              }
              if (caller.role().isEnterpriseRole()) {
                query.append(" and id = :scopeEnterprise");
                params.and("scopeEnterprise", caller.enterprise());
              }
              return Enterprise.<Enterprise>list(query.toString(), Sort.by("id"), params);
            })
        .map(l -> l.stream().map(EnterpriseView::of).toList());
  }

  @GET
  @Path("/{enterprise}")
  public Uni<EnterpriseView> get(@PathParam("enterprise") String id) {
    Caller caller = caller();
    return Panache.withSession(() -> visible(caller, id)).map(EnterpriseView::of);
  }

  @POST
  public Uni<Response> create(EnterpriseRequest request) {
    Caller caller = caller();
    require(request != null, "body", "is required");
    require(Ids.isValid(request.id()), "id", "must match " + Ids.SLUG.pattern());
    require(request.park() != null, "park", "is required");
    return Panache.withTransaction(
            () ->
                ParkResource.visible(caller, request.park())
                    .flatMap(
                        park -> {
                          if (!caller.managesPark(park.id)) {
                            throw ApiErrors.forbidden("only the park's operator adds enterprises");
                          }
                          return Enterprise.<Enterprise>findById(request.id());
                        })
                    .flatMap(
                        existing -> {
                          if (existing != null) {
                            throw ApiErrors.conflict("enterprise '" + request.id() + "' exists");
                          }
                          Enterprise e = new Enterprise();
                          e.id = request.id();
                          e.parkId = request.park();
                          apply(e, request, true);
                          return e.<Enterprise>persist()
                              .call(
                                  () ->
                                      Audit.record(
                                          caller,
                                          "enterprise.create",
                                          "enterprise",
                                          e.id,
                                          e.parkId,
                                          e.id,
                                          Map.of("name", e.name)));
                        }))
        .map(e -> Response.status(Response.Status.CREATED).entity(EnterpriseView.of(e)).build());
  }

  @PUT
  @Path("/{enterprise}")
  public Uni<EnterpriseView> update(@PathParam("enterprise") String id, EnterpriseRequest request) {
    Caller caller = caller();
    require(request != null, "body", "is required");
    return Panache.withTransaction(
            () ->
                visible(caller, id)
                    .flatMap(
                        e -> {
                          if (!caller.managesEnterprise(e.parkId, e.id)) {
                            throw ApiErrors.forbidden("viewers cannot change the enterprise");
                          }
                          require(
                              request.park() == null || request.park().equals(e.parkId),
                              "park",
                              "an enterprise cannot move to another park");
                          apply(e, request, false);
                          return Audit.record(
                                  caller,
                                  "enterprise.update",
                                  "enterprise",
                                  id,
                                  e.parkId,
                                  id,
                                  Map.of("enterprise", EnterpriseView.of(e)))
                              .replaceWith(e);
                        }))
        .map(EnterpriseView::of);
  }

  @DELETE
  @Path("/{enterprise}")
  public Uni<Response> delete(@PathParam("enterprise") String id) {
    Caller caller = caller();
    return Panache.withTransaction(
        () ->
            visible(caller, id)
                .flatMap(
                    e -> {
                      if (!caller.managesPark(e.parkId)) {
                        throw ApiErrors.forbidden("only the park's operator removes enterprises");
                      }
                      return devices
                          .countOfEnterprise(id)
                          .flatMap(
                              n -> {
                                if (n > 0) {
                                  throw ApiErrors.conflict(
                                      "enterprise '" + id + "' still has " + n + " devices");
                                }
                                return e.delete()
                                    .call(
                                        () ->
                                            Audit.record(
                                                caller,
                                                "enterprise.delete",
                                                "enterprise",
                                                id,
                                                e.parkId,
                                                id,
                                                Map.of()));
                              });
                    })
                .replaceWith(Response.noContent().build()));
  }

  /** The enterprise if the caller may see it, else a 404 as if it did not exist. */
  public static Uni<Enterprise> visible(Caller caller, String id) {
    return Enterprise.<Enterprise>findById(id)
        .map(
            e -> {
              if (e == null || !caller.sees(e.parkId, e.id)) {
                throw ApiErrors.notFound("enterprise", id);
              }
              return e;
            });
  }

  private static void apply(Enterprise e, EnterpriseRequest r, boolean creating) {
    if (creating || r.name() != null) {
      require(
          r.name() != null && !r.name().isBlank() && r.name().length() <= 200,
          "name",
          "is required, at most 200 characters");
      e.name = r.name();
    }
    if (creating || r.industry() != null) {
      require(
          r.industry() != null && !r.industry().isBlank() && r.industry().length() <= 100,
          "industry",
          "is required, at most 100 characters, e.g. textiles");
      e.industry = r.industry();
    }
    if (creating || r.size() != null) {
      require(r.size() != null && SIZES.contains(r.size()), "size", "must be one of " + SIZES);
      e.size = r.size();
    }
    if (creating || r.sites() != null) {
      List<Site> sites = r.sites() == null ? List.of() : r.sites();
      for (Site site : sites) {
        require(Ids.isValid(site.id()), "sites.id", "must match " + Ids.SLUG.pattern());
      }
      e.sites = Json.write(sites);
    }
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
