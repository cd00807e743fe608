package io.parkpulse.platform.geo;

import static io.parkpulse.platform.api.ApiErrors.require;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;

/**
 * A park's map: seen by whoever sees the park, uploaded and removed by its operator. It is an
 * outline in GeoJSON, or an image of the site plan placed by the longitudes and latitudes of its
 * edges; uploading one replaces the other.
 */
@ApplicationScoped
public class ParkMapService {

  /** Bytes of an image at most. */
  static final int MAX_IMAGE_BYTES = 5 << 20;

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final ParkMapRepository maps;
  private final TenancyGate gate;
  private final AuditLog audit;

  ParkMapService(ParkMapRepository maps, TenancyGate gate, AuditLog audit) {
    this.maps = maps;
    this.gate = gate;
    this.audit = audit;
  }

  /**
   * A park's map as the API shows it.
   *
   * @param kind {@code outline} or {@code image}
   * @param outline the GeoJSON FeatureCollection, for an outline
   * @param image where the image is served, for an image
   * @param bounds west, south, east, north in decimal degrees, for an image
   */
  public record MapView(
      String park,
      String kind,
      Map<String, Object> outline,
      String image,
      Bounds bounds,
      Instant updatedAt,
      String updatedBy) {}

  /** The edges of an image: longitudes of its left and right, latitudes of its bottom and top. */
  public record Bounds(double west, double south, double east, double north) {}

  /** An image and its media type. */
  public record Image(byte[] bytes, String type) {}

  /** The park's map; a 404 if it has none or the caller does not see the park. */
  @WithSession
  public Uni<MapView> get(Caller caller, String park) {
    return gate.park(caller, park).flatMap(p -> maps.findById(p.id)).map(m -> view(park, m));
  }

  /** The park's image; a 404 if its map is not an image. */
  @WithSession
  public Uni<Image> image(Caller caller, String park) {
    return gate.park(caller, park)
        .flatMap(p -> maps.findById(p.id))
        .map(
            m -> {
              if (m == null || m.image == null) {
                throw ApiErrors.notFound("map image of park", park);
              }
              return new Image(m.image, m.imageType);
            });
  }

  /** Replaces the park's map with an outline. */
  @WithTransaction
  public Uni<MapView> putOutline(Caller caller, String park, String geojson) {
    Outline outline;
    try {
      outline = Outline.parse(geojson);
    } catch (IllegalArgumentException e) {
      throw ApiErrors.badRequest("outline", e.getMessage());
    }
    return save(
        caller,
        park,
        m -> {
          m.geojson = outline.json();
          m.image = null;
          m.imageType = null;
          m.west = m.south = m.east = m.north = null;
        },
        Map.of("kind", "outline", "polygons", outline.polygons()));
  }

  /** Replaces the park's map with a PNG or JPEG image placed by its edges. */
  @WithTransaction
  public Uni<MapView> putImage(Caller caller, String park, byte[] image, Bounds b) {
    require(image != null && image.length > 0, "image", "is required: send the PNG or JPEG bytes");
    require(
        image.length <= MAX_IMAGE_BYTES,
        "image",
        "is larger than " + (MAX_IMAGE_BYTES >> 20) + " MB; scale it down");
    String type = imageType(image);
    require(type != null, "image", "is not a PNG or JPEG image");
    require(b != null, "bounds", "west, south, east and north are required");
    require(b.west() >= -180 && b.east() <= 180, "west", "longitudes must be within -180 and 180");
    require(b.south() >= -90 && b.north() <= 90, "south", "latitudes must be within -90 and 90");
    require(b.west() < b.east(), "west", "must be less than east");
    require(b.south() < b.north(), "south", "must be less than north");
    return save(
        caller,
        park,
        m -> {
          m.geojson = null;
          m.image = image;
          m.imageType = type;
          m.west = b.west();
          m.south = b.south();
          m.east = b.east();
          m.north = b.north();
        },
        Map.of("kind", "image", "bytes", image.length));
  }

  /** Removes the park's map; a 404 if it has none. */
  @WithTransaction
  public Uni<Void> delete(Caller caller, String park) {
    return gate.managedPark(caller, park, "only the park's operator changes its map")
        .flatMap(p -> maps.findById(p.id))
        .flatMap(
            m -> {
              if (m == null) {
                throw ApiErrors.notFound("map of park", park);
              }
              return maps.delete(m)
                  .call(
                      () -> audit.record(caller, "map.delete", "park", park, park, null, Map.of()));
            });
  }

  private Uni<MapView> save(
      Caller caller,
      String park,
      java.util.function.Consumer<ParkMap> change,
      Map<String, Object> details) {
    return gate.managedPark(caller, park, "only the park's operator changes its map")
        .flatMap(p -> maps.findById(p.id))
        .flatMap(
            existing -> {
              ParkMap m = existing != null ? existing : new ParkMap();
              m.parkId = park;
              change.accept(m);
              m.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
              m.updatedBy = caller.subject();
              return (existing != null ? Uni.createFrom().item(m) : maps.persist(m))
                  .call(() -> audit.record(caller, "map.update", "park", park, park, null, details))
                  .map(saved -> view(park, saved));
            });
  }

  private static MapView view(String park, ParkMap m) {
    if (m == null) {
      throw ApiErrors.notFound("map of park", park);
    }
    if (m.image != null) {
      return new MapView(
          park,
          "image",
          null,
          "/api/v1/parks/" + park + "/map/image",
          new Bounds(m.west, m.south, m.east, m.north),
          m.updatedAt,
          m.updatedBy);
    }
    return new MapView(
        park, "outline", Json.read(m.geojson, OBJECT), null, null, m.updatedAt, m.updatedBy);
  }

  /** PNG or JPEG by the file's first bytes, else null. */
  private static String imageType(byte[] b) {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (b.length >= png.length && Arrays.equals(Arrays.copyOf(b, png.length), png)) {
      return "image/png";
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return "image/jpeg";
    }
    return null;
  }
}
