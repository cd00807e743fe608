package io.parkpulse.platform.energy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Parks' energy settings. */
@ApplicationScoped
public class ParkEnergySettingsRepository
    implements PanacheRepositoryBase<ParkEnergySettings, String> {}
