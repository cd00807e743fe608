package io.parkpulse.platform.devices;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.model.Ids;
import io.parkpulse.model.PointKind;
import io.parkpulse.model.TelemetryCodec;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.derived.DerivedPoints;
import io.parkpulse.platform.derived.InvalidDerivedPointException;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Scope;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Device profiles: the telemetry points a kind of device reports, each with its meaning (a {@link
 * PointKind}) and expected interval, which indicators and data-completeness checks rely on, and the
 * points derived from them, which the ingest computes for every reading. A profile is shared by its
 * park's enterprises (set by the park's operator) or owned by one enterprise (set by its admin
 * too).
 *
 * <p>Derived points are stored in the profile's {@code points} column with the measured ones, as
 * number points with an {@code expression} and the longest interval of their inputs: whatever looks
 * points up by kind (indicators, alarm rules, the map) finds them like measured points.
 */
@ApplicationScoped
public class ProfileService {

  private static final TypeReference<List<StoredPoint>> POINTS = new TypeReference<>() {};
  static final Set<String> DATA_TYPES = Set.of("number", "integer", "boolean", "string");

  private final TenancyGate gate;
  private final ProfileRepository profiles;
  private final DeviceRepository devices;
  private final AuditLog audit;

  ProfileService(
      TenancyGate gate, ProfileRepository profiles, DeviceRepository devices, AuditLog audit) {
    this.gate = gate;
    this.profiles = profiles;
    this.devices = devices;
    this.audit = audit;
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

  /**
   * A point computed at ingest from the other points of the same reading.
   *
   * @param name the metric name its values are stored under
   * @param unit e.g. {@code kW}, empty if none
   * @param kind its meaning, e.g. {@code power.active_kw}
   * @param expression how it is computed, e.g. {@code voltage_v * current_a * pf * sqrt3 / 1000};
   *     see {@link io.parkpulse.platform.derived.ExpressionParser}
   */
  public record DerivedPoint(String name, String unit, String kind, String expression) {}

  /**
   * A derived point as the API shows it.
   *
   * @param intervalSeconds the longest interval of the points it uses, set by the platform
   */
  public record DerivedPointView(
      String name, String unit, String kind, String expression, int intervalSeconds) {}

  /** What a profile is created or updated with; {@code derived} may be left out. */
  public record ProfileRequest(
      String id,
      String park,
      String enterprise,
      String name,
      List<Point> points,
      List<DerivedPoint> derived) {}

  /** A profile as the API shows it. */
  public record ProfileView(
      String id,
      String park,
      String enterprise,
      String name,
      List<Point> points,
      List<DerivedPointView> derived) {
    static ProfileView of(DeviceProfile p) {
      List<Point> measured = new ArrayList<>();
      List<DerivedPointView> derived = new ArrayList<>();
      for (StoredPoint s : Json.read(p.points, POINTS)) {
        if (s.expression() == null) {
          measured.add(new Point(s.name(), s.unit(), s.dataType(), s.kind(), s.intervalSeconds()));
        } else {
          derived.add(
              new DerivedPointView(
                  s.name(), s.unit(), s.kind(), s.expression(), s.intervalSeconds()));
        }
      }
      return new ProfileView(p.id, p.parkId, p.enterpriseId, p.name, measured, derived);
    }
  }

  /** A point as the {@code points} column holds it: a derived point has an expression. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record StoredPoint(
      String name,
      String unit,
      String dataType,
      String kind,
      Integer intervalSeconds,
      String expression) {}

  /**
   * Profiles the caller may use, by id: its park's shared ones and, for an enterprise role, its
   * enterprise's own; a park's operator sees every profile of the park.
   */
  @WithSession
  public Uni<List<ProfileView>> list(Caller caller) {
    Scope scope = gate.scope(caller);
    // The park's shared profiles (no enterprise) are visible to its enterprises as well.
    Scope.HqlFilter park = scope.hql("parkId", null);
    Map<String, Object> params = new HashMap<>(park.params());
    String query = "1 = 1" + park.clause();
    if (scope.enterprise() != null) {
      query += " and (enterpriseId is null or enterpriseId = :scopeEnterprise)";
      params.put("scopeEnterprise", scope.enterprise());
    }
    return profiles
        .list(query + " order by id", params)
        .map(l -> l.stream().map(ProfileView::of).toList());
  }

  @WithSession
  public Uni<ProfileView> get(Caller caller, String id) {
    return visible(caller, id).map(ProfileView::of);
  }

  @WithTransaction
  public Uni<ProfileView> create(Caller caller, ProfileRequest request) {
    require(request != null, "body", "is required");
    require(Ids.isValid(request.id()), "id", "must match " + Ids.SLUG.pattern());
    require(request.park() != null || request.enterprise() != null, "park", "is required");
    String points = stored(request);
    return owner(caller, request)
        .flatMap(
            owner ->
                profiles
                    .findById(request.id())
                    .flatMap(
                        existing -> {
                          if (existing != null) {
                            throw ApiErrors.conflict("profile '" + request.id() + "' exists");
                          }
                          DeviceProfile p = new DeviceProfile();
                          p.id = request.id();
                          p.parkId = owner.park();
                          p.enterpriseId = owner.enterprise();
                          p.name = request.name();
                          p.points = points;
                          return profiles.persist(p).call(() -> audit(caller, "profile.create", p));
                        }))
        .map(ProfileView::of);
  }

  @WithTransaction
  public Uni<ProfileView> update(Caller caller, String id, ProfileRequest request) {
    require(request != null, "body", "is required");
    String points = stored(request);
    return managed(caller, id)
        .flatMap(
            p -> {
              p.name = request.name();
              p.points = points;
              return audit(caller, "profile.update", p).replaceWith(p);
            })
        .map(ProfileView::of);
  }

  /** Deletes a profile no device uses. */
  @WithTransaction
  public Uni<Void> delete(Caller caller, String id) {
    return managed(caller, id)
        .flatMap(
            p ->
                devices
                    .countWithProfile(id)
                    .flatMap(
                        n -> {
                          if (n > 0) {
                            throw ApiErrors.conflict(
                                "profile '" + id + "' is used by " + n + " devices");
                          }
                          return profiles.delete(p).call(() -> audit(caller, "profile.delete", p));
                        }));
  }

  /** A shared profile is visible with its park, an enterprise's own with its enterprise. */
  private Uni<DeviceProfile> visible(Caller caller, String id) {
    return profiles
        .findById(id)
        .map(
            p -> {
              if (p == null) {
                throw ApiErrors.notFound("profile", id);
              }
              gate.requireVisible(caller, p.parkId, p.enterpriseId, "profile", id);
              return p;
            });
  }

  /** A shared profile is changed by its park's operator, an enterprise's own by its managers. */
  private Uni<DeviceProfile> managed(Caller caller, String id) {
    return visible(caller, id)
        .invoke(
            p -> {
              String why = "you cannot change this profile";
              if (p.enterpriseId == null) {
                gate.requireManagesPark(caller, p.parkId, why);
              } else {
                gate.requireManagesEnterprise(caller, p.parkId, p.enterpriseId, why);
              }
            });
  }

  /** The park and enterprise (null for a shared profile) a new profile belongs to. */
  private record Owner(String park, String enterprise) {}

  private Uni<Owner> owner(Caller caller, ProfileRequest r) {
    if (r.enterprise() != null) {
      return gate.enterprise(caller, r.enterprise())
          .map(
              e -> {
                require(
                    r.park() == null || r.park().equals(e.parkId),
                    "park",
                    "enterprise '" + e.id + "' is in park '" + e.parkId + "'");
                gate.requireManagesEnterprise(caller, e, "viewers cannot add profiles");
                return new Owner(e.parkId, e.id);
              });
    }
    return gate.managedPark(caller, r.park(), "only the park's operator adds shared profiles")
        .map(p -> new Owner(p.id, null));
  }

  /**
   * The {@code points} column for a valid request: its measured points, then its derived points in
   * their order.
   */
  private static String stored(ProfileRequest r) {
    validate(r);
    List<Point> measured = r.points();
    List<DerivedPoint> requested = r.derived() == null ? List.of() : r.derived();
    DerivedPoints derived;
    try {
      derived =
          DerivedPoints.compile(
              measured.stream()
                  .map(p -> new DerivedPoints.Measured(p.name(), p.dataType(), p.intervalSeconds()))
                  .toList(),
              requested.stream()
                  .map(
                      d ->
                          d == null
                              ? null
                              : new DerivedPoints.Definition(
                                  d.name(), d.unit(), d.kind(), d.expression()))
                  .toList());
    } catch (InvalidDerivedPointException e) {
      throw ApiErrors.badRequest(e.field(), e.getMessage());
    }
    List<StoredPoint> stored = new ArrayList<>();
    for (Point p : measured) {
      stored.add(
          new StoredPoint(p.name(), p.unit(), p.dataType(), p.kind(), p.intervalSeconds(), null));
    }
    for (DerivedPoints.Derived d : derived.points()) {
      stored.add(
          new StoredPoint(d.name(), d.unit(), "number", d.kind(), d.intervalSeconds(), d.text()));
    }
    return Json.write(stored);
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
          "must be one of "
              + Arrays.stream(PointKind.values())
                  .map(PointKind::id)
                  .collect(Collectors.joining(", ")));
      require(
          p.intervalSeconds() != null && p.intervalSeconds() >= 1,
          "points." + p.name() + ".intervalSeconds",
          "must be at least 1");
    }
  }

  private Uni<Void> audit(Caller caller, String action, DeviceProfile p) {
    return audit.record(
        caller, action, "profile", p.id, p.parkId, p.enterpriseId, Map.of("name", p.name));
  }
}
