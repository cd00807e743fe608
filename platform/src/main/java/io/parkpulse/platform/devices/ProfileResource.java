package io.parkpulse.platform.devices;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.model.Ids;
import io.parkpulse.model.PointKind;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.audit.Audit;
import io.parkpulse.platform.tenancy.Caller;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Device profiles: the telemetry points a kind of device reports, each with its meaning (a {@link
 * PointKind}) and expected interval, which indicators and data-completeness checks rely on.
 */
@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProfileResource {

  private static final TypeReference<List<Point>> POINTS = new TypeReference<>() {};
  static final Set<String> DATA_TYPES = Set.of("number", "integer", "boolean", "string");

  private final SecurityIdentity identity;

  ProfileResource(SecurityIdentity identity) {
    this.identity = identity;
  }

  /**
   * A telemetry point.
   *
   * @param name the metric name in telemetry
   * @param unit e.g. {@code kWh}, empty if none
   * @param dataType number, integer, boolean or string
   * @param kind its meaning, e.g. {@code counter.good}
   * @param intervalSeconds how often the device reports it
   */
  public record Point(
      String name, String unit, String dataType, String kind, Integer intervalSeconds) {}

  /** What a profile is created or updated with. */
  public record ProfileRequest(
      String id, String park, String enterprise, String name, List<Point> points) {}

  /** A profile as the API shows it. */
  public record ProfileView(
      String id, String park, String enterprise, String name, List<Point> points) {
    static ProfileView of(DeviceProfile p) {
      return new ProfileView(p.id, p.parkId, p.enterpriseId, p.name, Json.read(p.points, POINTS));
    }
  }

  /** Profiles the caller may use: its park's shared ones and its enterprise's own. */
  @GET
  public Uni<List<ProfileView>> list() {
    Caller caller = caller();
    return Panache.withSession(
            () -> {
              if (caller.isPlatformAdmin()) {
                return DeviceProfile.<DeviceProfile>listAll(Sort.by("id"));
              }
              if (!caller.role().isEnterpriseRole()) {
                return DeviceProfile.<DeviceProfile>list(
                    "parkId = :p", Sort.by("id"), Parameters.with("p", caller.park()));
              }
              return DeviceProfile.<DeviceProfile>list(
                  "parkId = :p and (enterpriseId is null or enterpriseId = :e)",
                  Sort.by("id"),
                  Parameters.with("p", caller.park()).and("e", caller.enterprise()));
            })
        .map(l -> l.stream().map(ProfileView::of).toList());
  }

  @GET
  @Path("/{profile}")
  public Uni<ProfileView> get(@PathParam("profile") String id) {
    Caller caller = caller();
    return Panache.withSession(() -> visible(caller, id)).map(ProfileView::of);
  }

  @POST
  public Uni<Response> create(ProfileRequest request) {
    Caller caller = caller();
    require(request != null, "body", "is required");
    require(Ids.isValid(request.id()), "id", "must match " + Ids.SLUG.pattern());
    require(request.park() != null || request.enterprise() != null, "park", "is required");
    validate(request);
    return Panache.withTransaction(
            () ->
                owner(caller, request)
                    .flatMap(
                        owner ->
                            DeviceProfile.<DeviceProfile>findById(request.id())
                                .flatMap(
                                    existing -> {
                                      if (existing != null) {
                                        throw ApiErrors.conflict(
                                            "profile '" + request.id() + "' exists");
                                      }
                                      DeviceProfile p = new DeviceProfile();
                                      p.id = request.id();
                                      p.parkId = owner[0];
                                      p.enterpriseId = owner[1];
                                      p.name = request.name();
                                      p.points = Json.write(request.points());
                                      return p.<DeviceProfile>persist()
                                          .call(() -> audit(caller, "profile.create", p));
                                    })))
        .map(p -> Response.status(Response.Status.CREATED).entity(ProfileView.of(p)).build());
  }

  @PUT
  @Path("/{profile}")
  public Uni<ProfileView> update(@PathParam("profile") String id, ProfileRequest request) {
    Caller caller = caller();
    require(request != null, "body", "is required");
    validate(request);
    return Panache.withTransaction(
            () ->
                managed(caller, id)
                    .flatMap(
                        p -> {
                          p.name = request.name();
                          p.points = Json.write(request.points());
                          return audit(caller, "profile.update", p).replaceWith(p);
                        }))
        .map(ProfileView::of);
  }

  @DELETE
  @Path("/{profile}")
  public Uni<Response> delete(@PathParam("profile") String id) {
    Caller caller = caller();
    return Panache.withTransaction(
            () ->
                managed(caller, id)
                    .flatMap(
                        p ->
                            Device.count("profileId", id)
                                .flatMap(
                                    n -> {
                                      if (n > 0) {
                                        throw ApiErrors.conflict(
                                            "profile '" + id + "' is used by " + n + " devices");
                                      }
                                      return p.delete()
                                          .call(() -> audit(caller, "profile.delete", p));
                                    })))
        .replaceWith(Response.noContent().build());
  }

  private static Uni<DeviceProfile> visible(Caller caller, String id) {
    return DeviceProfile.<DeviceProfile>findById(id)
        .map(
            p -> {
              boolean sees =
                  p != null
                      && (p.enterpriseId == null
                          ? caller.seesPark(p.parkId)
                          : caller.sees(p.parkId, p.enterpriseId));
              if (!sees) {
                throw ApiErrors.notFound("profile", id);
              }
              return p;
            });
  }

  private static Uni<DeviceProfile> managed(Caller caller, String id) {
    return visible(caller, id)
        .map(
            p -> {
              boolean manages =
                  p.enterpriseId == null
                      ? caller.managesPark(p.parkId)
                      : caller.managesEnterprise(p.parkId, p.enterpriseId);
              if (!manages) {
                throw ApiErrors.forbidden("you cannot change this profile");
              }
              return p;
            });
  }

  /** The park and enterprise (null for a shared profile) a new profile belongs to. */
  private static Uni<String[]> owner(Caller caller, ProfileRequest r) {
    if (r.enterprise() != null) {
      return io.quarkus.arc.Arc.container()
          .instance(io.parkpulse.platform.tenancy.TenancyGate.class)
          .get()
          .enterprise(caller, r.enterprise())
          .map(
              e -> {
                require(
                    r.park() == null || r.park().equals(e.parkId),
                    "park",
                    "enterprise '" + e.id + "' is in park '" + e.parkId + "'");
                if (!caller.managesEnterprise(e.parkId, e.id)) {
                  throw ApiErrors.forbidden("viewers cannot add profiles");
                }
                return new String[] {e.parkId, e.id};
              });
    }
    return io.quarkus.arc.Arc.container()
        .instance(io.parkpulse.platform.tenancy.TenancyGate.class)
        .get()
        .park(caller, r.park())
        .map(
            p -> {
              if (!caller.managesPark(p.id)) {
                throw ApiErrors.forbidden("only the park's operator adds shared profiles");
              }
              return new String[] {p.id, null};
            });
  }

  private static void validate(ProfileRequest r) {
    require(r.name() != null && !r.name().isBlank(), "name", "is required");
    require(r.points() != null && !r.points().isEmpty(), "points", "needs at least one point");
    Set<String> names = new HashSet<>();
    for (Point p : r.points()) {
      require(
          TelemetryCodec.isMetricName(p.name()),
          "points.name",
          "'" + p.name() + "' must match " + TelemetryCodec.METRIC_NAME.pattern());
      require(names.add(p.name()), "points.name", "'" + p.name() + "' appears twice");
      require(
          p.dataType() != null && DATA_TYPES.contains(p.dataType()),
          "points." + p.name() + ".dataType",
          "must be one of " + DATA_TYPES);
      require(
          p.kind() != null && PointKind.of(p.kind()).isPresent(),
          "points." + p.name() + ".kind",
          "must be one of machine.state, counter.good, counter.total, energy.active_kwh,"
              + " power.active_kw, temperature.c, generic");
      require(
          p.intervalSeconds() != null && p.intervalSeconds() >= 1,
          "points." + p.name() + ".intervalSeconds",
          "must be at least 1");
    }
  }

  private static Uni<Void> audit(Caller caller, String action, DeviceProfile p) {
    return Audit.record(
        caller, action, "profile", p.id, p.parkId, p.enterpriseId, Map.of("name", p.name));
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
