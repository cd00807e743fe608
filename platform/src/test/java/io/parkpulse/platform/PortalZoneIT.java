package io.parkpulse.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.portal.readmodel.PortalQueries;
import io.parkpulse.platform.portal.readmodel.PortalQueries.DayScore;
import io.parkpulse.platform.portal.readmodel.PortalQueries.ParkRef;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The portal in the park's own time zone, and its own pages for addresses it does not know: days of
 * the overview's history are the park's days, and an unknown {@code /portal} address answers the
 * portal's not-found page while {@code /api} keeps its JSON.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class PortalZoneIT {

  @Inject PortalQueries queries;
  @Inject DataSource dataSource;

  @Test
  void theOverviewAveragesSByTheParksDaysNotUtcDays() throws Exception {
    Api admin = Api.admin();
    admin
        .request()
        .body(
            Map.of(
                "id",
                "pz-ny",
                "name",
                "New York park",
                "timezone",
                "America/New_York",
                "retentionDays",
                30))
        .post("/api/v1/parks")
        .then()
        .statusCode(201);
    admin.enterprise("pz-ny", "pz-ny-co");
    // Three days ago (UTC): ten minutes either side of UTC midnight are both the evening before in
    // New York (UTC-5 or -4), and noon UTC is that morning there.
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
    Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    assess("pz-ny", "pz-ny-co", midnight.minusSeconds(600), 1.0);
    assess("pz-ny", "pz-ny-co", midnight.plusSeconds(600), 2.0);
    assess("pz-ny", "pz-ny-co", midnight.plusSeconds(12 * 3600), 4.0);

    List<DayScore> history =
        queries
            .overview(new ParkRef("pz-ny", "New York park", ZoneId.of("America/New_York")))
            .history();

    assertThat(history)
        .as("by UTC days it would be %s 1.0 and %s 3.0", day.minusDays(1), day)
        .containsExactly(
            new DayScore(day.minusDays(1).toString(), 1.5), new DayScore(day.toString(), 4.0));
  }

  @Test
  void anUnknownPortalAddressAnswersThePortalsNotFoundPageInTheUsersLanguage() {
    Api admin = Api.admin();
    admin.park("pz-404");
    Api operator = admin.user("pz-404-operator", "park-operator", "pz-404", null);

    ExtractableResponse<Response> zh =
        given().redirects().follow(false).get("/portal/no-such-page").then().extract();
    assertThat(zh.statusCode()).isEqualTo(404);
    assertThat(zh.contentType()).startsWith("text/html");
    assertThat(zh.asString()).contains("id=\"problem\"").contains("页面不存在");

    ExtractableResponse<Response> en =
        given()
            .cookie("parkpulse_lang", "en")
            .redirects()
            .follow(false)
            .get("/portal/no-such-page")
            .then()
            .extract();
    assertThat(en.statusCode()).isEqualTo(404);
    assertThat(en.asString()).contains("This page does not exist");

    for (String path :
        List.of(
            "/portal/enterprises/x/nonsense", "/portal/admin/nonsense", "/portal/alarms/1/2/3")) {
      ExtractableResponse<Response> page =
          given()
              .auth()
              .oauth2(operator.token())
              .redirects()
              .follow(false)
              .get(path)
              .then()
              .extract();
      assertThat(page.statusCode()).as(path).isEqualTo(404);
      assertThat(page.asString())
          .as(path + ": the portal's page, for the signed-in user")
          .contains("id=\"problem\"")
          .contains("pz-404-operator");
    }
    assertThat(
            given()
                .auth()
                .oauth2(operator.token())
                .redirects()
                .follow(false)
                .post("/portal/nonsense")
                .then()
                .extract()
                .statusCode())
        .isEqualTo(404);

    ExtractableResponse<Response> api =
        operator.request().get("/api/v1/enterprises/no-such-enterprise").then().extract();
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.contentType()).startsWith("application/json");
    assertThat(operator.request().get("/api/v1/no-such-thing").then().extract().asString())
        .as("the portal's page is for /portal only")
        .doesNotContain("id=\"problem\"");
  }

  private void assess(String park, String enterprise, Instant at, double total) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO maturity_assessment"
                    + " (enterprise_id, park_id, assessed_at, catalog_version, level, total, result)"
                    + " VALUES (?, ?, ?, 'test', 1, ?, '{}'::jsonb)")) {
      insert.setString(1, enterprise);
      insert.setString(2, park);
      insert.setTimestamp(3, Timestamp.from(at));
      insert.setDouble(4, total);
      insert.executeUpdate();
    }
  }
}
