package io.parkpulse.platform.devices;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Devices, in the caller's reactive session. */
@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, String> {

  /** The devices of {@code enterprise}, by id. */
  public Uni<List<Device>> ofEnterprise(String enterprise) {
    return list("enterpriseId", Sort.by("id"), enterprise);
  }

  /** The devices of every enterprise of {@code park}. */
  public Uni<List<Device>> ofPark(String park) {
    return list("parkId", park);
  }

  /** How many devices {@code enterprise} has. */
  public Uni<Long> countOfEnterprise(String enterprise) {
    return count("enterpriseId", enterprise);
  }

  /** How many devices the enterprises of {@code park} have together. */
  public Uni<Long> countOfPark(String park) {
    return count("parkId", park);
  }

  /** How many devices use {@code profile}. */
  public Uni<Long> countWithProfile(String profile) {
    return count("profileId", profile);
  }
}
