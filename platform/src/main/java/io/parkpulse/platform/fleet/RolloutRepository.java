package io.parkpulse.platform.fleet;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RolloutRepository implements PanacheRepositoryBase<Rollout, Long> {}
