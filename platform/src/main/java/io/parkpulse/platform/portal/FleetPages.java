package io.parkpulse.platform.portal;

import io.parkpulse.platform.fleet.FleetService;
import io.parkpulse.platform.fleet.FleetService.ConfigRequest;
import io.parkpulse.platform.fleet.FleetService.RolloutRequest;
import io.parkpulse.platform.fleet.FleetService.RolloutView;
import io.parkpulse.platform.fleet.ManagedConfig;
import io.parkpulse.platform.fleet.readmodel.FleetReadModel.AgentRow;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The park's edge agents in the portal, over {@link FleetService}: the fleet (versions, drift, last
 * outcome, last seen), one agent's configuration editor, and rollouts with a canary.
 */
@Path("/portal/fleet")
@Produces(MediaType.TEXT_HTML)
public class FleetPages {

  private final Pages pages;
  private final FleetService fleet;

  FleetPages(Pages pages, FleetService fleet) {
    this.pages = pages;
    this.fleet = fleet;
  }

  /** What the rollout form was sent with, shown again when it is refused. */
  public record RolloutForm(
      String enterprise, String config, String canaryPercent, String trialSeconds, String comment) {
    static final RolloutForm EMPTY = new RolloutForm("", "", "0", "30", "");
  }

  /** What the configuration form was sent with. */
  public record ConfigForm(String config, String trialSeconds, String comment) {}

  /** How many agents run each software version, and how many do not run what they should. */
  public record Summary(Map<String, Integer> versions, int drifting, int failing) {

    static Summary of(List<AgentRow> agents) {
      Map<String, Integer> versions = new TreeMap<>();
      int drifting = 0;
      int failing = 0;
      for (AgentRow a : agents) {
        versions.merge(a.agentVersion() == null ? "?" : a.agentVersion(), 1, Integer::sum);
        drifting += a.drift() ? 1 : 0;
        failing += a.failing() != null && !a.failing().isEmpty() ? 1 : 0;
      }
      return new Summary(versions, drifting, failing);
    }
  }

  @GET
  public Uni<TemplateInstance> list(@QueryParam("park") String park) {
    return render(pages.caller(), park, null, RolloutForm.EMPTY);
  }

  /** Starts a rollout to an enterprise's agents, with a canary share first if asked. */
  @POST
  @Path("/rollouts")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> start(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String park,
      @RestForm String enterprise,
      @RestForm String config,
      @RestForm String canaryPercent,
      @RestForm String trialSeconds,
      @RestForm String comment) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    RolloutForm form =
        new RolloutForm(
            enterprise, ManagedConfig.redact(config), canaryPercent, trialSeconds, comment);
    return Uni.createFrom()
        .deferred(
            () ->
                fleet.start(
                    caller,
                    enterprise,
                    new RolloutRequest(
                        config,
                        null,
                        number(canaryPercent, "canaryPercent"),
                        number(trialSeconds, "trialSeconds"),
                        blankToNull(comment))))
        .map(r -> Response.seeOther(URI.create(fleetUri(park))).build())
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(
            e ->
                render(caller, park, PortalProblems.message((ClientErrorException) e), form)
                    .map(
                        page ->
                            Response.status(((ClientErrorException) e).getResponse().getStatus())
                                .entity(page)
                                .build()));
  }

  @POST
  @Path("/rollouts/{enterprise}/{id}/cancel")
  public Uni<Response> cancel(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String park,
      @PathParam("enterprise") String enterprise,
      @PathParam("id") long id) {
    pages.requireCsrf(csrf);
    return fleet
        .cancel(pages.caller(), enterprise, id)
        .map(r -> Response.seeOther(URI.create(fleetUri(park))).build());
  }

  /** One agent: what it runs and reports, its configuration editor, its versions. */
  @GET
  @Path("/{enterprise}/{device}")
  public Uni<TemplateInstance> agent(
      @PathParam("enterprise") String enterprise, @PathParam("device") String device) {
    return renderAgent(pages.caller(), enterprise, device, null, null);
  }

  /** Sends the configuration to the agent, which tries it and rolls back by itself if it fails. */
  @POST
  @Path("/{enterprise}/{device}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> configure(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @PathParam("device") String device,
      @RestForm String config,
      @RestForm String trialSeconds,
      @RestForm String comment) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    ConfigForm form = new ConfigForm(ManagedConfig.redact(config), trialSeconds, comment);
    return Uni.createFrom()
        .deferred(
            () ->
                fleet.configure(
                    caller,
                    enterprise,
                    device,
                    new ConfigRequest(
                        config, number(trialSeconds, "trialSeconds"), blankToNull(comment))))
        .map(
            r ->
                Response.seeOther(URI.create("/portal/fleet/" + enterprise + "/" + device)).build())
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(
            e ->
                renderAgent(
                        caller,
                        enterprise,
                        device,
                        PortalProblems.message((ClientErrorException) e),
                        form)
                    .map(
                        page ->
                            Response.status(((ClientErrorException) e).getResponse().getStatus())
                                .entity(page)
                                .build()));
  }

  private Uni<TemplateInstance> render(
      Caller caller, String parkParam, String problem, RolloutForm form) {
    Page page = pages.page(caller, Page.DEFAULT_ZONE);
    String park = parkParam == null || parkParam.isBlank() ? caller.park() : parkParam;
    if (park == null) {
      throw new NotFoundException("a platform admin opens the fleet of one park: ?park=");
    }
    String own = caller.role().isEnterpriseRole() ? caller.enterprise() : null;
    Uni<List<AgentRow>> agents =
        own == null ? fleet.parkFleet(caller, park) : fleet.enterpriseFleet(caller, own);
    Uni<List<RolloutView>> rollouts =
        own == null ? fleet.parkRollouts(caller, park) : fleet.rollouts(caller, own);
    return agents.flatMap(
        list ->
            rollouts.map(
                recent ->
                    Templates.fleet(
                        page,
                        park,
                        list,
                        Summary.of(list),
                        recent,
                        List.copyOf(
                            new TreeSet<>(list.stream().map(AgentRow::enterprise).toList())),
                        problem,
                        form)));
  }

  private Uni<TemplateInstance> renderAgent(
      Caller caller, String enterprise, String device, String problem, ConfigForm form) {
    Page page = pages.page(caller, Page.DEFAULT_ZONE);
    return fleet
        .agentConfig(caller, enterprise, device)
        .flatMap(
            view ->
                fleet
                    .agentRollouts(caller, enterprise, device)
                    .map(
                        rollouts ->
                            Templates.fleetAgent(
                                page,
                                view,
                                rollouts,
                                problem,
                                form != null
                                    ? form
                                    : new ConfigForm(
                                        view.desired() == null ? "" : view.desired(), "30", ""))));
  }

  private static String fleetUri(String park) {
    return park == null || park.isBlank() ? "/portal/fleet" : "/portal/fleet?park=" + park;
  }

  private static Integer number(String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      throw io.parkpulse.platform.api.ApiErrors.badRequest(field, "must be a whole number");
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
