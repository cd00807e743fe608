package io.parkpulse.platform.fleet;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.AgentFleet;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.devices.Device;
import io.parkpulse.platform.devices.DeviceRepository;
import io.parkpulse.platform.fleet.readmodel.FleetReadModel;
import io.parkpulse.platform.fleet.readmodel.FleetReadModel.AgentRow;
import io.parkpulse.platform.fleet.readmodel.FleetReadModel.VersionRow;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.Scope;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The park's edge agents and their managed configurations: whoever sees an enterprise sees its
 * agents, what they run and what they should run; whoever manages it (its admin, its park's
 * operator, a platform admin) sends configurations, to one agent or as a rollout with a canary.
 * Rollouts live in PostgreSQL and are advanced by one replica's job, so a restart strands none.
 */
@ApplicationScoped
public class FleetService {

  static final int DEFAULT_TRIAL_SECONDS = 30;
  static final int MIN_TRIAL_SECONDS = 5;
  static final int MAX_TRIAL_SECONDS = 60;
  private static final String VIEWERS = "viewers cannot change agents' configurations";

  private final TenancyGate gate;
  private final DeviceRepository devices;
  private final RolloutRepository rollouts;
  private final RolloutTargetRepository targets;
  private final FleetReadModel fleet;
  private final Workers workers;
  private final AuditLog audit;

  FleetService(
      TenancyGate gate,
      DeviceRepository devices,
      RolloutRepository rollouts,
      RolloutTargetRepository targets,
      FleetReadModel fleet,
      Workers workers,
      AuditLog audit) {
    this.gate = gate;
    this.devices = devices;
    this.rollouts = rollouts;
    this.targets = targets;
    this.fleet = fleet;
    this.workers = workers;
    this.audit = audit;
  }

  /**
   * A configuration for one agent.
   *
   * @param config the managed configuration: YAML with buses, machines and commands
   * @param trialSeconds how long the agent has to connect and collect before it rolls back, 5 to
   *     60; 30 if absent
   * @param comment why, for the history; optional
   */
  public record ConfigRequest(String config, Integer trialSeconds, String comment) {}

  /**
   * A rollout of one configuration to several agents of an enterprise.
   *
   * @param config the managed configuration
   * @param devices the agents; all of the enterprise's agents if absent or empty
   * @param canaryPercent the share of them (rounded up, at least one) that take it first; the rest
   *     follow only when every one of those applied it. 0 (default): all at once
   * @param trialSeconds as for one agent
   * @param comment why, for the history; optional
   */
  public record RolloutRequest(
      String config,
      List<String> devices,
      Integer canaryPercent,
      Integer trialSeconds,
      String comment) {}

  /** An agent in a rollout, and what became of its part. */
  public record TargetView(
      String device,
      int wave,
      String state,
      Integer version,
      String reason,
      Instant sentAt,
      Instant finishedAt) {}

  /**
   * A rollout.
   *
   * @param state {@code running}, {@code done}, {@code stopped} (an agent failed: the rest was
   *     skipped) or {@code cancelled}
   * @param config the configuration it sends; null in lists
   */
  public record RolloutView(
      long id,
      String enterprise,
      String hash,
      int canaryPercent,
      int trialSeconds,
      String comment,
      String state,
      String stopReason,
      String createdBy,
      Instant createdAt,
      Instant finishedAt,
      List<TargetView> targets,
      String config) {}

  /**
   * An agent's configuration: what it runs, what it should run, and the versions it was sent.
   *
   * @param desired its latest version's text, or null if it was never sent one (it runs its
   *     agent.yaml)
   */
  public record AgentConfigView(AgentRow agent, String desired, List<VersionRow> versions) {}

  /** The agents of a park that the caller sees: all of them for its operator. */
  @WithSession
  public Uni<List<AgentRow>> parkFleet(Caller caller, String park) {
    return gate.park(caller, park)
        .flatMap(p -> workers.run(() -> fleet.agents(gate.scope(caller), p.id, null)));
  }

