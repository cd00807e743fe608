package io.parkpulse.platform.maturity;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.maturity.readmodel.Assessor;
import io.parkpulse.platform.maturity.readmodel.Assessor.Stored;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/** Assesses every enterprise of a park at once (the park's operator and platform admins). */
@Path("/api/v1/parks/{park}/assessments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ParkMaturityResource {

  private final Assessor assessor;
  private final DataSource dataSource;
  private final SecurityIdentity identity;

  ParkMaturityResource(Assessor assessor, DataSource dataSource, SecurityIdentity identity) {
    this.assessor = assessor;
    this.dataSource = dataSource;
    this.identity = identity;
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

  /** Assesses, keeps and publishes every enterprise of the park now. */
  @POST
  public Response assess(@PathParam("park") String park) throws Exception {
    Caller caller = Caller.of(identity);
    if (!caller.seesPark(park) || !parkExists(park)) {
      throw ApiErrors.notFound("park", park);
    }
    if (!caller.managesPark(park)) {
      throw ApiErrors.forbidden("only the park's operator assesses the whole park");
    }
    List<Stored> stored = assessor.assessPark(park);
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
    return Response.status(Response.Status.CREATED)
        .entity(
            new ParkAssessmentView(park, at, assessor.catalog().version(), results.size(), results))
        .build();
  }

  private boolean parkExists(String park) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT 1 FROM park WHERE id = ?")) {
      q.setString(1, park);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }
}
