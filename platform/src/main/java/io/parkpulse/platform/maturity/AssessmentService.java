package io.parkpulse.platform.maturity;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.maturity.readmodel.Assessor;
import io.parkpulse.platform.maturity.readmodel.Assessor.Stored;
import io.parkpulse.platform.maturity.scoring.Assessment;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Assessments of enterprises, one at a time or a park's at once: the gate decides who may, in a
 * reactive session of its own; the {@link Assessor} (JDBC and Kafka, on a worker thread) then
 * computes, keeps and publishes them without holding that session.
 */
@ApplicationScoped
public class AssessmentService {

  private final TenancyGate gate;
  private final Assessor assessor;
  private final Workers workers;

  AssessmentService(TenancyGate gate, Assessor assessor, Workers workers) {
    this.gate = gate;
    this.assessor = assessor;
    this.workers = workers;
  }

  /** An assessment as kept. */
  public record AssessmentView(long id, Instant assessedAt, Assessment assessment) {
    static AssessmentView of(Stored s) {
      return new AssessmentView(s.id(), s.at(), s.assessment());
    }
  }

  /** One enterprise's new assessment, in short: the whole is at its enterprise's endpoints. */
  public record EnterpriseResult(String enterprise, long id, int level, double total) {}

  /** The assessments made of a park's enterprises, by enterprise id. */
  public record ParkAssessmentView(
      String park,
      Instant assessedAt,
      String catalogVersion,
      int enterprises,
      List<EnterpriseResult> assessments) {}

  /** Assesses the enterprise now (operators and the enterprise's admin; viewers 403). */
  public Uni<AssessmentView> assess(Caller caller, String enterprise) {
    return Panache.withSession(() -> gate.enterprise(caller, enterprise))
        .invoke(
            e -> {
              if (caller.role() == Role.ENTERPRISE_VIEWER) {
                throw ApiErrors.forbidden("viewers cannot start an assessment");
              }
            })
        .flatMap(e -> workers.run(() -> assessor.assess(e.parkId, e.id)))
        .map(AssessmentView::of);
  }

  /** The enterprise's assessments, newest first. */
  public Uni<List<AssessmentView>> history(Caller caller, String enterprise, int limit) {
    return recent(caller, enterprise, limit)
        .map(list -> list.stream().map(AssessmentView::of).toList());
  }

  /** The enterprise's latest assessment; 404 if there is none yet. */
  public Uni<AssessmentView> latest(Caller caller, String enterprise) {
    return recent(caller, enterprise, 1)
        .map(
            list ->
                list.stream()
                    .findFirst()
                    .map(AssessmentView::of)
                    .orElseThrow(() -> ApiErrors.notFound("assessment of", enterprise)));
  }

  /**
   * The enterprise's assessments as kept, newest first (also for the portal); those of an earlier
   * enterprise of the same id in another park are not its.
   */
  public Uni<List<Stored>> recent(Caller caller, String enterprise, int limit) {
    return Panache.withSession(() -> gate.enterprise(caller, enterprise))
        .invoke(e -> require(limit >= 1 && limit <= 366, "limit", "must be between 1 and 366"))
        .flatMap(e -> workers.run(() -> assessor.history(e.parkId, e.id, limit)));
  }

  /** Assesses, keeps and publishes every enterprise of the park now (its operator; others 403). */
  public Uni<ParkAssessmentView> assessPark(Caller caller, String park) {
    return Panache.withSession(
            () ->
                gate.managedPark(caller, park, "only the park's operator assesses the whole park"))
        .flatMap(p -> workers.run(() -> assessor.assessPark(p.id)))
        .map(
            stored -> {
              List<EnterpriseResult> results =
                  stored.stream()
                      .map(
                          s ->
                              new EnterpriseResult(
                                  s.assessment().enterprise(),
                                  s.id(),
                                  s.assessment().level(),
                                  s.assessment().total()))
                      .toList();
              Instant at = stored.isEmpty() ? Instant.now() : stored.get(0).at();
              return new ParkAssessmentView(
                  park, at, assessor.catalog().version(), results.size(), results);
            });
  }
}
