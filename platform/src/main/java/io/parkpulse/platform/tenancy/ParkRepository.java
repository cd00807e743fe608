package io.parkpulse.platform.tenancy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Parks, in the caller's reactive session. */
@ApplicationScoped
public class ParkRepository implements PanacheRepositoryBase<Park, String> {}
