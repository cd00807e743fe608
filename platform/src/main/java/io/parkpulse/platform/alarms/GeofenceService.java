package io.parkpulse.platform.alarms;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.model.Ids;
import io.parkpulse.model.PointKind;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The zones of a park that tracked devices (those with {@code position.lat} and {@code
 * position.lon} points) are watched against: listed by whoever sees the park, added and removed by
 * its operator. Each geofence comes with an alarm rule of the same id, so its alarms go through the
 * alarm lifecycle: opened, acknowledged, cleared when the device comes out (or back), closed.
 */
@ApplicationScoped
public class GeofenceService {

  private static final TypeReference<List<List<Double>>> CORNERS = new TypeReference<>() {};

  /** Default SLA of a geofence's alarms: a person should look within 15 minutes. */
  static final int DEFAULT_SLA_SECONDS = 900;

  /** What a zone is, and what its alarm watches for. */
  enum Kind {
    /** Nobody and nothing may enter: entering opens a critical alarm. */
    FORBIDDEN("inside", "critical"),
    /** Entering is allowed with care: entering opens a warning. */
    HAZARD("inside", "warning"),
    /** Where a vehicle belongs: leaving it opens an info alarm. */
    PARKING("outside", "info");

    final String condition;
    final String severity;

    Kind(String condition, String severity) {
      this.condition = condition;
      this.severity = severity;
    }

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Kind of(String id) {
      for (Kind k : values()) {
        if (k.id().equals(id)) {
          return k;
        }
      }
      return null;
    }
  }

  private final GeofenceRepository geofences;
  private final AlarmRuleRepository rules;
  private final TenancyGate gate;
  private final AuditLog audit;

  GeofenceService(
      GeofenceRepository geofences, AlarmRuleRepository rules, TenancyGate gate, AuditLog audit) {
    this.geofences = geofences;
    this.rules = rules;
    this.gate = gate;
    this.audit = audit;
  }

  /**
   * A geofence to add.
   *
   * @param id its id, also its alarm rule's
   * @param name what people call the zone
   * @param kind forbidden, hazard or parking
   * @param polygon [longitude, latitude] corners in decimal degrees (CGCS2000 or WGS 84)
   * @param severity of its alarms; by default critical, warning, info by kind
   * @param slaSeconds how soon its alarms should be handled; by default 900
   */
  public record GeofenceRequest(
      String id,
      String name,
      String kind,
      List<List<Double>> polygon,
      String severity,
      Integer slaSeconds) {}

  /**
   * A geofence as the API shows it.
   *
   * @param alarmWhen {@code enter} or {@code leave}: what opens its alarm
   */
  public record GeofenceView(
      String id,
      String park,
      String name,
      String kind,
      List<List<Double>> polygon,
      String alarmWhen,
      String severity,
      int slaSeconds,
      Instant createdAt) {}

  /** The park's geofences, by id; a 404 for a park the caller does not see. */
  @WithSession
  public Uni<List<GeofenceView>> list(Caller caller, String park) {
    return gate.park(caller, park)
        .flatMap(p -> geofences.list("parkId", Sort.by("id"), p.id))
        .flatMap(
            zones ->
                rules
                    .list("geofenceId in ?1", zones.stream().map(z -> z.id).toList())
                    .map(
                        found -> {
                          Map<String, AlarmRule> byZone =
                              found.stream()
                                  .collect(
                                      Collectors.toMap(r -> r.geofenceId, Function.identity()));
                          return zones.stream().map(z -> view(z, byZone.get(z.id))).toList();
                        }));
  }

  /** Adds a geofence and its alarm rule; only the park's operator does. */
  @WithTransaction
  public Uni<GeofenceView> create(Caller caller, String park, GeofenceRequest r) {
    require(r != null, "body", "is required");
    return gate.managedPark(caller, park, "only the park's operator adds geofences")
        .flatMap(
            p -> {
              Geofence zone = geofence(r, p.id);
              AlarmRule rule = rule(r, zone);
              return rules
                  .findById(zone.id)
                  .flatMap(
                      existing -> {
                        if (existing != null) {
                          throw ApiErrors.conflict(
                              "'" + zone.id + "' is taken by an alarm rule or a geofence");
                        }
                        return geofences.persist(zone);
                      })
                  .flatMap(saved -> rules.persist(rule))
                  .call(
                      saved ->
                          audit.record(
                              caller,
                              "geofence.create",
                              "geofence",
                              zone.id,
                              zone.parkId,
                              null,
                              Map.of("kind", zone.kind, "name", zone.name)))
                  .map(saved -> view(zone, rule));
            });
  }

  /** Removes a geofence, its rule and the rule's alarms; only the park's operator does. */
  @WithTransaction
  public Uni<Void> delete(Caller caller, String park, String id) {
    return gate.managedPark(caller, park, "only the park's operator removes geofences")
        .flatMap(p -> geofences.findById(id))
        .flatMap(
            zone -> {
              if (zone == null || !zone.parkId.equals(park)) {
                throw ApiErrors.notFound("geofence", id);
              }
              return geofences
                  .delete(zone)
                  .call(
                      () ->
                          audit.record(
                              caller,
                              "geofence.delete",
                              "geofence",
                              id,
                              park,
                              null,
                              Map.of("kind", zone.kind, "name", zone.name)));
            });
  }

  private static Geofence geofence(GeofenceRequest r, String park) {
    require(Ids.isValid(r.id()), "id", "must match " + Ids.SLUG.pattern());
    require(r.name() != null && !r.name().isBlank(), "name", "is required");
    require(Kind.of(r.kind()) != null, "kind", "must be forbidden, hazard or parking");
    Polygon polygon;
    try {
      polygon = Polygon.of(r.polygon());
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest("polygon", e.getMessage());
    }
    Geofence zone = new Geofence();
    zone.id = r.id();
    zone.parkId = park;
    zone.name = r.name().strip();
    zone.kind = r.kind();
    zone.polygon = Json.write(polygon.corners());
    return zone;
  }

  private static AlarmRule rule(GeofenceRequest r, Geofence zone) {
    Kind kind = Kind.of(zone.kind);
    require(
        r.severity() == null || AlarmRuleService.SEVERITIES.contains(r.severity()),
        "severity",
        "must be one of " + AlarmRuleService.SEVERITIES);
    require(r.slaSeconds() == null || r.slaSeconds() > 0, "slaSeconds", "must be above 0");
    AlarmRule rule = new AlarmRule();
    rule.id = zone.id;
    rule.parkId = zone.parkId;
    rule.name = zone.name;
    rule.pointKind = PointKind.POSITION_LAT.id();
    rule.condition = kind.condition;
    rule.forSeconds = 0;
    rule.severity = r.severity() != null ? r.severity() : kind.severity;
    rule.slaSeconds = r.slaSeconds() != null ? r.slaSeconds() : DEFAULT_SLA_SECONDS;
    rule.enabled = true;
    rule.geofenceId = zone.id;
    return rule;
  }

  private static GeofenceView view(Geofence zone, AlarmRule rule) {
    return new GeofenceView(
        zone.id,
        zone.parkId,
        zone.name,
        zone.kind,
        Json.read(zone.polygon, CORNERS),
        rule == null || "inside".equals(rule.condition) ? "enter" : "leave",
        rule == null ? Kind.of(zone.kind).severity : rule.severity,
        rule == null ? DEFAULT_SLA_SECONDS : rule.slaSeconds,
        zone.createdAt);
  }
}
