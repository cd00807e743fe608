package io.parkpulse.platform.telemetry.readmodel;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/** The resolutions of the stored rollups: table {@code rollup_{id}}, written by the ingest. */
public enum Resolution {
  MINUTE("1m", ChronoUnit.MINUTES),
  HOUR("1h", ChronoUnit.HOURS),
  DAY("1d", ChronoUnit.DAYS);

  private final String id;
  private final ChronoUnit unit;

  Resolution(String id, ChronoUnit unit) {
    this.id = id;
    this.unit = unit;
  }

  /** As the API and the table names spell it: {@code 1m}, {@code 1h}, {@code 1d}. */
  public String id() {
    return id;
  }

  public static Optional<Resolution> of(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }

  /**
   * The start of the bucket holding {@code epochSecond}, in epoch seconds. Minutes and hours are
   * UTC-aligned; days are the park's local days ({@code zone}), as reports count them.
   */
  public long bucket(long epochSecond, ZoneId zone) {
    if (this == DAY) {
      int offset = zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
      long local = epochSecond + offset;
      return local - Math.floorMod(local, 86_400L) - offset;
    }
    long size = unit.getDuration().getSeconds();
    return epochSecond - Math.floorMod(epochSecond, size);
  }
}
