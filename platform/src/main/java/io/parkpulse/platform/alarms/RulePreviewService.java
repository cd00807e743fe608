package io.parkpulse.platform.alarms;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.Ids;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.alarms.AlarmRuleService.RuleRequest;
import io.parkpulse.platform.alarms.readmodel.RuleHistory;
import io.parkpulse.platform.alarms.readmodel.RuleHistory.Device;
import io.parkpulse.platform.alarms.readmodel.RuleHistory.Reading;
import io.parkpulse.platform.alarms.rules.Condition;
import io.parkpulse.platform.alarms.rules.RuleState;
import io.parkpulse.platform.alarms.rules.RuleState.FlapLimit;
import io.parkpulse.platform.alarms.rules.Watches;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How a rule would have fired on one device over the last 24 hours of its stored telemetry: the
 * rule's condition is run reading by reading with the rule engine's own {@link RuleState} (its
 * {@code for} duration, hysteresis and flapping limit included), and every raise and clear it would
 * have made is listed. Nothing is stored and no alarm is opened.
 *
 * <p>As in the engine, a condition that has held for the rule's duration raises when the duration
 * runs out, even without a new reading; nobody closes the would-be alarm, so once it is flapping it
 * stays so. A silence rule is raised where the readings have a gap of its length and cleared by the
 * next reading.
 */
@ApplicationScoped
public class RulePreviewService {

  /** How far back a preview looks. */
  public static final Duration SPAN = Duration.ofHours(24);

  /** Most readings a preview runs over; beyond, it says it stopped early. */
  static final int MAX_READINGS = 100_000;

  /** Most samples of each point the answer carries for a chart. */
  static final int MAX_SAMPLES = 1_000;

  /** Most devices offered to choose from. */
  static final int MAX_DEVICES = 2_000;

  private final RuleHistory history;
  private final TenancyGate gate;
  private final Workers workers;
  private final FlapLimit defaultFlap;

  RulePreviewService(
      RuleHistory history, TenancyGate gate, Workers workers, PlatformConfig config) {
    this.history = history;
    this.gate = gate;
    this.workers = workers;
    PlatformConfig.Alarms.Flapping flapping = config.alarms().flapping();
    this.defaultFlap = new FlapLimit(flapping.transitions(), flapping.window());
  }

  /**
   * A change the rule would have made.
   *
   * @param change raised or cleared
   * @param value the values that made it, as the alarm would show them
   * @param flappingStarts this change would have made the alarm flapping
   * @param suppressed the alarm was flapping already: counted, not announced
   */
  public record Transition(
      String change, Instant at, String value, boolean flappingStarts, boolean suppressed) {}

  /** A value of a point at a time, for a chart. */
  public record Sample(Instant at, double value) {}

  /** A numeric point the condition reads, with its values over the span (at most 1,000). */
  public record Series(String point, List<Sample> samples) {}

  /**
   * A preview.
   *
   * @param readings how many readings the rule was run over
   * @param complete false if the span held more than 100,000 readings and the preview stopped there
   * @param flapping whether the would-be alarm ends flapping
   * @param suppressed how many changes would have been counted without being announced
   */
  public record Preview(
      String enterprise,
      String device,
      Instant from,
      Instant to,
      int readings,
      boolean complete,
      List<Transition> transitions,
      int raised,
      int cleared,
      boolean flapping,
      int suppressed,
      List<Series> series) {}

  /** A device a preview may run on. */
  public record DeviceChoice(
      String id, String name, String park, String enterprise, String profile) {}

  /** The devices the caller sees, to run a preview on: by enterprise, then id. */
  public Uni<List<DeviceChoice>> devices(Caller caller) {
    return workers.run(
        () ->
            history
                .devices(gate.scope(caller).sql("d.park_id", "d.enterprise_id"), MAX_DEVICES)
                .stream()
                .map(d -> new DeviceChoice(d.id(), d.name(), d.park(), d.enterprise(), d.profile()))
                .toList());
  }

  /**
   * Runs {@code rule} (the body of a new rule; {@code id}, {@code name}, {@code severity} and
   * {@code slaSeconds} are not needed) over the last 24 hours of its {@code device}, which must be
   * one the caller sees and the rule covers (its park, enterprise and profile, when given).
   */
  public Uni<Preview> preview(Caller caller, RuleRequest rule) {
    require(rule != null, "body", "is required");
    require(
        rule.device() != null && Ids.isValid(rule.device()),
        "device",
        "is required: the device whose last 24 h the rule is run over");
    Condition condition = AlarmRuleService.condition(rule);
    FlapLimit flap =
        new FlapLimit(
            rule.flapTransitions() != null ? rule.flapTransitions() : defaultFlap.transitions(),
            rule.flapWindowSeconds() != null
                ? Duration.ofSeconds(rule.flapWindowSeconds())
                : defaultFlap.window());
    Duration holdFor = Duration.ofSeconds(rule.forSeconds());
    return workers.run(
        () -> {
          Device device =
              history
                  .device(rule.device())
                  .orElseThrow(() -> ApiErrors.notFound("device", rule.device()));
          gate.requireVisible(caller, device.park(), device.enterprise(), "device", device.id());
          covered(rule, device);
          Instant to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
          return run(condition, holdFor, flap, device, to.minus(SPAN), to);
        });
  }

