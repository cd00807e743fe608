package io.parkpulse.platform.maturity.declarations;

import io.parkpulse.platform.maturity.scoring.Evidence;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** An enterprise's answer to a question of the catalog. */
@Entity
@Table(name = "questionnaire_answer")
@IdClass(QuestionnaireAnswer.Key.class)
@AttributeOverride(name = "declaredBy", column = @Column(name = "answered_by"))
@AttributeOverride(name = "declaredAt", column = @Column(name = "answered_at"))
public class QuestionnaireAnswer extends Declaration<Evidence.Level> {

  @Id
  @Column(name = "enterprise_id")
  public String enterpriseId;

  @Id public String question;

  @Enumerated(EnumType.STRING)
  public Evidence.Level answer;

  QuestionnaireAnswer() {}

  QuestionnaireAnswer(String enterpriseId, String question) {
    this.enterpriseId = enterpriseId;
    this.question = question;
  }

  @Override
  public String enterprise() {
    return enterpriseId;
  }

  @Override
  public String key() {
    return question;
  }

  @Override
  public Evidence.Level value() {
    return answer;
  }

  @Override
  protected void setValue(Evidence.Level value) {
    this.answer = value;
  }

  /** The composite key. */
  public static class Key implements Serializable {
    public String enterpriseId;
    public String question;

    public Key() {}

    Key(String enterpriseId, String question) {
      this.enterpriseId = enterpriseId;
      this.question = question;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(enterpriseId, k.enterpriseId)
          && Objects.equals(question, k.question);
    }

    @Override
    public int hashCode() {
      return Objects.hash(enterpriseId, question);
    }
  }
}
