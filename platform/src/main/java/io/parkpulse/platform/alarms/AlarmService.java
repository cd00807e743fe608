package io.parkpulse.platform.alarms;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.AlarmChange;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Scope.HqlFilter;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alarms of the caller's scope: list, acknowledge, close. Who manages an enterprise handles its
 * alarms; each change is published as an event on the device's events topic.
 */
@ApplicationScoped
public class AlarmService {

  static final Set<String> STATUSES = Set.of("open", "acknowledged", "closed");

  private final AlarmRepository alarms;
  private final TenancyGate gate;
  private final AlarmEvents events;
  private final Workers workers;

  AlarmService(AlarmRepository alarms, TenancyGate gate, AlarmEvents events, Workers workers) {
    this.alarms = alarms;
    this.gate = gate;
    this.events = events;
    this.workers = workers;
  }

  /**
   * An alarm; {@code status} is open, acknowledged or closed. {@code transitions} counts how often
   * its condition was raised or cleared, {@code flapping} says it changed too often and {@code
   * suppressed} how many changes were counted without being announced (while flapping, or, on an
   * enterprise's {@code summary} alarm, kept out by its cap of open alarms). A summary alarm has no
   * rule and no device.
   */
  public record AlarmView(
      long id,
      String rule,
      String park,
      String enterprise,
      String device,
      String point,
      String value,
      String status,
      Instant openedAt,
      int slaSeconds,
      Instant acknowledgedAt,
      String acknowledgedBy,
      Instant closedAt,
      String closedBy,
      Instant clearedAt,
      int transitions,
      boolean flapping,
      int suppressed,
      boolean summary) {
    static AlarmView of(Alarm a) {
      return new AlarmView(
          a.id,
          a.ruleId,
          a.parkId,
          a.enterpriseId,
          a.deviceId,
          a.point,
          a.value,
          a.status(),
          a.openedAt,
          a.slaSeconds,
          a.acknowledgedAt,
          a.acknowledgedBy,
          a.closedAt,
          a.closedBy,
          a.clearedAt,
          a.transitions,
          a.flapping,
          a.suppressed,
          a.summary);
    }
  }

  /**
   * Alarms in the caller's scope, newest first, optionally of one enterprise, rule and status.
   *
   * @param enterprise only this enterprise's, or null
   * @param rule only this rule's, or null
   * @param status open, acknowledged, closed, or null for all
   * @param limit at most this many, 1 to 1000
   */
  @WithSession
  public Uni<List<AlarmView>> list(
      Caller caller, String enterprise, String rule, String status, int limit) {
    require(
        status == null || STATUSES.contains(status),
        "status",
        "must be open, acknowledged or closed");
    require(limit >= 1 && limit <= 1000, "limit", "must be between 1 and 1000");
    HqlFilter scope = gate.scope(caller).hql("parkId", "enterpriseId");
    StringBuilder query = new StringBuilder("1 = 1").append(scope.clause());
    Map<String, Object> params = new HashMap<>(scope.params());
    if (enterprise != null) {
      query.append(" and enterpriseId = :enterprise");
      params.put("enterprise", enterprise);
    }
    if (rule != null) {
      query.append(" and ruleId = :rule");
      params.put("rule", rule);
    }
    if (status != null) {
      query.append(
          switch (status) {
            case "open" -> " and acknowledgedAt is null and closedAt is null";
            case "acknowledged" -> " and acknowledgedAt is not null and closedAt is null";
            default -> " and closedAt is not null";
          });
    }
    return alarms
        .find(query.toString(), Sort.descending("openedAt", "id"), params)
        .page(0, limit)
        .list()
        .map(list -> list.stream().map(AlarmView::of).toList());
  }

  /** Acknowledges an open alarm; a 409 if it is acknowledged or closed already. */
  public Uni<AlarmView> acknowledge(Caller caller, long id) {
    return change(caller, id, false);
  }

  /** Closes an alarm (acknowledging it if nobody did); a 409 if it is closed already. */
  public Uni<AlarmView> close(Caller caller, long id) {
    return change(caller, id, true);
  }

  /**
   * Commits the change, then publishes it, as the alarm's event follows a change that happened. The
   * transaction is opened here rather than by {@code @WithTransaction} so that it is committed
   * before the (blocking) publication.
   */
  private Uni<AlarmView> change(Caller caller, long id, boolean close) {
    // As PostgreSQL stores it, so that the answer shows what a later read shows.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return Panache.withTransaction(
            () ->
                // Locked: of two concurrent acknowledgements, the second sees the first and is a
                // 409.
                alarms
                    .findById(id, LockModeType.PESSIMISTIC_WRITE)
                    .map(alarm -> apply(caller, id, alarm, close, now)))
        .call(
            alarm ->
                workers.run(
                    () -> {
                      if (!alarm.summary()) {
                        events.publish(
                            alarm.park(),
                            new DeviceRef(alarm.enterprise(), alarm.device()),
                            close ? "alarm.closed" : "alarm.acknowledged",
                            now,
                            Map.of("alarm", id, "rule", alarm.rule(), "by", caller.subject()));
                      }
                      events.changed(
                          new AlarmChange(
                              id,
                              close ? AlarmChange.CLOSED : AlarmChange.ACKNOWLEDGED,
                              now,
                              alarm.park(),
                              alarm.enterprise(),
                              alarm.device(),
                              alarm.rule(),
                              null,
                              alarm.point(),
                              alarm.value(),
                              alarm.status(),
                              alarm.clearedAt() != null,
                              alarm.flapping(),
                              alarm.summary(),
                              alarm.transitions(),
                              alarm.suppressed(),
                              caller.subject()));
                      return null;
                    }));
  }

  private AlarmView apply(Caller caller, long id, Alarm alarm, boolean close, Instant now) {
    if (alarm == null) {
      throw ApiErrors.notFound("alarm", Long.toString(id));
    }
    gate.requireVisible(caller, alarm.parkId, alarm.enterpriseId, "alarm", Long.toString(id));
    gate.requireManagesEnterprise(
        caller, alarm.parkId, alarm.enterpriseId, "viewers cannot handle alarms");
    if (close ? alarm.closedAt != null : alarm.acknowledgedAt != null) {
      throw ApiErrors.conflict("alarm " + id + " is already " + alarm.status());
    }
    if (alarm.acknowledgedAt == null) {
      alarm.acknowledgedAt = now;
      alarm.acknowledgedBy = caller.subject();
    }
    if (close) {
      alarm.closedAt = now;
      alarm.closedBy = caller.subject();
    }
    return AlarmView.of(alarm);
  }
}
