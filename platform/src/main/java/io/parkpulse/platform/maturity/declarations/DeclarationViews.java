package io.parkpulse.platform.maturity.declarations;

import io.parkpulse.platform.maturity.miit.MiitItems;
import java.time.Instant;
import java.util.Map;

/** What the API and the portal send and receive about declarations. */
public final class DeclarationViews {

  private DeclarationViews() {}

  /** A question of the catalog with the enterprise's answer, if any. */
  public record QuestionView(
      String id,
      Map<String, String> text,
      String answer,
      String note,
      String attachmentName,
      String attachmentSha256,
      String verification,
      String answeredBy,
      Instant answeredAt,
      String verifiedBy) {}

  /** An answer: FULLY, MOSTLY, PARTLY or NOT, with optional evidence (base64). */
  public record AnswerRequest(
      String answer, String note, String attachmentName, String attachmentBase64) {}

  /**
   * A MIIT item with the enterprise's declaration, if any.
   *
   * @param id the item's id
   * @param name its name in the evaluation
   * @param english its English name
   * @param kind {@code SCENARIO} (value = level 0–4) or {@code BASE} (value = points)
   * @param max the highest value
   * @param mandatory for a scenario, whether the configured MIIT rule counts it as 约束性
   * @param value the declared value, or null
   * @param verification {@code PENDING}, {@code VERIFIED} or {@code REJECTED}, or null
   */
  public record ItemView(
      String id,
      String name,
      String english,
      MiitItems.Kind kind,
      double max,
      boolean mandatory,
      Double value,
      String note,
      String attachmentName,
      String attachmentSha256,
      String verification,
      String declaredBy,
      Instant declaredAt,
      String verifiedBy) {}

  /** A MIIT declaration: the value, and optionally a note and an evidence document. */
  public record DeclarationRequest(
      Double value, String note, String attachmentName, String attachmentBase64) {}

  /**
   * The evidence document of an answer or a declaration, to download.
   *
   * @param name the file name it was uploaded with
   * @param content its bytes
   * @param sha256 the hex SHA-256 of {@code content}
   */
  public record EvidenceFile(String name, byte[] content, String sha256) {}

  /** The park operator's decision on the evidence of an answer or a declaration. */
  public record VerificationRequest(Boolean verified) {}
}
