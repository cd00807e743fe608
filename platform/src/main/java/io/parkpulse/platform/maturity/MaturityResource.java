package io.parkpulse.platform.maturity;

import io.parkpulse.platform.api.Downloads;
import io.parkpulse.platform.maturity.AssessmentService.AssessmentView;
import io.parkpulse.platform.maturity.declarations.DeclarationService;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.AnswerRequest;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.QuestionView;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.VerificationRequest;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
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
import java.util.List;

/**
 * An enterprise's maturity: assessments (on demand and their history) and the questionnaire behind
 * them, which the enterprise answers and the park operator verifies.
 */
@Path("/api/v1/enterprises/{enterprise}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MaturityResource {

  private final AssessmentService assessments;
  private final DeclarationService declarations;
  private final SecurityIdentity identity;

  MaturityResource(
      AssessmentService assessments, DeclarationService declarations, SecurityIdentity identity) {
    this.assessments = assessments;
    this.declarations = declarations;
    this.identity = identity;
  }

  /** Assesses the enterprise now (operators and the enterprise's admin). */
  @POST
  @Path("/assessments")
  public Uni<Response> assess(@PathParam("enterprise") String enterprise) {
    return assessments
        .assess(caller(), enterprise)
        .map(view -> Response.status(Response.Status.CREATED).entity(view).build());
  }

  /** The enterprise's assessments, newest first. */
  @GET
  @Path("/assessments")
  public Uni<List<AssessmentView>> history(
      @PathParam("enterprise") String enterprise,
      @QueryParam("limit") @DefaultValue("20") int limit) {
    return assessments.history(caller(), enterprise, limit);
  }

  /** The latest assessment; 404 if there is none yet. */
  @GET
  @Path("/assessments/latest")
  public Uni<AssessmentView> latest(@PathParam("enterprise") String enterprise) {
    return assessments.latest(caller(), enterprise);
  }

  @GET
  @Path("/questionnaire")
  public Uni<List<QuestionView>> questionnaire(@PathParam("enterprise") String enterprise) {
    return declarations.questionnaire(caller(), enterprise);
  }

  /** Answers a question; a new answer waits for the park operator's verification again. */
  @PUT
  @Path("/questionnaire/{question}")
  public Uni<List<QuestionView>> answer(
      @PathParam("enterprise") String enterprise,
      @PathParam("question") String question,
      AnswerRequest request) {
    return declarations.answer(caller(), enterprise, question, request);
  }

  /**
   * The evidence document of an answer, as a download, for whoever sees the enterprise (its users,
   * its park's operator, a platform admin); 404 for anyone else or without a document.
   */
  @GET
  @Path("/questionnaire/{question}/attachment")
  @Produces(MediaType.WILDCARD)
  public Uni<Response> answerEvidence(
      @PathParam("enterprise") String enterprise, @PathParam("question") String question) {
    return declarations
        .answerEvidence(caller(), enterprise, question)
        .map(f -> Downloads.attachment(f.name(), f.content(), null));
  }

  /** The park operator verifies or rejects the evidence of an answer. */
  @POST
  @Path("/questionnaire/{question}/verification")
  public Uni<List<QuestionView>> verify(
      @PathParam("enterprise") String enterprise,
      @PathParam("question") String question,
      VerificationRequest request) {
    return declarations.verifyAnswer(caller(), enterprise, question, request);
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