  /** A 400 unless the rule, as written, would cover the device. */
  private static void covered(RuleRequest rule, Device device) {
    require(
        rule.park() == null || rule.park().equals(device.park()),
        "device",
        "is not a device of park '" + rule.park() + "'");
    require(
        rule.enterprise() == null || rule.enterprise().equals(device.enterprise()),
        "device",
        "is not a device of enterprise '" + rule.enterprise() + "'");
    require(
        rule.profile() == null || rule.profile().equals(device.profile()),
        "device",
        "is not of profile '" + rule.profile() + "'");
  }

  /** Runs the condition over the device's readings in {@code [from, to)}. */
  Preview run(
      Condition condition,
      Duration holdFor,
      FlapLimit flap,
      Device device,
      Instant from,
      Instant to)
      throws Exception {
    Function<Condition.Point, String> resolve =
        p -> p.name() != null ? p.name() : device.points().get(p.kind());
    List<Transition> transitions = new ArrayList<>();
    List<Reading> readings;
    List<Series> series = List.of();
    boolean flapping = false;
    if (condition instanceof Condition.Silent silent) {
      readings = history.readings(device, from, to, List.of(), MAX_READINGS);
      silence(silent.after(), readings, to, transitions);
    } else {
      Watches.Watch watch =
          Watches.of(condition, resolve)
              .orElseThrow(
                  () ->
                      ApiErrors.badRequest(
                          "device",
                          "has no point for every condition of the rule (its profile '"
                              + device.profile()
                              + "' lacks a kind, or a point name is not one of its points)"));
      Set<String> numeric = new LinkedHashSet<>();
      Set<String> read = new LinkedHashSet<>();
      points(condition, resolve, numeric, read);
      readings = history.readings(device, from, to, read, MAX_READINGS);
      RuleState state = new RuleState(watch, holdFor, flap);
      for (Reading r : readings) {
        // The engine raises a condition whose duration ran out between readings on its clock.
        Optional<Instant> due = state.due();
        if (due.isPresent() && due.get().isBefore(r.ts())) {
          state.onTime(due.get()).ifPresent(t -> transitions.add(view(t)));
        }
        state.onReading(r.ts(), r.metrics()).ifPresent(t -> transitions.add(view(t)));
      }
      Optional<Instant> due = state.due();
      if (due.isPresent() && !due.get().isAfter(to)) {
        state.onTime(due.get()).ifPresent(t -> transitions.add(view(t)));
      }
      flapping = state.flapping();
      series = numeric.stream().map(p -> series(p, readings)).toList();
    }
    int raised = (int) transitions.stream().filter(t -> t.change().equals("raised")).count();
    return new Preview(
        device.enterprise(),
        device.id(),
        from,
        to,
        readings.size(),
        readings.size() < MAX_READINGS,
        transitions,
        raised,
        transitions.size() - raised,
        flapping,
        (int) transitions.stream().filter(Transition::suppressed).count(),
        series);
  }

  /** Raised where the readings have a gap of {@code after} or more, cleared by the next one. */
  private static void silence(
      Duration after, List<Reading> readings, Instant to, List<Transition> transitions) {
    Instant previous = null;
    for (Reading r : readings) {
      if (previous != null && Duration.between(previous, r.ts()).compareTo(after) >= 0) {
        transitions.add(new Transition("raised", previous.plus(after), "silent", false, false));
        transitions.add(new Transition("cleared", r.ts(), "reported", false, false));
      }
      previous = r.ts();
    }
    if (previous != null && Duration.between(previous, to).compareTo(after) >= 0) {
      transitions.add(new Transition("raised", previous.plus(after), "silent", false, false));
    }
  }

  /** Collects the point names the condition reads, and those it reads as numbers. */
  private static void points(
      Condition c,
      Function<Condition.Point, String> resolve,
      Set<String> numeric,
      Set<String> read) {
    if (c instanceof Condition.All all) {
      all.conditions().forEach(child -> points(child, resolve, numeric, read));
    } else if (c instanceof Condition.Any any) {
      any.conditions().forEach(child -> points(child, resolve, numeric, read));
    } else if (c instanceof Condition.Threshold t) {
      numeric.add(resolve.apply(t.point()));
    } else if (c instanceof Condition.Rate r) {
      numeric.add(resolve.apply(r.point()));
    } else if (c instanceof Condition.Equals e) {
      read.add(resolve.apply(e.point()));
    } else if (c instanceof Condition.Zone z) {
      read.add(resolve.apply(z.lat()));
      read.add(resolve.apply(z.lon()));
    }
    read.addAll(numeric);
  }

  /** The point's numeric values, every n-th so that at most {@link #MAX_SAMPLES} remain. */
  private static Series series(String point, List<Reading> readings) {
    List<Sample> all = new ArrayList<>();
    for (Reading r : readings) {
      if (r.metrics().get(point) instanceof Number n) {
        all.add(new Sample(r.ts(), n.doubleValue()));
      }
    }
    int step = Math.max(1, (all.size() + MAX_SAMPLES - 1) / MAX_SAMPLES);
    List<Sample> kept = new ArrayList<>();
    for (int i = 0; i < all.size(); i += step) {
      kept.add(all.get(i));
    }
    return new Series(point, kept);
  }

  private static Transition view(RuleState.Transition t) {
    return new Transition(
        t.change() == RuleState.Change.RAISED ? "raised" : "cleared",
        t.at(),
        t.value(),
        t.flappingStarts(),
        t.suppressed());
  }
}
