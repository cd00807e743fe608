package io.parkpulse.platform.maturity.declarations;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.AnswerRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.DeclarationRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.EvidenceFile;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.ItemView;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.QuestionView;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.VerificationRequest;
import io.parkpulse.platform.maturity.miit.MiitItems;
import io.parkpulse.platform.maturity.miit.MiitRule;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.maturity.scoring.Evidence;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Enterprise;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What enterprises declare about themselves, questionnaire answers and MIIT items, with evidence
 * for the park operator to verify. One rule for both: whoever sees the enterprise reads its
 * declarations (404 for anyone else); its admin or its park's operator declares (a viewer gets
 * 403), which makes the declaration wait for verification again; only the park's operator (or a
 * platform admin) verifies. Each change is audited in its transaction.
 */
@ApplicationScoped
public class DeclarationService {

  static final String ONLY_OPERATOR_VERIFIES = "only the park's operator verifies evidence";

  private final TenancyGate gate;
  private final AuditLog audit;
  private final Catalog catalog;
  private final DeclarationKind<Evidence.Level, QuestionnaireAnswer> answers;
  private final DeclarationKind<Double, MiitDeclaration> miit;
  private final MiitRule miitRule;

  DeclarationService(
      TenancyGate gate,
      AuditLog audit,
      Catalog catalog,
      MiitRule miitRule,
      QuestionnaireAnswerRepository answers,
      MiitDeclarationRepository miit) {
    this.gate = gate;
    this.audit = audit;
    this.catalog = catalog;
    this.miitRule = miitRule;
    this.answers =
        new DeclarationKind<>(
            "question",
            "answer to",
            "viewers cannot answer the questionnaire",
            "question",
            "answer",
            "enterprise.questionnaire",
            q -> catalog.question(q).isPresent(),
            answers,
            QuestionnaireAnswer::new);
    this.miit =
        new DeclarationKind<>(
            "MIIT item",
            "declaration of",
            "viewers cannot declare MIIT items",
            "item",
            "value",
            "enterprise.miit",
            i -> MiitItems.item(i).isPresent(),
            miit,
            MiitDeclaration::new);
  }

  // The questionnaire.

  /** Every question of the catalog with the enterprise's answer, if any. */
  @WithSession
  public Uni<List<QuestionView>> questionnaire(Caller caller, String enterprise) {
    return gate.enterprise(caller, enterprise).flatMap(e -> questionnaireOf(e.id));
  }

  /** Answers a question; a new answer waits for the park operator's verification again. */
  @WithTransaction
  public Uni<List<QuestionView>> answer(
      Caller caller, String enterprise, String question, AnswerRequest request) {
    return declare(
            caller,
            answers,
            enterprise,
            question,
            () -> {
              require(request != null, "body", "is required");
              try {
                return Evidence.Level.valueOf(String.valueOf(request.answer()));
              } catch (IllegalArgumentException e) {
                throw ApiErrors.badRequest("answer", "must be FULLY, MOSTLY, PARTLY or NOT");
              }
            },
            request == null ? null : request.note(),
            request == null ? null : request.attachmentName(),
            request == null ? null : request.attachmentBase64())
        .flatMap(e -> questionnaireOf(e.id));
  }

  /** The park operator verifies or rejects the evidence of an answer. */
  @WithTransaction
  public Uni<List<QuestionView>> verifyAnswer(
      Caller caller, String enterprise, String question, VerificationRequest request) {
    return verify(caller, answers, enterprise, question, request)
        .flatMap(e -> questionnaireOf(e.id));
  }

  /** The evidence attached to an answer, for whoever sees the enterprise; 404 if there is none. */
  @WithSession
  public Uni<EvidenceFile> answerEvidence(Caller caller, String enterprise, String question) {
    return evidence(caller, answers, enterprise, question);
  }

