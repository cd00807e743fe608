package io.parkpulse.platform.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.derived.DerivedPoints;
import io.parkpulse.platform.derived.InvalidDerivedPointException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The derived points of each device, for the ingest: every device whose profile has derived points,
 * read in one query and read again every {@code ingest.derived-points-refresh} on a scheduler
 * thread, so that a reading costs a map lookup (a slow database never holds up the ingest's
 * consumer), and a changed profile or a device given another profile applies within that time on
 * every instance. A profile's expressions are parsed again only when its points changed. While
 * PostgreSQL cannot be read, the devices known before stay in use.
 */
@ApplicationScoped
public class DerivedPointsLookup {

  private static final Logger LOG = Logger.getLogger(DerivedPointsLookup.class);
  private static final TypeReference<List<Map<String, Object>>> POINTS = new TypeReference<>() {};

  private record Compiled(String json, DerivedPoints points) {}

  private final DataSource dataSource;
  private final long refreshNanos;
  private final ObjectMapper mapper = new ObjectMapper();
  private final ReentrantLock loading = new ReentrantLock();

  /** Device key ({@code enterprise/device}) → its derived points; devices without are absent. */
  private volatile Map<String, DerivedPoints> devices = Map.of();

  private volatile boolean loaded;

  /** Profile id → its points as last parsed; touched only while {@link #loading} is held. */
  private Map<String, Compiled> profiles = new HashMap<>();

  private boolean failing;

  DerivedPointsLookup(DataSource dataSource, PlatformConfig config) {
    this.dataSource = dataSource;
    this.refreshNanos = config.ingest().derivedPointsRefresh().toNanos();
  }

  /**
   * The derived points of {@code device}: {@link DerivedPoints#NONE} if its profile has none. Never
   * reads the database but the first time, so that the ingest's consumer thread does not wait on
   * it; {@link #refresh} reads them again in the background.
   */
  public DerivedPoints of(DeviceRef device) {
    if (!loaded) {
      loading.lock();
      try {
        if (!loaded) {
          reload();
        }
      } finally {
        loading.unlock();
      }
    }
    return devices.getOrDefault(device.kafkaKey(), DerivedPoints.NONE);
  }

  /** Reads the devices' derived points again, once the ingest uses them; on a scheduler thread. */
  @Scheduled(
      every = "${parkpulse.platform.ingest.derived-points-refresh:10S}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    if (!loaded) {
      return;
    }
    loading.lock();
    try {
      reload();
    } finally {
      loading.unlock();
    }
  }

  private void reload() {
    Map<String, DerivedPoints> byDevice = new HashMap<>();
    Map<String, Compiled> byProfile = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement query =
            c.prepareStatement(
                "SELECT d.enterprise_id, d.id, dp.id, dp.points::text FROM device d"
                    + " JOIN device_profile dp ON dp.id = d.profile_id"
                    + " WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(dp.points) e"
                    + " WHERE e->>'expression' IS NOT NULL)");
        ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        String profile = rs.getString(3);
        String json = rs.getString(4);
        Compiled compiled = byProfile.get(profile);
        if (compiled == null) {
          compiled = profiles.get(profile);
          if (compiled == null || !compiled.json().equals(json)) {
            compiled = new Compiled(json, compile(profile, json));
          }
          byProfile.put(profile, compiled);
        }
        if (!compiled.points().isEmpty()) {
          byDevice.put(rs.getString(1) + "/" + rs.getString(2), compiled.points());
        }
      }
    } catch (SQLException e) {
      if (!failing) {
        LOG.warnf(
            "cannot read the devices' derived points (%s); the devices known before keep theirs,"
                + " read again in %d s",
            e.getMessage(), Duration.ofNanos(refreshNanos).toSeconds());
        failing = true;
      }
      loaded = true;
      return;
    }
    if (failing) {
      LOG.info("the devices' derived points are read again");
      failing = false;
    }
    profiles = byProfile;
    devices = Map.copyOf(byDevice);
    loaded = true;
  }

  private DerivedPoints compile(String profile, String json) {
    try {
      return DerivedPoints.ofStored(mapper.readValue(json, POINTS));
    } catch (JsonProcessingException | InvalidDerivedPointException e) {
      // The profile API never stores such points; someone edited the table by hand.
      LOG.errorf(
          "profile '%s' has derived points the ingest cannot compute (%s); its devices get none"
              + " until the profile is saved again through the API",
          profile, e.getMessage());
      return DerivedPoints.NONE;
    }
  }
}
