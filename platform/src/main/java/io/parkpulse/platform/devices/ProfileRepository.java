package io.parkpulse.platform.devices;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Device profiles, in the caller's reactive session. */
@ApplicationScoped
public class ProfileRepository implements PanacheRepositoryBase<DeviceProfile, String> {

  /** How many profiles {@code park} and its enterprises have. */
  public Uni<Long> countOfPark(String park) {
    return count("parkId", park);
  }
}
