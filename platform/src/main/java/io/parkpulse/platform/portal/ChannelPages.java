package io.parkpulse.platform.portal;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.notifications.NotificationService;
import io.parkpulse.platform.notifications.NotificationService.ChannelRequest;
import io.parkpulse.platform.notifications.NotificationService.ChannelView;
import io.parkpulse.platform.notifications.NotificationService.Escalation;
import io.parkpulse.platform.notifications.NotificationService.LevelView;
import io.parkpulse.platform.notifications.NotificationService.Owner;
import io.parkpulse.platform.notifications.NotificationService.TestResult;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Where alarms are told, in the portal, over {@link NotificationService}: the park's channels for
 * its operator, an enterprise's for its admin. A channel is added, sent a test message with the
 * outcome shown at once, and removed; when contact levels 2 to 5 are told of an alarm nobody
 * acknowledged is set per severity. Secrets are written, never shown.
 */
@Path("/portal/channels")
@Produces(MediaType.TEXT_HTML)
public class ChannelPages {

  private final Pages pages;
  private final NotificationService notifications;

  ChannelPages(Pages pages, NotificationService notifications) {
    this.pages = pages;
    this.notifications = notifications;
  }

  /** A channel as the form typed it, shown again when it is refused; the secret is not. */
  public record ChannelForm(
      String id,
      String name,
      String kind,
      String target,
      String minSeverity,
      String language,
      String level) {
    static final ChannelForm EMPTY = new ChannelForm("", "", "wecom", "", "warning", "zh", "1");
  }

  /** A test message's outcome, for the channel it was sent to. */
  public record Tested(String channel, TestResult result) {}

  /**
   * One contact level's escalation delays as the form shows them, in minutes; blank: the alarm's
   * SLA times (level - 1).
   */
  public record LevelRow(int level, String critical, String warning, String info) {
    /** How many SLAs a blank delay of this level is. */
    public int slas() {
      return level - 1;
    }
  }

  @GET
  public Uni<TemplateInstance> list(@QueryParam("park") String park) {
    Caller caller = pages.caller();
    return render(caller, owner(caller, park), List.of(), ChannelForm.EMPTY, null);
  }