  private Uni<List<QuestionView>> questionnaireOf(String enterprise) {
    return answers
        .repository()
        .ofEnterprise(enterprise)
        .map(
            list -> {
              Map<String, QuestionnaireAnswer> byQuestion = byKey(list);
              return catalog.questions().stream()
                  .map(q -> questionView(q, byQuestion.get(q.id())))
                  .toList();
            });
  }

  private static QuestionView questionView(Catalog.Question q, QuestionnaireAnswer a) {
    return new QuestionView(
        q.id(),
        q.text(),
        a == null ? null : a.answer.name(),
        a == null ? null : a.note,
        a == null ? null : a.attachmentName,
        a == null ? null : a.attachmentSha256,
        a == null ? null : a.verification.name(),
        a == null ? null : a.declaredBy,
        a == null ? null : a.declaredAt,
        a == null ? null : a.verifiedBy);
  }

  // MIIT items.

  /** Every declarable MIIT item, with the enterprise's declarations. */
  @WithSession
  public Uni<List<ItemView>> miitItems(Caller caller, String enterprise) {
    return gate.enterprise(caller, enterprise).flatMap(e -> miitItemsOf(e.id));
  }

  /** Declares a MIIT item (enterprise admin or park operator); it waits for verification again. */
  @WithTransaction
  public Uni<List<ItemView>> declareMiit(
      Caller caller, String enterprise, String itemId, DeclarationRequest request) {
    return declare(
            caller,
            miit,
            enterprise,
            itemId,
            () -> {
              MiitItems.Item item = MiitItems.item(itemId).orElseThrow();
              require(request != null && request.value() != null, "value", "is required");
              double value = request.value();
              if (item.kind() == MiitItems.Kind.SCENARIO) {
                require(
                    value == Math.rint(value) && value >= 0 && value <= 4,
                    "value",
                    "must be a scenario level: 0, 1, 2, 3 or 4");
              } else {
                require(
                    Double.isFinite(value) && value >= 0 && value <= item.max(),
                    "value",
                    "must be points from 0 to " + item.max());
              }
              return value;
            },
            request == null ? null : request.note(),
            request == null ? null : request.attachmentName(),
            request == null ? null : request.attachmentBase64())
        .flatMap(e -> miitItemsOf(e.id));
  }

  /** The park operator verifies or rejects a MIIT declaration's evidence. */
  @WithTransaction
  public Uni<List<ItemView>> verifyMiit(
      Caller caller, String enterprise, String itemId, VerificationRequest request) {
    return verify(caller, miit, enterprise, itemId, request).flatMap(e -> miitItemsOf(e.id));
  }

  /** The evidence of a MIIT declaration, for whoever sees the enterprise; 404 if there is none. */
  @WithSession
  public Uni<EvidenceFile> miitEvidence(Caller caller, String enterprise, String itemId) {
    return evidence(caller, miit, enterprise, itemId);
  }

  private Uni<List<ItemView>> miitItemsOf(String enterprise) {
    return miit.repository()
        .ofEnterprise(enterprise)
        .map(
            list -> {
              Map<String, MiitDeclaration> byItem = byKey(list);
              return MiitItems.ITEMS.stream()
                  .map(i -> itemView(i, miitRule.isMandatory(i.id()), byItem.get(i.id())))
                  .toList();
            });
  }

  private static ItemView itemView(MiitItems.Item item, boolean mandatory, MiitDeclaration d) {
    return new ItemView(
        item.id(),
        item.name(),
        item.english(),
        item.kind(),
        item.max(),
        mandatory,
        d == null ? null : d.value,
        d == null ? null : d.note,
        d == null ? null : d.attachmentName,
        d == null ? null : d.attachmentSha256,
        d == null ? null : d.verification.name(),
        d == null ? null : d.declaredBy,
        d == null ? null : d.declaredAt,
        d == null ? null : d.verifiedBy);
  }

  // The rule, once for every kind.

  /** A value validated once the caller may declare: a 400 if the request is not one. */
  @FunctionalInterface
  private interface Validated<V> {
    V get();
  }

