package io.parkpulse.platform.geo;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A park's map: an outline (GeoJSON) or an image of the site plan with the longitudes and latitudes
 * of its edges. Drawn in the portal without online tiles.
 */
@Entity
@Table(name = "park_map")
public class ParkMap {
  @Id
  @Column(name = "park_id")
  public String parkId;

  /** A GeoJSON FeatureCollection of polygons, or null for an image. */
  @ColumnTransformer(read = "geojson::text", write = "CAST(CAST(? AS text) AS jsonb)")
  public String geojson;

  /** PNG or JPEG bytes, or null for an outline. */
  public byte[] image;

  @Column(name = "image_type")
  public String imageType;

  public Double west;
  public Double south;
  public Double east;
  public Double north;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Column(name = "updated_by")
  public String updatedBy;
}
