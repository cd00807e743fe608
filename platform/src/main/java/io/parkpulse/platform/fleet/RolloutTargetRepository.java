package io.parkpulse.platform.fleet;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RolloutTargetRepository
    implements PanacheRepositoryBase<RolloutTarget, RolloutTarget.Key> {}
