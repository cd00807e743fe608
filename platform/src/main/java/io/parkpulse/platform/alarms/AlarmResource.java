package io.parkpulse.platform.alarms;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.Ids;
import io.parkpulse.model.PointKind;
import io.parkpulse.platform.access.EnterpriseScope;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import java.util.Set;
import javax.sql.DataSource;

/** Alarm rules of a park or an enterprise, and their alarms: list, acknowledge, close. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AlarmResource {

  static final Set<String> CONDITIONS = Set.of("above", "below", "equals");
  static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

  private final DataSource dataSource;
  private final AlarmEvaluator evaluator;
  private final EnterpriseScope scope;
  private final SecurityIdentity identity;

  AlarmResource(
      DataSource dataSource,
      AlarmEvaluator evaluator,
      EnterpriseScope scope,
      SecurityIdentity identity) {
    this.dataSource = dataSource;
    this.evaluator = evaluator;
    this.scope = scope;
    this.identity = identity;
  }

  /** A rule: on a point kind (e.g. {@code temperature.c}) or a point name, not both. */
  public record RuleRequest(
      String id,
      String park,
      String enterprise,
      String name,
      String pointKind,
      String point,
      String condition,
      Double threshold,
      String state,
      Integer forSeconds,
      String severity,
      Integer slaSeconds,
      Boolean enabled) {}

  /** A rule as the API shows it. */
  public record RuleView(
      String id,
      String park,
      String enterprise,
      String name,
      String pointKind,
      String point,
      String condition,
      Double threshold,
      String state,
      int forSeconds,
      String severity,
      int slaSeconds,
      boolean enabled) {}

  /** An alarm; {@code status} is open, acknowledged or closed. */
  public record AlarmView(
      long id,
      String rule,
      String park,
      String enterprise,
      String device,
      String point,
      String value,
      String status,
      Instant openedAt,
      int slaSeconds,
      Instant acknowledgedAt,
      String acknowledgedBy,
      Instant closedAt,
      String closedBy,
      Instant clearedAt) {}

  @GET
  @Path("/alarm-rules")
  public List<RuleView> rules() throws SQLException {
    Caller caller = caller();
    List<RuleView> rules = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT id, park_id, enterprise_id, name, point_kind, point, condition,"
                    + " threshold, state, for_seconds, severity, sla_seconds, enabled"
                    + " FROM alarm_rule ORDER BY id");
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        String park = rs.getString(2);
        String enterprise = rs.getString(3);
        boolean visible =
            enterprise == null ? caller.seesPark(park) : caller.sees(park, enterprise);
        if (visible) {
          double threshold = rs.getDouble(8);
          rules.add(
              new RuleView(
                  rs.getString(1),
                  park,
                  enterprise,
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.wasNull() ? null : threshold,
                  rs.getString(9),
                  rs.getInt(10),
                  rs.getString(11),
                  rs.getInt(12),
                  rs.getBoolean(13)));
        }
      }
    }
    return rules;
  }

  @POST
  @Path("/alarm-rules")
  public Response createRule(RuleRequest r) throws SQLException {
    Caller caller = caller();
    require(r != null, "body", "is required");
    require(Ids.isValid(r.id()), "id", "must match " + Ids.SLUG.pattern());
    String park = r.park();
    if (r.enterprise() != null) {
      String enterprisePark = parkOf(r.enterprise());
      require(park == null || park.equals(enterprisePark), "park", "is not the enterprise's park");
      park = enterprisePark;
      if (!caller.managesEnterprise(park, r.enterprise())) {
        throw ApiErrors.forbidden("viewers cannot add alarm rules");
      }
    } else {
      require(park != null, "park", "is required for a park-wide rule");
      if (!caller.seesPark(park) || !parkExists(park)) {
        throw ApiErrors.notFound("park", park);
      }
      if (!caller.managesPark(park)) {
        throw ApiErrors.forbidden("only the park's operator adds park-wide rules");
      }
    }
    require(r.name() != null && !r.name().isBlank(), "name", "is required");
    require((r.pointKind() == null) != (r.point() == null), "pointKind", "give pointKind or point");
    require(
        r.pointKind() == null || PointKind.of(r.pointKind()).isPresent(),
        "pointKind",
        "is not a point kind such as temperature.c or machine.state");
    require(
        r.condition() != null && CONDITIONS.contains(r.condition()),
        "condition",
        "must be one of " + CONDITIONS);
    require(
        !"equals".equals(r.condition()) || r.state() != null, "state", "is required for equals");
    require(
        "equals".equals(r.condition()) || r.threshold() != null,
        "threshold",
        "is required for above and below");
    require(r.forSeconds() != null && r.forSeconds() >= 0, "forSeconds", "must be 0 or more");
    require(
        r.severity() != null && SEVERITIES.contains(r.severity()),
        "severity",
        "must be one of " + SEVERITIES);
    require(r.slaSeconds() != null && r.slaSeconds() > 0, "slaSeconds", "must be above 0");
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO alarm_rule (id, park_id, enterprise_id, name, point_kind, point,"
                    + " condition, threshold, state, for_seconds, severity, sla_seconds, enabled)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, r.id());
      insert.setString(2, park);
      insert.setString(3, r.enterprise());
      insert.setString(4, r.name());
      insert.setString(5, r.pointKind());
      insert.setString(6, r.point());
      insert.setString(7, r.condition());
      insert.setObject(8, r.threshold());
      insert.setString(9, r.state());
      insert.setInt(10, r.forSeconds());
      insert.setString(11, r.severity());
      insert.setInt(12, r.slaSeconds());
      insert.setBoolean(13, r.enabled() == null || r.enabled());
      if (insert.executeUpdate() == 0) {
        throw ApiErrors.conflict("alarm rule '" + r.id() + "' exists");
      }
    }
    return Response.status(Response.Status.CREATED)
        .entity(rules().stream().filter(v -> v.id().equals(r.id())).findFirst().orElseThrow())
        .build();
  }

  @DELETE
  @Path("/alarm-rules/{id}")
  public Response deleteRule(@PathParam("id") String id) throws SQLException {
    Caller caller = caller();
    RuleView rule =
        rules().stream()
            .filter(v -> v.id().equals(id))
            .findFirst()
            .orElseThrow(() -> ApiErrors.notFound("alarm rule", id));
    boolean manages =
        rule.enterprise() == null
            ? caller.managesPark(rule.park())
            : caller.managesEnterprise(rule.park(), rule.enterprise());
    if (!manages) {
      throw ApiErrors.forbidden("you cannot remove this rule");
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement delete = c.prepareStatement("DELETE FROM alarm_rule WHERE id = ?")) {
      delete.setString(1, id);
      delete.executeUpdate();
    }
    return Response.noContent().build();
  }

  /** Alarms in the caller's scope, newest first, optionally of one enterprise and status. */
  @GET
  @Path("/alarms")
  public List<AlarmView> alarms(
      @QueryParam("enterprise") String enterprise,
      @QueryParam("status") String status,
      @QueryParam("limit") @DefaultValue("100") int limit)
      throws SQLException {
    Caller caller = caller();
    require(
        status == null || Set.of("open", "acknowledged", "closed").contains(status),
        "status",
        "must be open, acknowledged or closed");
    require(limit >= 1 && limit <= 1000, "limit", "must be between 1 and 1000");
    List<AlarmView> alarms = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM alarm WHERE (?::text IS NULL OR enterprise_id = ?)"
                    + " AND (?::text IS NULL OR park_id = ?) AND (?::text IS NULL OR enterprise_id = ?)"
                    + " ORDER BY opened_at DESC, id DESC")) {
      q.setString(1, enterprise);
      q.setString(2, enterprise);
      q.setString(3, caller.isPlatformAdmin() ? null : caller.park());
      q.setString(4, caller.isPlatformAdmin() ? null : caller.park());
      q.setString(5, caller.role().isEnterpriseRole() ? caller.enterprise() : null);
      q.setString(6, caller.role().isEnterpriseRole() ? caller.enterprise() : null);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next() && alarms.size() < limit) {
          AlarmView a = view(rs);
          if (status == null || status.equals(a.status())) {
            alarms.add(a);
          }
        }
      }
    }
    return alarms;
  }

  @POST
  @Path("/alarms/{id}/acknowledge")
  public AlarmView acknowledge(@PathParam("id") long id) throws Exception {
    return change(id, "acknowledged_at", "acknowledged_by", "alarm.acknowledged");
  }

  @POST
  @Path("/alarms/{id}/close")
  public AlarmView close(@PathParam("id") long id) throws Exception {
    return change(id, "closed_at", "closed_by", "alarm.closed");
  }

  private static final String COLUMNS =
      "id, rule_id, park_id, enterprise_id, device_id, point, value, opened_at, sla_seconds,"
          + " acknowledged_at, acknowledged_by, closed_at, closed_by, cleared_at";

  private AlarmView change(long id, String atColumn, String byColumn, String event)
      throws Exception {
    Caller caller = caller();
    AlarmView alarm = find(id);
    if (alarm == null || !caller.sees(alarm.park(), alarm.enterprise())) {
      throw ApiErrors.notFound("alarm", Long.toString(id));
    }
    if (!caller.managesEnterprise(alarm.park(), alarm.enterprise())) {
      throw ApiErrors.forbidden("viewers cannot handle alarms");
    }
    Instant now = Instant.now();
    try (Connection c = dataSource.getConnection();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE alarm SET "
                    + atColumn
                    + " = ?, "
                    + byColumn
                    + " = ?"
                    + ("closed_at".equals(atColumn)
                        ? ", acknowledged_at = coalesce(acknowledged_at, ?),"
                            + " acknowledged_by = coalesce(acknowledged_by, ?)"
                        : "")
                    + " WHERE id = ? AND "
                    + atColumn
                    + " IS NULL")) {
      int i = 1;
      update.setTimestamp(i++, Timestamp.from(now));
      update.setString(i++, caller.subject());
      if ("closed_at".equals(atColumn)) {
        update.setTimestamp(i++, Timestamp.from(now));
        update.setString(i++, caller.subject());
      }
      update.setLong(i, id);
      if (update.executeUpdate() == 0) {
        throw ApiErrors.conflict("alarm " + id + " is already " + alarm.status());
      }
    }
    evaluator.publish(
        alarm.park(),
        new DeviceRef(alarm.enterprise(), alarm.device()),
        event,
        now,
        Map.of("alarm", id, "rule", alarm.rule(), "by", caller.subject()));
    return find(id);
  }

  private AlarmView find(long id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement("SELECT " + COLUMNS + " FROM alarm WHERE id = ?")) {
      q.setLong(1, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? view(rs) : null;
      }
    }
  }

  private static AlarmView view(ResultSet rs) throws SQLException {
    Instant acknowledged = instant(rs.getTimestamp(10));
    Instant closed = instant(rs.getTimestamp(12));
    String status = closed != null ? "closed" : acknowledged != null ? "acknowledged" : "open";
    return new AlarmView(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        status,
        rs.getTimestamp(8).toInstant(),
        rs.getInt(9),
        acknowledged,
        rs.getString(11),
        closed,
        rs.getString(13),
        instant(rs.getTimestamp(14)));
  }

  private String parkOf(String enterprise) throws SQLException {
    return scope.visiblePark(caller(), enterprise);
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

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
