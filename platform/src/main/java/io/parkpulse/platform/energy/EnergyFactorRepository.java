package io.parkpulse.platform.energy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Conversion and emission factors. */
@ApplicationScoped
public class EnergyFactorRepository implements PanacheRepositoryBase<EnergyFactor, Long> {}