  /** The agents of an enterprise. */
  @WithSession
  public Uni<List<AgentRow>> enterpriseFleet(Caller caller, String enterprise) {
    return gate.enterprise(caller, enterprise)
        .flatMap(e -> workers.run(() -> fleet.agents(gate.scope(caller), e.parkId, e.id)));
  }

  /** One agent's configuration; a 404 for a device the caller does not see. */
  @WithSession
  public Uni<AgentConfigView> agentConfig(Caller caller, String enterprise, String device) {
    return visibleDevice(caller, enterprise, device)
        .flatMap(
            d ->
                workers.run(
                    () -> {
                      AgentRow agent =
                          fleet.agent(d.enterpriseId, d.id).orElseThrow(() -> notAnAgent(d.id));
                      List<VersionRow> versions = fleet.versions(d.id);
                      String desired =
                          versions.isEmpty()
                              ? null
                              : fleet.body(d.id, versions.get(0).version()).orElse(null);
                      return new AgentConfigView(agent, desired, versions);
                    }));
  }

  /** The text of one version of an agent's configuration. */
  @WithSession
  public Uni<String> version(Caller caller, String enterprise, String device, int version) {
    return visibleDevice(caller, enterprise, device)
        .flatMap(
            d ->
                workers.run(
                    () ->
                        fleet
                            .body(d.id, version)
                            .orElseThrow(
                                () ->
                                    ApiErrors.notFound(
                                        "configuration version", device + " v" + version))));
  }

  /** Sends a configuration to one agent: a rollout of one. */
  public Uni<RolloutView> configure(
      Caller caller, String enterprise, String device, ConfigRequest r) {
    require(r != null, "body", "is required");
    return start(
        caller,
        enterprise,
        new RolloutRequest(r.config(), List.of(device), 0, r.trialSeconds(), r.comment()));
  }

  /**
   * Starts a rollout: checks the configuration, finds its agents, and leaves the rest to the job.
   * An agent already in a running rollout is a 409.
   */
  @WithTransaction
  public Uni<RolloutView> start(Caller caller, String enterprise, RolloutRequest r) {
    require(r != null, "body", "is required");
    List<String> problems = ManagedConfig.problems(r.config());
    require(problems.isEmpty(), "config", String.join("; ", problems));
    int canary = r.canaryPercent() == null ? 0 : r.canaryPercent();
    require(canary >= 0 && canary <= 100, "canaryPercent", "must be 0 to 100");
    int trial = r.trialSeconds() == null ? DEFAULT_TRIAL_SECONDS : r.trialSeconds();
    require(
        trial >= MIN_TRIAL_SECONDS && trial <= MAX_TRIAL_SECONDS,
        "trialSeconds",
        "must be " + MIN_TRIAL_SECONDS + " to " + MAX_TRIAL_SECONDS);
    require(
        r.comment() == null || r.comment().length() <= 500, "comment", "is at most 500 characters");
    return gate.managedEnterprise(caller, enterprise, VIEWERS)
        .flatMap(e -> agentsOf(caller, e, r.devices()).map(ids -> Map.entry(e, ids)))
        .flatMap(
            found ->
                targets
                    .count(
                        "deviceId in ?1 and state in ?2",
                        found.getValue(),
                        List.of(RolloutTarget.PENDING, RolloutTarget.SENT))
                    .map(
                        busy -> {
                          if (busy > 0) {
                            throw ApiErrors.conflict(
                                "an agent of this rollout is in a running rollout: wait for it"
                                    + " to end, or cancel it");
                          }
                          return found;
                        }))
        .flatMap(
            found -> {
              Enterprise e = found.getKey();
              Rollout rollout = new Rollout();
              rollout.parkId = e.parkId;
              rollout.enterpriseId = e.id;
              rollout.body = r.config();
              rollout.hash = AgentFleet.hash(r.config());
              rollout.canaryPercent = canary;
              rollout.trialSeconds = trial;
              rollout.comment = r.comment();
              rollout.state = Rollout.RUNNING;
              rollout.createdBy = caller.subject();
              rollout.createdAt = Instant.now();
              List<String> ids = found.getValue();
              return rollouts
                  .persistAndFlush(rollout)
                  .flatMap(
                      saved -> targets.persist(waves(saved.id, ids, canary)).replaceWith(saved))
                  .call(
                      saved ->
                          audit.record(
                              caller,
                              "agent.rollout",
                              "rollout",
                              String.valueOf(saved.id),
                              e.parkId,
                              e.id,
                              rolloutDetails(saved, ids)))
                  .flatMap(saved -> view(saved, true));
            });
  }