  /**
   * Sets when each contact level (2 to 5) is told of an alarm still unacknowledged, in minutes per
   * severity; a level left blank is told after the alarm's SLA times (level - 1).
   */
  @POST
  @Path("/escalation")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> escalate(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String park,
      @RestForm String critical2,
      @RestForm String warning2,
      @RestForm String info2,
      @RestForm String critical3,
      @RestForm String warning3,
      @RestForm String info3,
      @RestForm String critical4,
      @RestForm String warning4,
      @RestForm String info4,
      @RestForm String critical5,
      @RestForm String warning5,
      @RestForm String info5) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    Owner owner = owner(caller, park);
    // Level → its critical, warning and info minutes as typed.
    List<List<String>> form =
        List.of(
            Arrays.asList(critical2, warning2, info2),
            Arrays.asList(critical3, warning3, info3),
            Arrays.asList(critical4, warning4, info4),
            Arrays.asList(critical5, warning5, info5));
    return Uni.createFrom()
        .deferred(() -> notifications.setEscalation(caller, owner, escalation(form)))
        .map(saved -> PortalForms.redirect(url(owner)))
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(
            e ->
                PortalForms.refused(
                    e,
                    problem -> render(caller, owner, List.of(problem), ChannelForm.EMPTY, null)));
  }

  /**
   * The levels the form fills (levels 2 to 5, each critical, warning, info); minutes as seconds.
   */
  private static Escalation escalation(List<List<String>> form) {
    List<LevelView> levels = new ArrayList<>();
    for (int level = 2; level <= 5; level++) {
      Integer[] seconds = new Integer[3];
      boolean any = false;
      for (int i = 0; i < 3; i++) {
        seconds[i] = minutes(form.get(level - 2).get(i), level);
        any |= seconds[i] != null;
      }
      if (any) {
        levels.add(new LevelView(level, seconds[2], seconds[1], seconds[0]));
      }
    }
    return new Escalation(levels);
  }

  private static Integer minutes(String text, int level) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      int minutes = Integer.parseInt(text.strip());
      if (minutes >= 1 && minutes <= 60 * 24 * 30) {
        return minutes * 60;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiErrors.badRequest(
        "levels",
        "level " + level + ": '" + text.strip() + "' is not a number of minutes from 1 to 43200");
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> add(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String park,
      @RestForm String id,
      @RestForm String name,
      @RestForm String kind,
      @RestForm String target,
      @RestForm String secret,
      @RestForm String minSeverity,
      @RestForm String language,
      @RestForm String level) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    Owner owner = owner(caller, park);
    ChannelForm typed =
        new ChannelForm(
            strip(id), strip(name), kind, strip(target), minSeverity, language, strip(level));
    boolean email = "email".equals(kind);
    return Uni.createFrom()
        .deferred(
            () ->
                notifications.create(
                    caller,
                    owner,
                    new ChannelRequest(
                        typed.id(),
                        typed.name(),
                        typed.kind(),
                        email ? null : typed.target(),
                        email
                            ? Arrays.stream(typed.target().split("[,\\s]+"))
                                .filter(a -> !a.isBlank())
                                .toList()
                            : null,
                        secret == null || secret.isBlank() ? null : secret.strip(),
                        typed.minSeverity(),
                        typed.language(),
                        number(typed.level()),
                        null,
                        true)))
        .map(saved -> PortalForms.redirect(url(owner)))
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(
            e ->
                PortalForms.refused(
                    e, problem -> render(caller, owner, List.of(problem), typed, null)));
  }

  /** Sends a test message now and shows how it went beside the channel. */
  @POST
  @Path("/{id}/test")
  public Uni<TemplateInstance> test(
      @RestForm(Csrf.FIELD) String csrf, @RestForm String park, @PathParam("id") String id) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    Owner owner = owner(caller, park);
    return notifications
        .test(caller, owner, id)
        .flatMap(
            result -> render(caller, owner, List.of(), ChannelForm.EMPTY, new Tested(id, result)));
  }

  @POST
  @Path("/{id}/removal")
  public Uni<Response> remove(
      @RestForm(Csrf.FIELD) String csrf, @RestForm String park, @PathParam("id") String id) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    Owner owner = owner(caller, park);
    return notifications.delete(caller, owner, id).map(done -> PortalForms.redirect(url(owner)));
  }

  private Uni<TemplateInstance> render(
      Caller caller, Owner owner, List<String> errors, ChannelForm typed, Tested tested) {
    Page page = pages.page(caller, Page.DEFAULT_ZONE);
    return notifications
        .list(caller, owner)
        .flatMap(
            (List<ChannelView> channels) ->
                notifications
                    .escalation(caller, owner)
                    .map(
                        escalation ->
                            Templates.channels(
                                page,
                                owner,
                                channels,
                                mayChange(caller, owner),
                                errors,
                                typed,
                                tested,
                                rows(escalation))));
  }

  /** Levels 2 to 5, each with the delays set or blank. */
  private static List<LevelRow> rows(Escalation escalation) {
    List<LevelRow> rows = new ArrayList<>();
    for (int level = 2; level <= 5; level++) {
      int l = level;
      LevelView set =
          escalation.levels().stream().filter(v -> v.level() == l).findFirst().orElse(null);
      rows.add(
          set == null
              ? new LevelRow(level, "", "", "")
              : new LevelRow(
                  level,
                  shown(set.criticalSeconds()),
                  shown(set.warningSeconds()),
                  shown(set.infoSeconds())));
    }
    return rows;
  }

  /** Seconds as whole minutes for the form (the API may have set seconds: rounded up). */
  private static String shown(Integer seconds) {
    return seconds == null ? "" : Integer.toString((seconds + 59) / 60);
  }

  /**
   * The park's channels for its operator (a platform admin names the park), an enterprise's for its
   * people.
   */
  private static Owner owner(Caller caller, String park) {
    if (caller.role().isEnterpriseRole()) {
      return Owner.enterprise(caller.enterprise());
    }
    if (caller.park() != null) {
      return Owner.park(caller.park());
    }
    if (park == null || park.isBlank()) {
      throw new NotFoundException();
    }
    return Owner.park(park);
  }

  /** Whether the page offers the forms; the service decides in the end. */
  private static boolean mayChange(Caller caller, Owner owner) {
    return caller.role() != Role.ENTERPRISE_VIEWER;
  }

  private static String url(Owner owner) {
    return owner.enterprise() == null && owner.park() != null
        ? "/portal/channels?park=" + owner.park()
        : "/portal/channels";
  }

  private static Integer number(String text) {
    try {
      return text == null || text.isBlank() ? null : Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      throw ApiErrors.badRequest("level", "must be a whole number 1 to 5");
    }
  }

  private static String strip(String text) {
    return text == null ? "" : text.strip();
  }
}
