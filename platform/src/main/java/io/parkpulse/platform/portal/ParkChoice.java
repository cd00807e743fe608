package io.parkpulse.platform.portal;

import io.parkpulse.platform.portal.readmodel.PortalQueries.ParkRef;
import io.parkpulse.platform.tenancy.Caller;
import jakarta.ws.rs.NotFoundException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which park a park-wide page shows: the one named by {@code ?park=}, else the caller's own, else
 * (for a platform admin) the first it sees.
 */
final class ParkChoice {

  private ParkChoice() {}

  static String of(Caller caller, String park, List<ParkRef> parks) {
    if (park != null && !park.isBlank()) {
      return park.strip();
    }
    if (caller.park() != null) {
      return caller.park();
    }
    if (parks.isEmpty()) {
      throw new NotFoundException();
    }
    return parks.get(0).id();
  }

  /** {@code path} with {@code ?park=} added when the caller named a park other than its own. */
  static String uri(Caller caller, String park, String path, String query) {
    StringBuilder uri = new StringBuilder(path);
    char sep = '?';
    if (park != null && !park.isBlank() && !park.strip().equals(caller.park())) {
      uri.append(sep)
          .append("park=")
          .append(URLEncoder.encode(park.strip(), StandardCharsets.UTF_8));
      sep = '&';
    }
    if (query != null && !query.isEmpty()) {
      uri.append(sep).append(query);
    }
    return uri.toString();
  }
}
