package io.parkpulse.platform;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evidence behind an answer or a MIIT declaration, served back as a download to those who see
 * the enterprise (its users, its park's operator, a platform admin) and to nobody else.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class EvidenceDownloadIT {

  private static final byte[] PLAN = "<script>alert(1)</script> 规划".getBytes(UTF_8);

  @Test
  void theOperatorDownloadsAnAnswersEvidenceAsAnAttachmentThatIsNeverSniffed() {
    Api admin = Api.admin();
    admin.park("ev-park");
    admin.park("ev-other");
    admin.enterprise("ev-park", "ev-co");
    admin.enterprise("ev-park", "ev-rival");
    Api owner = admin.user("ev-admin", "enterprise-admin", "ev-park", "ev-co");
    Api viewer = admin.user("ev-viewer", "enterprise-viewer", "ev-park", "ev-co");
    Api operator = admin.user("ev-operator", "park-operator", "ev-park", null);
    Api rival = admin.user("ev-rival-admin", "enterprise-admin", "ev-park", "ev-rival");
    Api stranger = admin.user("ev-stranger", "park-operator", "ev-other", null);
    owner
        .request()
        .body(
            Map.of(
                "answer",
                "FULLY",
                "attachmentName",
                "规划 2026.html",
                "attachmentBase64",
                Base64.getEncoder().encodeToString(PLAN)))
        .put("/api/v1/enterprises/ev-co/questionnaire/digital-plan")
        .then()
        .statusCode(200);
    String path = "/api/v1/enterprises/ev-co/questionnaire/digital-plan/attachment";

    Response download = operator.request().get(path);

    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.asByteArray()).isEqualTo(PLAN);
    assertThat(download.header("Content-Disposition"))
        .isEqualTo(
            "attachment; filename=\"__ 2026.html\";"
                + " filename*=UTF-8''%E8%A7%84%E5%88%92%202026.html");
    assertThat(download.headers().getValues("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(download.contentType()).isEqualTo("application/octet-stream");
    for (Api mayRead : new Api[] {admin, owner, viewer}) {
      assertThat(mayRead.request().get(path).asByteArray()).isEqualTo(PLAN);
    }

    rival.request().get(path).then().statusCode(404);
    stranger.request().get(path).then().statusCode(404);
    io.restassured.RestAssured.given().get(path).then().statusCode(401);
    // An unanswered question has no evidence.
    operator
        .request()
        .get("/api/v1/enterprises/ev-co/questionnaire/security-policy/attachment")
        .then()
        .statusCode(404);
  }

  @Test
  void aMiitDeclarationsEvidenceIsServedTheSameWayAndAnAnswerWithoutADocumentHasNone() {
    Api admin = Api.admin();
    admin.park("ev-park-2");
    admin.enterprise("ev-park-2", "ev-co-2");
    admin.enterprise("ev-park-2", "ev-rival-2");
    Api operator = admin.user("ev-operator-2", "park-operator", "ev-park-2", null);
    Api rival = admin.user("ev-rival-admin-2", "enterprise-admin", "ev-park-2", "ev-rival-2");
    operator
        .request()
        .body(
            Map.of(
                "value",
                3,
                "attachmentName",
                "aps.pdf",
                "attachmentBase64",
                Base64.getEncoder().encodeToString(PLAN)))
        .put("/api/v1/enterprises/ev-co-2/miit/planning")
        .then()
        .statusCode(200);
    operator
        .request()
        .body(Map.of("answer", "PARTLY"))
        .put("/api/v1/enterprises/ev-co-2/questionnaire/digital-plan")
        .then()
        .statusCode(200);

    Response download =
        operator.request().get("/api/v1/enterprises/ev-co-2/miit/planning/attachment");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"aps.pdf\"");
    assertThat(download.headers().getValues("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(download.asByteArray()).isEqualTo(PLAN);

    rival
        .request()
        .get("/api/v1/enterprises/ev-co-2/miit/planning/attachment")
        .then()
        .statusCode(404);
    operator
        .request()
        .get("/api/v1/enterprises/ev-co-2/questionnaire/digital-plan/attachment")
        .then()
        .statusCode(404);
  }
}
