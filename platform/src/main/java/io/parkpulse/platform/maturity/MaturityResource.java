package io.parkpulse.platform.maturity;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.access.EnterpriseScope;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.maturity.declarations.EvidenceAttachment;
import io.parkpulse.platform.maturity.readmodel.Assessor;
import io.parkpulse.platform.maturity.readmodel.Assessor.Stored;
import io.parkpulse.platform.maturity.scoring.Assessment;
import io.parkpulse.platform.maturity.scoring.Catalog;
import io.parkpulse.platform.maturity.scoring.Evidence;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * An enterprise's maturity: assessments (on demand and their history) and the questionnaire behind
 * them, which the enterprise answers and the park operator verifies.
 */
@Path("/api/v1/enterprises/{enterprise}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MaturityResource {

  private final Assessor assessor;
  private final DataSource dataSource;
  private final EnterpriseScope scope;
  private final SecurityIdentity identity;

  MaturityResource(
      Assessor assessor, DataSource dataSource, EnterpriseScope scope, SecurityIdentity identity) {
    this.assessor = assessor;
    this.dataSource = dataSource;
    this.scope = scope;
    this.identity = identity;
  }

  /** An assessment as kept. */
  public record AssessmentView(long id, Instant assessedAt, Assessment assessment) {
    static AssessmentView of(Stored s) {
      return new AssessmentView(s.id(), s.at(), s.assessment());
    }
  }

  /** Assesses the enterprise now (operators and the enterprise's admin). */
  @POST
  @Path("/assessments")
  public Response assess(@PathParam("enterprise") String enterprise) throws Exception {
    String park = visiblePark(enterprise);
    if (caller().role() == Role.ENTERPRISE_VIEWER) {
      throw ApiErrors.forbidden("viewers cannot start an assessment");
    }
    Stored stored = assessor.assess(park, enterprise);
    return Response.status(Response.Status.CREATED).entity(AssessmentView.of(stored)).build();
  }

  /** The enterprise's assessments, newest first. */
  @GET
  @Path("/assessments")
  public List<AssessmentView> history(
      @PathParam("enterprise") String enterprise,
      @QueryParam("limit") @DefaultValue("20") int limit)
      throws SQLException {
    visiblePark(enterprise);
    require(limit >= 1 && limit <= 366, "limit", "must be between 1 and 366");
    return assessor.history(enterprise, limit).stream().map(AssessmentView::of).toList();
  }

  /** The latest assessment; 404 if there is none yet. */
  @GET
  @Path("/assessments/latest")
  public AssessmentView latest(@PathParam("enterprise") String enterprise) throws SQLException {
    visiblePark(enterprise);
    return assessor.history(enterprise, 1).stream()
        .findFirst()
        .map(AssessmentView::of)
        .orElseThrow(() -> ApiErrors.notFound("assessment of", enterprise));
  }

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

  /** The park operator's decision on the evidence of an answer. */
  public record VerificationRequest(Boolean verified) {}

  @GET
  @Path("/questionnaire")
  public List<QuestionView> questionnaire(@PathParam("enterprise") String enterprise)
      throws SQLException {
    visiblePark(enterprise);
    List<QuestionView> views = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT answer, note, attachment_name, attachment_sha256, verification,"
                    + " answered_by, answered_at, verified_by FROM questionnaire_answer"
                    + " WHERE enterprise_id = ? AND question = ?")) {
      for (Catalog.Question question : assessor.catalog().questions()) {
        q.setString(1, enterprise);
        q.setString(2, question.id());
        try (ResultSet rs = q.executeQuery()) {
          boolean answered = rs.next();
          views.add(
              new QuestionView(
                  question.id(),
                  question.text(),
                  answered ? rs.getString(1) : null,
                  answered ? rs.getString(2) : null,
                  answered ? rs.getString(3) : null,
                  answered ? rs.getString(4) : null,
                  answered ? rs.getString(5) : null,
                  answered ? rs.getString(6) : null,
                  answered ? rs.getTimestamp(7).toInstant() : null,
                  answered ? rs.getString(8) : null));
        }
      }
    }
    return views;
  }

  /** Answers a question; a new answer waits for the park operator's verification again. */
  @PUT
  @Path("/questionnaire/{question}")
  public List<QuestionView> answer(
      @PathParam("enterprise") String enterprise,
      @PathParam("question") String question,
      AnswerRequest request)
      throws SQLException {
    String park = visiblePark(enterprise);
    Caller caller = caller();
    if (!caller.managesEnterprise(park, enterprise)) {
      throw ApiErrors.forbidden("viewers cannot answer the questionnaire");
    }
    if (assessor.catalog().question(question).isEmpty()) {
      throw ApiErrors.notFound("question", question);
    }
    require(request != null, "body", "is required");
    Evidence.Level level;
    try {
      level = Evidence.Level.valueOf(String.valueOf(request.answer()));
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest("answer", "must be FULLY, MOSTLY, PARTLY or NOT");
    }
    EvidenceAttachment attachment =
        EvidenceAttachment.of(request.attachmentName(), request.attachmentBase64());
    try (Connection c = dataSource.getConnection();
        PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO questionnaire_answer (enterprise_id, question, answer, note,"
                    + " attachment_name, attachment_sha256, attachment, answered_by, answered_at,"
                    + " verification) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')"
                    + " ON CONFLICT (enterprise_id, question) DO UPDATE SET answer = EXCLUDED.answer,"
                    + " note = EXCLUDED.note, attachment_name = EXCLUDED.attachment_name,"
                    + " attachment_sha256 = EXCLUDED.attachment_sha256,"
                    + " attachment = EXCLUDED.attachment, answered_by = EXCLUDED.answered_by,"
                    + " answered_at = EXCLUDED.answered_at, verification = 'PENDING',"
                    + " verified_by = NULL, verified_at = NULL")) {
      upsert.setString(1, enterprise);
      upsert.setString(2, question);
      upsert.setString(3, level.name());
      upsert.setString(4, request.note());
      upsert.setString(5, attachment == null ? null : attachment.name());
      upsert.setString(6, attachment == null ? null : attachment.sha256());
      upsert.setBytes(7, attachment == null ? null : attachment.bytes());
      upsert.setString(8, caller.subject());
      upsert.setTimestamp(9, Timestamp.from(Instant.now()));
      upsert.executeUpdate();
    }
    return questionnaire(enterprise);
  }

  /** The park operator verifies or rejects the evidence of an answer. */
  @POST
  @Path("/questionnaire/{question}/verification")
  public List<QuestionView> verify(
      @PathParam("enterprise") String enterprise,
      @PathParam("question") String question,
      VerificationRequest request)
      throws SQLException {
    String park = visiblePark(enterprise);
    Caller caller = caller();
    if (!caller.managesPark(park)) {
      throw ApiErrors.forbidden("only the park's operator verifies evidence");
    }
    require(request != null && request.verified() != null, "verified", "is required");
    try (Connection c = dataSource.getConnection();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE questionnaire_answer SET verification = ?, verified_by = ?,"
                    + " verified_at = now() WHERE enterprise_id = ? AND question = ?")) {
      update.setString(1, request.verified() ? "VERIFIED" : "REJECTED");
      update.setString(2, caller.subject());
      update.setString(3, enterprise);
      update.setString(4, question);
      if (update.executeUpdate() == 0) {
        throw ApiErrors.notFound("answer to", question);
      }
    }
    return questionnaire(enterprise);
  }

  /** The enterprise's park if the caller may see the enterprise, else a 404. */
  private String visiblePark(String enterprise) throws SQLException {
    return scope.visiblePark(caller(), enterprise);
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
