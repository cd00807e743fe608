package io.parkpulse.platform.alarms;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.parkpulse.model.Ids;
import io.parkpulse.model.PointKind;
import io.parkpulse.platform.alarms.rules.Condition;
import io.parkpulse.platform.alarms.rules.RuleTrees;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.devices.DeviceRepository;
import io.parkpulse.platform.devices.ProfileRepository;
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

  private static final TypeReference<JsonNode> TREE = new TypeReference<>() {};

  private final AlarmRuleRepository rules;
  private final DeviceRepository devices;
  private final ProfileRepository profiles;
  private final TenancyGate gate;

  AlarmRuleService(
      AlarmRuleRepository rules,
      DeviceRepository devices,
      ProfileRepository profiles,
      TenancyGate gate) {
    this.rules = rules;
    this.devices = devices;
    this.profiles = profiles;
    this.gate = gate;
  }

  /**
   * A rule, in the first form (on a point kind, e.g. {@code temperature.c}, or a point name, not
   * both, with a condition above, below or equals) or with a {@code when} tree (see {@link
   * RuleTrees}), which then replaces pointKind, point, condition, threshold and state.
   *
   * @param device only this device of the rule's enterprise
   * @param profile only devices of this profile
   * @param flapTransitions changes within the flapping window that make an alarm flapping
   * @param flapWindowSeconds the flapping window
   */
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
      Boolean enabled,
      JsonNode when,
      String device,
      String profile,
      Integer flapTransitions,
      Integer flapWindowSeconds) {}

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
      String geofence,
      JsonNode when,
      String device,
      String profile,
      Integer flapTransitions,
      Integer flapWindowSeconds) {
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
          r.geofenceId,
          r.whenTree == null ? null : Json.read(r.whenTree, TREE),
          r.deviceId,
          r.profileId,
          r.flapTransitions,
          r.flapWindowSeconds);
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
        .call(p -> scope(r, p))
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

  /** Checks that the rule's device or profile is one of its enterprise or park. */
  private Uni<Void> scope(RuleRequest r, String park) {
    Uni<Void> checked = Uni.createFrom().voidItem();
    if (r.device() != null) {
      checked =
          devices
              .findById(r.device())
              .invoke(
                  d ->
                      require(
                          d != null && d.enterpriseId.equals(r.enterprise()),
                          "device",
                          "is not a device of enterprise '" + r.enterprise() + "'"))
              .replaceWithVoid();
    }
    if (r.profile() != null) {
      checked =
          checked
              .chain(() -> profiles.findById(r.profile()))
              .invoke(
                  p ->
                      require(
                          p != null && p.parkId.equals(park),
                          "profile",
                          "is not a device profile of park '" + park + "'"))
              .replaceWithVoid();
    }
    return checked;
  }

  private static void validate(RuleRequest r) {
    require(r.name() != null && !r.name().isBlank(), "name", "is required");
    require(
        r.device() == null || r.enterprise() != null,
        "device",
        "is given with its enterprise: a device rule is an enterprise's rule");
    condition(r);
    require(
        r.severity() != null && SEVERITIES.contains(r.severity()),
        "severity",
        "must be one of " + SEVERITIES);
    require(r.slaSeconds() != null && r.slaSeconds() > 0, "slaSeconds", "must be above 0");
  }

  /**
   * The rule's condition, from its {@code when} tree or its first form, with its duration and
   * flapping limit checked; a 400 naming the field that is wrong.
   */
  static Condition condition(RuleRequest r) {
    require(
        r.flapTransitions() == null || r.flapTransitions() >= 2,
        "flapTransitions",
        "must be 2 or more");
    require(
        r.flapWindowSeconds() == null || r.flapWindowSeconds() > 0,
        "flapWindowSeconds",
        "must be above 0");
    require(r.forSeconds() != null && r.forSeconds() >= 0, "forSeconds", "must be 0 or more");
    if (r.when() != null && !r.when().isNull()) {
      for (String[] f :
          new String[][] {
            {"pointKind", r.pointKind()},
            {"point", r.point()},
            {"condition", r.condition()},
            {"state", r.state()},
            {"threshold", r.threshold() == null ? null : "x"}
          }) {
        require(f[1] == null, f[0], "is part of the first form; with when, put it in the tree");
      }
      try {
        return RuleTrees.parse(r.when());
      } catch (RuleTrees.Invalid e) {
        throw ApiErrors.badRequest(e.field(), e.getMessage());
      }
    }
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
    return RuleTrees.legacy(
        r.condition(), r.pointKind(), r.point(), r.threshold(), r.state(), null);
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
    rule.whenTree = r.when() == null || r.when().isNull() ? null : Json.write(r.when());
    rule.deviceId = r.device();
    rule.profileId = r.profile();
    rule.flapTransitions = r.flapTransitions();
    rule.flapWindowSeconds = r.flapWindowSeconds();
    return rule;
  }
}
