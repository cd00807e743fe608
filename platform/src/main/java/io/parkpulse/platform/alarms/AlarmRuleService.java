package io.parkpulse.platform.alarms;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.Ids;
import io.parkpulse.model.PointKind;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Scope.HqlFilter;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/** Alarm rules of a park or an enterprise: list, add, remove, within the caller's scope. */
@ApplicationScoped
public class AlarmRuleService {

  static final Set<String> CONDITIONS = Set.of("above", "below", "equals");
  static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

  private final AlarmRuleRepository rules;
  private final TenancyGate gate;

  AlarmRuleService(AlarmRuleRepository rules, TenancyGate gate) {
    this.rules = rules;
    this.gate = gate;
  }

  /** A rule: on a point kind (e.g. {@code temperature.c}) or a point name, not both. */
  public record RuleRequest(
      String id,
      String park,
      String enterprise,
      String name,
      String pointKind,
      String point,
      String condition,
      Double threshold,
      String state,
      Integer forSeconds,
      String severity,
      Integer slaSeconds,
      Boolean enabled) {}

  /** A rule as the API shows it. */
  public record RuleView(
      String id,
      String park,
      String enterprise,
      String name,
      String pointKind,
      String point,
      String condition,
      Double threshold,
      String state,
      int forSeconds,
      String severity,
      int slaSeconds,
      boolean enabled,
      String geofence) {
    static RuleView of(AlarmRule r) {
      return new RuleView(
          r.id,
          r.parkId,
          r.enterpriseId,
          r.name,
          r.pointKind,
          r.point,
          r.condition,
          r.threshold,
          r.state,
          r.forSeconds,
          r.severity,
          r.slaSeconds,
          r.enabled,
          r.geofenceId);
    }
  }

  /** The rules the caller sees: its parks' park-wide rules and its enterprises' rules, by id. */
  @WithSession
  public Uni<List<RuleView>> rules(Caller caller) {
    // A park-wide rule (no enterprise) belongs to every enterprise of its park: coalesce counts it
    // as the caller's own enterprise, so that enterprise roles see it too.
    HqlFilter scope = gate.scope(caller).hql("parkId", "coalesce(enterpriseId, :scopeEnterprise)");
    return rules
        .list("1 = 1" + scope.clause(), Sort.by("id"), scope.params())
        .map(list -> list.stream().map(RuleView::of).toList());
  }

  /**
   * Adds a rule: an enterprise's by whoever manages the enterprise, a park-wide one by the park's
   * operator.
   */
  @WithTransaction
  public Uni<RuleView> create(Caller caller, RuleRequest r) {
    require(r != null, "body", "is required");
    require(Ids.isValid(r.id()), "id", "must match " + Ids.SLUG.pattern());
    Uni<String> park;
    if (r.enterprise() != null) {
      park =
          gate.enterprise(caller, r.enterprise())
              .map(
                  e -> {
                    require(
                        r.park() == null || r.park().equals(e.parkId),
                        "park",
                        "is not the enterprise's park");
                    gate.requireManagesEnterprise(caller, e, "viewers cannot add alarm rules");
                    return e.parkId;
                  });
    } else {
      require(r.park() != null, "park", "is required for a park-wide rule");
      park =
          gate.managedPark(caller, r.park(), "only the park's operator adds park-wide rules")
              .map(p -> p.id);
    }
    return park.invoke(p -> validate(r))
        .flatMap(
            p ->
                rules
                    .findById(r.id())
                    .flatMap(
                        existing -> {
                          if (existing != null) {
                            throw ApiErrors.conflict("alarm rule '" + r.id() + "' exists");
                          }
                          return rules.persist(rule(r, p));
                        }))
        .map(RuleView::of);
  }

  /** Removes a rule (and, with it, its alarms); a 404 outside the caller's scope. */
  @WithTransaction
  public Uni<Void> delete(Caller caller, String id) {
    return rules
        .findById(id)
        .flatMap(
            rule -> {
              if (rule == null) {
                throw ApiErrors.notFound("alarm rule", id);
              }
              gate.requireVisible(caller, rule.parkId, rule.enterpriseId, "alarm rule", id);
              if (rule.geofenceId != null) {
                throw ApiErrors.conflict(
                    "alarm rule '"
                        + id
                        + "' watches geofence '"
                        + rule.geofenceId
                        + "'; remove the geofence instead");
              }
              String why = "you cannot remove this rule";
              if (rule.enterpriseId == null) {
                gate.requireManagesPark(caller, rule.parkId, why);
              } else {
                gate.requireManagesEnterprise(caller, rule.parkId, rule.enterpriseId, why);
              }
              return rules.delete(rule);
            });
  }

  private static void validate(RuleRequest r) {
    require(r.name() != null && !r.name().isBlank(), "name", "is required");
    require((r.pointKind() == null) != (r.point() == null), "pointKind", "give pointKind or point");
    require(
        r.pointKind() == null || PointKind.of(r.pointKind()).isPresent(),
        "pointKind",
        "is not a point kind such as temperature.c or machine.state");
    require(
        r.condition() != null && CONDITIONS.contains(r.condition()),
        "condition",
        "must be one of " + CONDITIONS);
    require(
        !"equals".equals(r.condition()) || r.state() != null, "state", "is required for equals");
    require(
        "equals".equals(r.condition()) || r.threshold() != null,
        "threshold",
        "is required for above and below");
    require(r.forSeconds() != null && r.forSeconds() >= 0, "forSeconds", "must be 0 or more");
    require(
        r.severity() != null && SEVERITIES.contains(r.severity()),
        "severity",
        "must be one of " + SEVERITIES);
    require(r.slaSeconds() != null && r.slaSeconds() > 0, "slaSeconds", "must be above 0");
  }

  private static AlarmRule rule(RuleRequest r, String park) {
    AlarmRule rule = new AlarmRule();
    rule.id = r.id();
    rule.parkId = park;
    rule.enterpriseId = r.enterprise();
    rule.name = r.name();
    rule.pointKind = r.pointKind();
    rule.point = r.point();
    rule.condition = r.condition();
    rule.threshold = r.threshold();
    rule.state = r.state();
    rule.forSeconds = r.forSeconds();
    rule.severity = r.severity();
    rule.slaSeconds = r.slaSeconds();
    rule.enabled = r.enabled() == null || r.enabled();
    return rule;
  }
}
