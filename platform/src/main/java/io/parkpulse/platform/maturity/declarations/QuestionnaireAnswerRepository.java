package io.parkpulse.platform.maturity.declarations;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Questionnaire answers. */
@ApplicationScoped
public class QuestionnaireAnswerRepository
    implements PanacheRepositoryBase<QuestionnaireAnswer, QuestionnaireAnswer.Key>,
        DeclarationRepository<QuestionnaireAnswer> {

  @Override
  public Uni<QuestionnaireAnswer> declaration(String enterprise, String key) {
    return findById(new QuestionnaireAnswer.Key(enterprise, key));
  }

  @Override
  public Uni<QuestionnaireAnswer> withEvidence(String enterprise, String key) {
    return Declarations.withAttachment(
        declaration(enterprise, key), this::getSession, QuestionnaireAnswer.class);
  }

  @Override
  public Uni<List<QuestionnaireAnswer>> ofEnterprise(String enterprise) {
    return list("enterpriseId", enterprise);
  }

  @Override
  public Uni<QuestionnaireAnswer> keep(QuestionnaireAnswer declaration) {
    return persistAndFlush(declaration);
  }
}
