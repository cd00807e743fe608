package io.parkpulse.platform.portal;

import io.parkpulse.platform.alarms.GeofenceService;
import io.parkpulse.platform.alarms.GeofenceService.GeofenceRequest;
import io.parkpulse.platform.alarms.GeofenceService.GeofenceView;
import io.parkpulse.platform.alarms.Polygon;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.geo.ParkMapService;
import io.parkpulse.platform.geo.ParkMapService.Bounds;
import io.parkpulse.platform.geo.ParkMapService.MapView;
import io.parkpulse.platform.geo.PositionService;
import io.parkpulse.platform.geo.readmodel.PositionStore.Position;
import io.parkpulse.platform.tenancy.Caller;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The park's map in the portal: its outline or site plan, its geofences, and where every tracked
 * device is, with the zones it is in. Everyone who sees the park sees the map (an enterprise's
 * people see their own devices on it); its operator uploads the map and draws the zones.
 */
@Path("/portal/map")
@Produces(MediaType.TEXT_HTML)
public class MapPages {

  private final Pages pages;
  private final ParkMapService maps;
  private final GeofenceService geofences;
  private final PositionService positions;
  private final Workers workers;

  MapPages(
      Pages pages,
      ParkMapService maps,
      GeofenceService geofences,
      PositionService positions,
      Workers workers) {
    this.pages = pages;
    this.maps = maps;
    this.geofences = geofences;
    this.positions = positions;
    this.workers = workers;
  }

  /** A tracked device on the page: where it is and which zones it is in. */
  public record Tracked(Position position, List<GeofenceView> zones) {}

  /** What the map page shows. */
  public record MapModel(
      String park,
      MapView map,
      List<GeofenceView> zones,
      List<Tracked> tracked,
      String mapJson,
      String zonesJson,
      String positionsJson) {}

  /** A geofence as the form typed it, shown again when it is refused. */
  public record ZoneForm(String id, String name, String kind, String corners) {
    static final ZoneForm EMPTY = new ZoneForm("", "", "forbidden", "");
  }

  @GET
  public Uni<TemplateInstance> map(@QueryParam("park") String park) {
    Caller caller = pages.caller();
    return render(caller, park(caller, park), List.of(), ZoneForm.EMPTY);
  }

