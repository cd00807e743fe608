package io.parkpulse.platform.geo;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Park maps, in the caller's reactive session. */
@ApplicationScoped
public class ParkMapRepository implements PanacheRepositoryBase<ParkMap, String> {}
