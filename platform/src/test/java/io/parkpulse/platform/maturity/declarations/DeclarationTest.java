package io.parkpulse.platform.maturity.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.maturity.scoring.Evidence;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeclarationTest {

  private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

  @Test
  void aNewDeclarationWaitsForVerification() {
    MiitDeclaration d = new MiitDeclaration("acme", "planning");
    EvidenceAttachment plan = EvidenceAttachment.of("plan.pdf", "cGxhbg==");

    d.declare(2.0, "acme-admin", T0, "our plan", plan);

    assertThat(d.value()).isEqualTo(2.0);
    assertThat(d.verification).isEqualTo(Verification.PENDING);
    assertThat(d.declaredBy).isEqualTo("acme-admin");
    assertThat(d.attachmentName).isEqualTo("plan.pdf");
    assertThat(d.attachmentSha256).isEqualTo(plan.sha256());
    assertThat(d.verifiedBy).isNull();
  }

  @Test
  void declaringAgainResetsAVerifiedDeclarationToPending() {
    QuestionnaireAnswer a = new QuestionnaireAnswer("acme", "digital-plan");
    a.declare(Evidence.Level.PARTLY, "acme-admin", T0, null, null);
    a.verify(true, "operator", T0.plusSeconds(60));
    assertThat(a.verification).isEqualTo(Verification.VERIFIED);
    assertThat(a.verifiedBy).isEqualTo("operator");

    a.declare(Evidence.Level.FULLY, "acme-admin", T0.plusSeconds(120), "done", null);

    assertThat(a.value()).isEqualTo(Evidence.Level.FULLY);
    assertThat(a.verification).isEqualTo(Verification.PENDING);
    assertThat(a.verifiedBy).isNull();
    assertThat(a.verifiedAt).isNull();
    assertThat(a.attachment).isNull();
  }

  @Test
  void aRejectionKeepsWhoDecidedAndWhen() {
    MiitDeclaration d = new MiitDeclaration("acme", "funding");
    d.declare(5.0, "acme-admin", T0, null, null);

    d.verify(false, "operator", T0.plusSeconds(60));

    assertThat(d.verification).isEqualTo(Verification.REJECTED);
    assertThat(d.verifiedBy).isEqualTo("operator");
    assertThat(d.verifiedAt).isEqualTo(T0.plusSeconds(60));
  }
}