  /** Replaces the map with a GeoJSON outline, uploaded as a file or pasted. */
  @POST
  @Path("/outline")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Uni<Response> outline(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String park,
      @RestForm String geojson,
      @RestForm("file") FileUpload file) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    String chosen = park(caller, park);
    return done(
        caller,
        chosen,
        ZoneForm.EMPTY,
        workers
            .run(
                () ->
                    file != null && file.size() > 0
                        ? Files.readString(file.uploadedFile(), StandardCharsets.UTF_8)
                        : geojson == null ? "" : geojson)
            .flatMap(text -> maps.putOutline(caller, chosen, text)));
  }

  /** Replaces the map with a site-plan image placed by the coordinates of its edges. */
  @POST
  @Path("/image")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Uni<Response> image(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String park,
      @RestForm("file") FileUpload file,
      @RestForm String west,
      @RestForm String south,
      @RestForm String east,
      @RestForm String north) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    String chosen = park(caller, park);
    return done(
        caller,
        chosen,
        ZoneForm.EMPTY,
        workers
            .run(
                () ->
                    file != null && file.size() > 0
                        ? Files.readAllBytes(file.uploadedFile())
                        : new byte[0])
            .flatMap(
                bytes ->
                    maps.putImage(
                        caller,
                        chosen,
                        bytes,
                        new Bounds(
                            degrees(west, "west"),
                            degrees(south, "south"),
                            degrees(east, "east"),
                            degrees(north, "north")))));
  }

  /** Adds a geofence drawn as one "longitude, latitude" corner per line. */
  @POST
  @Path("/geofences")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> addZone(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String park,
      @RestForm String id,
      @RestForm String name,
      @RestForm String kind,
      @RestForm String corners) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    String chosen = park(caller, park);
    ZoneForm typed =
        new ZoneForm(strip(id), strip(name), kind == null ? "forbidden" : kind, strip(corners));
    return done(
        caller,
        chosen,
        typed,
        Uni.createFrom()
            .deferred(
                () ->
                    geofences.create(
                        caller,
                        chosen,
                        new GeofenceRequest(
                            typed.id(),
                            typed.name(),
                            typed.kind(),
                            corners(typed.corners()),
                            null,
                            null))));
  }

  @POST
  @Path("/geofences/{id}/removal")
  public Uni<Response> removeZone(
      @RestForm(Csrf.FIELD) String csrf, @RestForm String park, @PathParam("id") String id) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    String chosen = park(caller, park);
    return geofences.delete(caller, chosen, id).map(done -> PortalForms.redirect(url(chosen)));
  }

  /**
   * The map page again once {@code change} is made; the page with the reason and what was typed
   * when the service refuses it.
   */
  private Uni<Response> done(Caller caller, String park, ZoneForm typed, Uni<?> change) {
    return change
        .map(saved -> PortalForms.redirect(url(park)))
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(e -> refused(caller, park, e, typed));
  }

  private Uni<Response> refused(Caller caller, String park, Throwable e, ZoneForm typed) {
    return PortalForms.refused(e, problem -> render(caller, park, List.of(problem), typed));
  }

  private Uni<TemplateInstance> render(
      Caller caller, String park, List<String> errors, ZoneForm typed) {
    Page page = pages.page(caller, Page.DEFAULT_ZONE);
    return maps.get(caller, park)
        .onFailure(NotFoundException.class)
        .recoverWithNull()
        .flatMap(
            map ->
                geofences
                    .list(caller, park)
                    .flatMap(
                        zones ->
                            positions
                                .latest(caller, park, null)
                                .map(
                                    latest ->
                                        Templates.parkMap(
                                            page,
                                            model(park, map, zones, latest),
                                            errors,
                                            typed))));
  }

  static MapModel model(String park, MapView map, List<GeofenceView> zones, List<Position> latest) {
    List<Polygon> shapes = zones.stream().map(z -> Polygon.of(z.polygon())).toList();
    List<Tracked> tracked = new ArrayList<>();
    for (Position p : latest) {
      List<GeofenceView> in = new ArrayList<>();
      for (int i = 0; i < zones.size(); i++) {
        if (shapes.get(i).contains(new Polygon.Position(p.lat(), p.lon()))) {
          in.add(zones.get(i));
        }
      }
      tracked.add(new Tracked(p, in));
    }
    return new MapModel(
        park, map, zones, tracked, Json.write(map), Json.write(zones), Json.write(latest));
  }

  /**
   * The corners typed one per line as "longitude, latitude" (a comma, spaces or both between the
   * two); a line that is not two numbers makes the polygon invalid, which the service reports.
   */
  static List<List<Double>> corners(String text) {
    List<List<Double>> corners = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] parts = trimmed.split("[,\\s]+");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        corners.add(List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1])));
      } catch (NumberFormatException e) {
        throw io.parkpulse.platform.api.ApiErrors.badRequest(
            "corners", "'" + trimmed + "' is not 'longitude, latitude'");
      }
    }
    return corners;
  }

  private static double degrees(String value, String field) {
    try {
      return Double.parseDouble(value == null ? "" : value.strip());
    } catch (NumberFormatException e) {
      throw io.parkpulse.platform.api.ApiErrors.badRequest(
          field, "is required: a number of decimal degrees, such as 121.4950");
    }
  }

  /** The caller's park; a platform admin, who has none, names one. */
  private static String park(Caller caller, String park) {
    if (caller.park() != null) {
      return caller.park();
    }
    if (park == null || park.isBlank()) {
      throw new NotFoundException();
    }
    return park;
  }

  private static String url(String park) {
    return "/portal/map?park=" + park;
  }

  private static String strip(String text) {
    return text == null ? "" : text.strip();
  }
}
