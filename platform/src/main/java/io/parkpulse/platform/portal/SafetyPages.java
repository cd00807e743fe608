package io.parkpulse.platform.portal;

import io.parkpulse.platform.alarms.SafetyService;
import io.parkpulse.platform.alarms.SafetyService.Row;
import io.parkpulse.platform.alarms.SafetyService.SafetyView;
import io.parkpulse.platform.portal.readmodel.PortalQueries.EnterpriseRow;
import io.parkpulse.platform.portal.views.PortalViews;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The park's safety view in the portal, over {@link SafetyService}: its operator (or a platform
 * admin, naming the park) sees the critical and warning alarms not yet closed by enterprise and by
 * zone, and follows a link to them.
 */
@Path("/portal/safety")
@Produces(MediaType.TEXT_HTML)
public class SafetyPages {

  private final Pages pages;
  private final SafetyService safety;
  private final PortalViews views;

  SafetyPages(Pages pages, SafetyService safety, PortalViews views) {
    this.pages = pages;
    this.safety = safety;
    this.views = views;
  }

  /** An enterprise's row with the enterprise's name. */
  public record EnterpriseLine(Row row, String name) {}

  @GET
  public Uni<TemplateInstance> view(@QueryParam("park") String park) {
    Caller caller = pages.caller();
    String chosen = park(caller, park);
    return views
        .park(caller, chosen)
        .flatMap(
            ref ->
                safety
                    .park(caller, ref.id())
                    .flatMap(
                        view ->
                            views
                                .enterprises(ref)
                                .map(
                                    rows ->
                                        Templates.safety(
                                            pages.page(caller, ref.zone()),
                                            ref.name(),
                                            view,
                                            lines(view, rows)))));
  }

  private static List<EnterpriseLine> lines(SafetyView view, List<EnterpriseRow> rows) {
    Map<String, String> names =
        rows.stream().collect(Collectors.toMap(EnterpriseRow::id, EnterpriseRow::name));
    return view.enterprises().stream()
        .map(r -> new EnterpriseLine(r, names.getOrDefault(r.id(), r.id())))
        .toList();
  }

  /** The caller's park; a platform admin names one. */
  private static String park(Caller caller, String park) {
    if (caller.park() != null) {
      return caller.park();
    }
    if (park == null || park.isBlank()) {
      throw new NotFoundException();
    }
    return park.strip();
  }
}
