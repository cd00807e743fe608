package io.parkpulse.platform.alarms;

import io.parkpulse.platform.alarms.AlarmRuleService.RuleRequest;
import io.parkpulse.platform.alarms.AlarmRuleService.RuleView;
import io.parkpulse.platform.alarms.AlarmService.AlarmView;
import io.parkpulse.platform.alarms.RulePreviewService.Preview;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
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
import java.util.List;

/** Alarm rules of a park or an enterprise, and their alarms: list, acknowledge, close. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AlarmResource {

  private final AlarmRuleService rules;
  private final RulePreviewService previews;
  private final AlarmService alarms;
  private final SecurityIdentity identity;

  AlarmResource(
      AlarmRuleService rules,
      RulePreviewService previews,
      AlarmService alarms,
      SecurityIdentity identity) {
    this.rules = rules;
    this.previews = previews;
    this.alarms = alarms;
    this.identity = identity;
  }

  @GET
  @Path("/alarm-rules")
  public Uni<List<RuleView>> rules() {
    return rules.rules(caller());
  }

  @POST
  @Path("/alarm-rules")
  public Uni<Response> createRule(RuleRequest r) {
    return rules
        .create(caller(), r)
        .map(rule -> Response.status(Response.Status.CREATED).entity(rule).build());
  }

  /**
   * How the rule in the body would have fired on its {@code device} over the last 24 hours; nothing
   * is stored.
   */
  @POST
  @Path("/alarm-rules/preview")
  public Uni<Preview> preview(RuleRequest r) {
    return previews.preview(caller(), r);
  }

  @DELETE
  @Path("/alarm-rules/{id}")
  public Uni<Response> deleteRule(@PathParam("id") String id) {
    return rules.delete(caller(), id).map(done -> Response.noContent().build());
  }

  /**
   * Alarms in the caller's scope, newest first, optionally of one enterprise, one rule and one
   * status.
   */
  @GET
  @Path("/alarms")
  public Uni<List<AlarmView>> alarms(
      @QueryParam("enterprise") String enterprise,
      @QueryParam("rule") String rule,
      @QueryParam("status") String status,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return alarms.list(caller(), enterprise, rule, status, limit);
  }

  @POST
  @Path("/alarms/{id}/acknowledge")
  public Uni<AlarmView> acknowledge(@PathParam("id") long id) {
    return alarms.acknowledge(caller(), id);
  }

  @POST
  @Path("/alarms/{id}/close")
  public Uni<AlarmView> close(@PathParam("id") long id) {
    return alarms.close(caller(), id);
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
