package io.parkpulse.platform.tenancy;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.model.Ids;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.Audit;
import io.parkpulse.platform.devices.ProfileRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Parks: created and deleted by platform admins, configured by their operators. */
@Path("/api/v1/parks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkResource {

  private static final Logger LOG = Logger.getLogger(ParkResource.class);
  private static final TypeReference<List<Shift>> SHIFTS = new TypeReference<>() {};
  private static final List<Shift> DEFAULT_SHIFTS =
      List.of(new Shift("day", "08:00", "20:00"), new Shift("night", "20:00", "08:00"));

  private final SecurityIdentity identity;
  private final ParkProvisioner provisioner;
  private final Workers workers;
  private final ProfileRepository profiles;

  ParkResource(
      SecurityIdentity identity,
      ParkProvisioner provisioner,
      Workers workers,
      ProfileRepository profiles) {
    this.identity = identity;
    this.provisioner = provisioner;
    this.workers = workers;
    this.profiles = profiles;
  }

  /**
   * A work shift, local time of the park; a shift that ends before it starts runs past midnight.
   */
  public record Shift(String name, String start, String end) {}

  /** What a park is created or updated with; absent settings keep their default or value. */
  public record ParkRequest(
      String id,
      String name,
      String timezone,
      Integer retentionDays,
      Integer maxDevices,
      Integer maxMessagesPerSecond,
      List<Shift> shiftCalendar) {}

  /** A park as the API shows it. */
  public record ParkView(
      String id,
      String name,
      String timezone,
      int retentionDays,
      int maxDevices,
      int maxMessagesPerSecond,
      List<Shift> shiftCalendar,
      Instant createdAt) {
    static ParkView of(Park p) {
      return new ParkView(
          p.id,
          p.name,
          p.timezone,
          p.retentionDays,
          p.maxDevices,
          p.maxMessagesPerSecond,
          Json.read(p.shiftCalendar, SHIFTS),
          p.createdAt);
    }
  }

  @GET
  public Uni<List<ParkView>> list() {
    Caller caller = caller();
    return Panache.withSession(
            () ->
                caller.isPlatformAdmin()
                    ? Park.<Park>listAll(Sort.by("id"))
                    : Park.<Park>list("id", caller.park()))
        .map(l -> l.stream().map(ParkView::of).toList());
  }

  @GET
  @Path("/{park}")
  public Uni<ParkView> get(@PathParam("park") String id) {
    Caller caller = caller();
    return Panache.withSession(() -> visible(caller, id)).map(ParkView::of);
  }

  @POST
  public Uni<Response> create(ParkRequest request) {
    Caller caller = caller();
    if (!caller.isPlatformAdmin()) {
      throw ApiErrors.forbidden("only a platform admin creates parks");
    }
    require(request != null, "body", "is required");
    require(Ids.isValid(request.id()), "id", "must match " + Ids.SLUG.pattern());
    Park park = new Park();
    park.id = request.id();
    park.retentionDays = 400;
    park.maxDevices = 10_000;
    park.maxMessagesPerSecond = 50_000;
    park.timezone = "Asia/Shanghai";
    park.shiftCalendar = Json.write(DEFAULT_SHIFTS);
    apply(park, request, true);
    return Panache.withTransaction(
            () ->
                Park.<Park>findById(park.id)
                    .flatMap(
                        existing -> {
                          if (existing != null) {
                            throw ApiErrors.conflict("park '" + park.id + "' exists");
                          }
                          return park.<Park>persist()
                              .call(
                                  () ->
                                      Audit.record(
                                          caller,
                                          "park.create",
                                          "park",
                                          park.id,
                                          park.id,
                                          null,
                                          Map.of("name", park.name)));
                        }))
        .call(p -> workers.run(() -> provision(p.id)))
        .map(p -> Response.status(Response.Status.CREATED).entity(ParkView.of(p)).build());
  }

  @PUT
  @Path("/{park}")
  public Uni<ParkView> update(@PathParam("park") String id, ParkRequest request) {
    Caller caller = caller();
    require(request != null, "body", "is required");
    return Panache.withTransaction(
            () ->
                visible(caller, id)
                    .flatMap(
                        park -> {
                          if (!caller.managesPark(id)) {
                            throw ApiErrors.forbidden("only the park's operator changes it");
                          }
                          apply(park, request, false);
                          return Audit.record(
                                  caller,
                                  "park.update",
                                  "park",
                                  id,
                                  id,
                                  null,
                                  Map.of("settings", ParkView.of(park)))
                              .replaceWith(park);
                        }))
        .map(ParkView::of);
  }

  /** Deletes a park without enterprises or shared profiles, with all telemetry it stored. */
  @DELETE
  @Path("/{park}")
  public Uni<Response> delete(@PathParam("park") String id) {
    Caller caller = caller();
    return Panache.withSession(
            () ->
                visible(caller, id)
                    .flatMap(
                        park -> {
                          if (!caller.isPlatformAdmin()) {
                            throw ApiErrors.forbidden("only a platform admin deletes parks");
                          }
                          return Enterprise.count("parkId", id);
                        })
                    .flatMap(
                        enterprises -> {
                          if (enterprises > 0) {
                            throw ApiErrors.conflict(
                                "park '" + id + "' still has " + enterprises + " enterprises");
                          }
                          return profiles.countOfPark(id);
                        })
                    .map(
                        profiles -> {
                          if (profiles > 0) {
                            throw ApiErrors.conflict(
                                "park '" + id + "' still has " + profiles + " device profiles");
                          }
                          return profiles;
                        }))
        .call(() -> workers.run(() -> dropStorage(id)))
        .call(
            () ->
                Panache.withTransaction(
                    () ->
                        Park.<Park>findById(id)
                            .call(Park::delete)
                            .call(
                                () ->
                                    Audit.record(
                                        caller, "park.delete", "park", id, id, null, Map.of()))))
        .replaceWith(Response.noContent().build());
  }

  /** The park if the caller may see it, else a 404 as if it did not exist. */
  public static Uni<Park> visible(Caller caller, String id) {
    return Park.<Park>findById(id)
        .map(
            park -> {
              if (park == null || !caller.seesPark(id)) {
                throw ApiErrors.notFound("park", id);
              }
              return park;
            });
  }

  private Void dropStorage(String park) throws java.sql.SQLException {
    provisioner.dropStorage(park);
    return null;
  }

  private Void provision(String park) {
    try {
      provisioner.provision(park);
    } catch (Exception e) {
      LOG.warnf("park %s: provisioning failed, completed by the next maintenance: %s", park, e);
    }
    return null;
  }

  private static void apply(Park park, ParkRequest r, boolean creating) {
    if (creating || r.name() != null) {
      require(
          r.name() != null && !r.name().isBlank() && r.name().length() <= 200,
          "name",
          "is required, at most 200 characters");
      park.name = r.name();
    }
    if (r.timezone() != null) {
      try {
        park.timezone = ZoneId.of(r.timezone()).getId();
      } catch (DateTimeException e) {
        throw ApiErrors.badRequest(
            "timezone", "'" + r.timezone() + "' is not a time zone such as Asia/Shanghai");
      }
    }
    if (r.retentionDays() != null) {
      require(
          r.retentionDays() >= 1 && r.retentionDays() <= 3650,
          "retentionDays",
          "must be between 1 and 3650");
      park.retentionDays = r.retentionDays();
    }
    if (r.maxDevices() != null) {
      require(r.maxDevices() >= 1, "maxDevices", "must be at least 1");
      park.maxDevices = r.maxDevices();
    }
    if (r.maxMessagesPerSecond() != null) {
      require(r.maxMessagesPerSecond() >= 1, "maxMessagesPerSecond", "must be at least 1");
      park.maxMessagesPerSecond = r.maxMessagesPerSecond();
    }
    if (r.shiftCalendar() != null) {
      require(!r.shiftCalendar().isEmpty(), "shiftCalendar", "needs at least one shift");
      for (Shift s : r.shiftCalendar()) {
        require(s.name() != null && !s.name().isBlank(), "shiftCalendar.name", "is required");
        for (String t : new String[] {s.start(), s.end()}) {
          try {
            LocalTime.parse(t == null ? "" : t);
          } catch (DateTimeParseException e) {
            throw ApiErrors.badRequest(
                "shiftCalendar." + s.name(), "start and end are times such as 08:00");
          }
        }
      }
      park.shiftCalendar = Json.write(r.shiftCalendar());
    }
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