  /**
   * Declares {@code key} for {@code enterprise}: 404 outside the caller's scope, 403 unless the
   * caller manages the enterprise, 404 for an unknown key, 400 for a bad value or attachment; then
   * the declaration, pending verification, and its audit entry. Returns the enterprise.
   */
  private <V, D extends Declaration<V>> Uni<Enterprise> declare(
      Caller caller,
      DeclarationKind<V, D> kind,
      String enterprise,
      String key,
      Validated<V> value,
      String note,
      String attachmentName,
      String attachmentBase64) {
    return gate.enterprise(caller, enterprise)
        .invoke(e -> gate.requireManagesEnterprise(caller, e, kind.viewersCannot()))
        .flatMap(
            e -> {
              if (!kind.exists().test(key)) {
                throw ApiErrors.notFound(kind.thing(), key);
              }
              V declared = value.get();
              EvidenceAttachment evidence = EvidenceAttachment.of(attachmentName, attachmentBase64);
              return kind.repository()
                  .withEvidence(e.id, key)
                  .flatMap(
                      found -> {
                        D d = found != null ? found : kind.create().apply(e.id, key);
                        d.declare(declared, caller.subject(), Instant.now(), note, evidence);
                        return kind.repository().keep(d);
                      })
                  .call(
                      d -> {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put(kind.keyField(), key);
                        details.put(kind.valueField(), declared);
                        details.put("attachmentSha256", d.attachmentSha256);
                        return audit.record(
                            caller,
                            kind.auditAction() + "-declared",
                            "enterprise",
                            e.id,
                            e.parkId,
                            e.id,
                            details);
                      })
                  .replaceWith(e);
            });
  }

  /**
   * The park operator's decision on {@code key}'s evidence: 404 outside the caller's scope, 403
   * unless the caller runs the enterprise's park, 400 without a decision, 404 if nothing was
   * declared; then the decision and its audit entry. Returns the enterprise.
   */
  private <V, D extends Declaration<V>> Uni<Enterprise> verify(
      Caller caller,
      DeclarationKind<V, D> kind,
      String enterprise,
      String key,
      VerificationRequest request) {
    return gate.enterprise(caller, enterprise)
        .invoke(e -> gate.requireManagesPark(caller, e.parkId, ONLY_OPERATOR_VERIFIES))
        .invoke(
            e -> require(request != null && request.verified() != null, "verified", "is required"))
        .flatMap(
            e ->
                kind.repository()
                    .declaration(e.id, key)
                    .flatMap(
                        d -> {
                          if (d == null) {
                            throw ApiErrors.notFound(kind.undeclared(), key);
                          }
                          d.verify(request.verified(), caller.subject(), Instant.now());
                          return audit.record(
                              caller,
                              kind.auditAction() + (request.verified() ? "-verified" : "-rejected"),
                              "enterprise",
                              e.id,
                              e.parkId,
                              e.id,
                              Map.of(kind.keyField(), key));
                        })
                    .replaceWith(e));
  }

  /**
   * The evidence document of {@code key}: whoever sees the enterprise reads it (its users, its
   * park's operator, a platform admin), as they read the declaration; 404 for anyone else, and if
   * nothing with a document was declared.
   */
  private <V, D extends Declaration<V>> Uni<EvidenceFile> evidence(
      Caller caller, DeclarationKind<V, D> kind, String enterprise, String key) {
    return gate.enterprise(caller, enterprise)
        .flatMap(e -> kind.repository().withEvidence(e.id, key))
        .map(
            d -> {
              if (d == null || d.attachment == null) {
                throw ApiErrors.notFound("evidence of " + kind.undeclared(), key);
              }
              return new EvidenceFile(d.attachmentName, d.attachment, d.attachmentSha256);
            });
  }

  private static <D extends Declaration<?>> Map<String, D> byKey(List<D> declarations) {
    return declarations.stream().collect(Collectors.toMap(Declaration::key, Function.identity()));
  }
}
