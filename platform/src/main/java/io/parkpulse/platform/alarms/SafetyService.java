package io.parkpulse.platform.alarms;

import io.parkpulse.platform.alarms.GeofenceService.GeofenceView;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A park's safety at a glance, for its operator: the critical and warning alarms not yet closed, by
 * enterprise and by zone (a geofence's alarms are its zone's), with how many nobody acknowledged
 * and since when the oldest of those waits.
 */
@ApplicationScoped
public class SafetyService {

  private static final Set<String> WATCHED = Set.of("critical", "warning");

  private final AlarmRepository alarms;
  private final AlarmRuleRepository rules;
  private final GeofenceService geofences;
  private final TenancyGate gate;

  SafetyService(
      AlarmRepository alarms,
      AlarmRuleRepository rules,
      GeofenceService geofences,
      TenancyGate gate) {
    this.alarms = alarms;
    this.rules = rules;
    this.geofences = geofences;
    this.gate = gate;
  }

  /**
   * The alarms not yet closed of one enterprise or one zone.
   *
   * @param id the enterprise's or the zone's id
   * @param kind for a zone: forbidden, hazard or parking; null for an enterprise
   * @param unacknowledged how many of them nobody acknowledged
   * @param oldestUnacknowledged when the oldest of those opened, or null
   * @param capped for an enterprise: its cap of open alarms is reached (a summary alarm is open)
   */
  public record Row(
      String id,
      String name,
      String kind,
      int critical,
      int warning,
      int unacknowledged,
      Instant oldestUnacknowledged,
      boolean capped) {}

  /**
   * The park's safety view: enterprises with such alarms (most critical first) and every zone.
   *
   * @param critical critical alarms not yet closed in the park
   * @param warning warning alarms not yet closed in the park
   */
  public record SafetyView(
      String park, int critical, int warning, List<Row> enterprises, List<Row> zones) {}

  /** The park's view; for its operator and platform admins (a 403 for enterprise roles). */
  @WithSession
  public Uni<SafetyView> park(Caller caller, String park) {
    return gate.managedPark(caller, park, "the safety view is the park operator's")
        .flatMap(p -> rules.list("parkId", p.id))
        .flatMap(
            parkRules ->
                alarms
                    .list("parkId = ?1 and closedAt is null", park)
                    .flatMap(
                        open ->
                            geofences
                                .list(caller, park)
                                .map(zones -> view(park, parkRules, open, zones))));
  }

  static SafetyView view(
      String park, List<AlarmRule> parkRules, List<Alarm> open, List<GeofenceView> zones) {
    Map<String, AlarmRule> byId = new LinkedHashMap<>();
    parkRules.forEach(r -> byId.put(r.id, r));
    Map<String, Tally> enterprises = new LinkedHashMap<>();
    Map<String, Tally> byZone = new LinkedHashMap<>();
    zones.forEach(z -> byZone.put(z.id(), new Tally(z.id(), z.name(), z.kind())));
    int critical = 0;
    int warning = 0;
    for (Alarm a : open) {
      if (a.summary) {
        enterprises.computeIfAbsent(a.enterpriseId, e -> new Tally(e, e, null)).capped = true;
        continue;
      }
      AlarmRule rule = byId.get(a.ruleId);
      if (rule == null || !WATCHED.contains(rule.severity)) {
        continue;
      }
      boolean isCritical = rule.severity.equals("critical");
      critical += isCritical ? 1 : 0;
      warning += isCritical ? 0 : 1;
      enterprises.computeIfAbsent(a.enterpriseId, e -> new Tally(e, e, null)).add(a, isCritical);
      if (rule.geofenceId != null && byZone.containsKey(rule.geofenceId)) {
        byZone.get(rule.geofenceId).add(a, isCritical);
      }
    }
    List<Row> enterpriseRows =
        new ArrayList<>(enterprises.values().stream().map(Tally::row).toList());
    enterpriseRows.sort(
        Comparator.comparingInt(Row::critical)
            .thenComparingInt(Row::warning)
            .reversed()
            .thenComparing(Row::id));
    return new SafetyView(
        park, critical, warning, enterpriseRows, byZone.values().stream().map(Tally::row).toList());
  }

  private static final class Tally {
    final String id;
    final String name;
    final String kind;
    int critical;
    int warning;
    int unacknowledged;
    Instant oldest;
    boolean capped;

    Tally(String id, String name, String kind) {
      this.id = id;
      this.name = name;
      this.kind = kind;
    }

    void add(Alarm a, boolean isCritical) {
      critical += isCritical ? 1 : 0;
      warning += isCritical ? 0 : 1;
      if (a.acknowledgedAt == null) {
        unacknowledged++;
        if (oldest == null || a.openedAt.isBefore(oldest)) {
          oldest = a.openedAt;
        }
      }
    }

    Row row() {
      return new Row(id, name, kind, critical, warning, unacknowledged, oldest, capped);
    }
  }
}