  /** The enterprise's latest 50 rollouts, newest first, without their configurations. */
  @WithSession
  public Uni<List<RolloutView>> rollouts(Caller caller, String enterprise) {
    return gate.enterprise(caller, enterprise)
        .flatMap(e -> rollouts.find("enterpriseId", Sort.descending("id"), e.id).page(0, 50).list())
        .flatMap(this::withTargets);
  }

  /** The rollouts with their agents, read at once: a session runs one query at a time. */
  private Uni<List<RolloutView>> withTargets(List<Rollout> list) {
    if (list.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return targets
        .list(
            "rolloutId in ?1",
            Sort.by("wave").and("deviceId"),
            list.stream().map(r -> r.id).toList())
        .map(
            all ->
                list.stream()
                    .map(
                        r ->
                            view(
                                r,
                                all.stream().filter(t -> t.rolloutId.equals(r.id)).toList(),
                                false))
                    .toList());
  }

  /** The latest 50 rollouts of a park's enterprises that the caller sees, newest first. */
  @WithSession
  public Uni<List<RolloutView>> parkRollouts(Caller caller, String park) {
    return gate.park(caller, park)
        .flatMap(
            p -> {
              Scope.HqlFilter filter = gate.scope(caller).hql("parkId", "enterpriseId");
              Map<String, Object> params = new LinkedHashMap<>(filter.params());
              params.put("park", p.id);
              return rollouts
                  .find("parkId = :park" + filter.clause(), Sort.descending("id"), params)
                  .page(0, 50)
                  .list();
            })
        .flatMap(this::withTargets);
  }

  /** The latest 10 rollouts that included one agent, newest first. */
  @WithSession
  public Uni<List<RolloutView>> agentRollouts(Caller caller, String enterprise, String device) {
    return visibleDevice(caller, enterprise, device)
        .flatMap(
            d ->
                rollouts
                    .find(
                        "enterpriseId = ?1 and id in (select t.rolloutId from RolloutTarget t"
                            + " where t.deviceId = ?2)",
                        Sort.descending("id"),
                        d.enterpriseId,
                        d.id)
                    .page(0, 10)
                    .list())
        .flatMap(this::withTargets);
  }

  /** One rollout with its configuration and agents. */
  @WithSession
  public Uni<RolloutView> rollout(Caller caller, String enterprise, long id) {
    return visibleRollout(caller, enterprise, id).flatMap(r -> view(r, true));
  }

  /**
   * Cancels a running rollout: agents not yet sent the configuration are skipped; those trying it
   * finish their trial.
   */
  @WithTransaction
  public Uni<RolloutView> cancel(Caller caller, String enterprise, long id) {
    return gate.managedEnterprise(caller, enterprise, VIEWERS)
        .flatMap(e -> visibleRollout(caller, enterprise, id))
        .flatMap(
            r -> {
              if (!Rollout.RUNNING.equals(r.state)) {
                throw ApiErrors.conflict("rollout " + id + " is " + r.state + ", not running");
              }
              r.state = Rollout.CANCELLED;
              r.stopReason = "cancelled by " + caller.subject();
              r.finishedAt = Instant.now();
              return targets
                  .update(
                      "state = ?1, reason = ?2, finishedAt = ?3 where rolloutId = ?4 and state = ?5",
                      RolloutTarget.SKIPPED,
                      "the rollout was cancelled",
                      r.finishedAt,
                      r.id,
                      RolloutTarget.PENDING)
                  .call(
                      () ->
                          audit.record(
                              caller,
                              "agent.rollout.cancel",
                              "rollout",
                              String.valueOf(r.id),
                              r.parkId,
                              r.enterpriseId,
                              Map.of("hash", r.hash)))
                  .flatMap(n -> view(r, true));
            });
  }

  /** The canary (wave 1) first, by device id: the share asked for, rounded up; then the rest. */
  static List<RolloutTarget> waves(long rollout, List<String> devices, int canaryPercent) {
    List<String> sorted = List.copyOf(new TreeSet<>(devices));
    int canary =
        canaryPercent == 0
            ? sorted.size()
            : Math.max(1, (int) Math.ceil(sorted.size() * canaryPercent / 100.0));
    List<RolloutTarget> list = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      RolloutTarget t = new RolloutTarget();
      t.rolloutId = rollout;
      t.deviceId = sorted.get(i);
      t.wave = i < canary ? 1 : 2;
      t.state = RolloutTarget.PENDING;
      list.add(t);
    }
    return list;
  }

