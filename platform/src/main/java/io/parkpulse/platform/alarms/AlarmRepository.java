package io.parkpulse.platform.alarms;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Alarms, in the caller's reactive session. */
@ApplicationScoped
public class AlarmRepository implements PanacheRepositoryBase<Alarm, Long> {}