  /** The listed devices, each of the enterprise (else a 404); or all of its agents. */
  private Uni<List<String>> agentsOf(Caller caller, Enterprise e, List<String> listed) {
    if (listed == null || listed.isEmpty()) {
      return workers
          .run(() -> fleet.agents(gate.scope(caller), e.parkId, e.id))
          .map(
              agents -> {
                if (agents.isEmpty()) {
                  throw ApiErrors.conflict(
                      "enterprise '" + e.id + "' has no agents: no controller or gateway device");
                }
                return agents.stream().map(AgentRow::device).toList();
              });
    }
    require(listed.size() <= 1000, "devices", "at most 1000 per rollout");
    Set<String> wanted = new TreeSet<>(listed);
    return devices
        .list("enterpriseId = ?1 and id in ?2", e.id, List.copyOf(wanted))
        .map(
            found -> {
              Set<String> known = new TreeSet<>(found.stream().map(d -> d.id).toList());
              for (String id : wanted) {
                if (!known.contains(id)) {
                  throw ApiErrors.notFound("device", id);
                }
              }
              return List.copyOf(wanted);
            });
  }

  private Uni<Device> visibleDevice(Caller caller, String enterprise, String device) {
    return gate.enterprise(caller, enterprise)
        .flatMap(e -> devices.findById(device))
        .map(
            d -> {
              if (d == null || !d.enterpriseId.equals(enterprise)) {
                throw ApiErrors.notFound("device", device);
              }
              return d;
            });
  }

  private Uni<Rollout> visibleRollout(Caller caller, String enterprise, long id) {
    return gate.enterprise(caller, enterprise)
        .flatMap(e -> rollouts.findById(id))
        .map(
            r -> {
              if (r == null || !r.enterpriseId.equals(enterprise)) {
                throw ApiErrors.notFound("rollout", String.valueOf(id));
              }
              return r;
            });
  }

  private Uni<RolloutView> view(Rollout r, boolean withConfig) {
    return targets
        .list("rolloutId", Sort.by("wave").and("deviceId"), r.id)
        .map(list -> view(r, list, withConfig));
  }

  private static RolloutView view(Rollout r, List<RolloutTarget> list, boolean withConfig) {
    return new RolloutView(
        r.id,
        r.enterpriseId,
        r.hash,
        r.canaryPercent,
        r.trialSeconds,
        r.comment,
        r.state,
        r.stopReason,
        r.createdBy,
        r.createdAt,
        r.finishedAt,
        list.stream()
            .map(
                t ->
                    new TargetView(
                        t.deviceId, t.wave, t.state, t.version, t.reason, t.sentAt, t.finishedAt))
            .toList(),
        withConfig ? r.body : null);
  }

  /** What the audit log keeps of a rollout: never its text, though it holds no secret. */
  private static Map<String, Object> rolloutDetails(Rollout r, List<String> devices) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("hash", r.hash);
    details.put("devices", devices.size() <= 20 ? devices : devices.size());
    details.put("canaryPercent", r.canaryPercent);
    details.put("trialSeconds", r.trialSeconds);
    if (r.comment != null) {
      details.put("comment", r.comment);
    }
    return details;
  }

  private static RuntimeException notAnAgent(String device) {
    return ApiErrors.notFound("agent", device);
  }
}
