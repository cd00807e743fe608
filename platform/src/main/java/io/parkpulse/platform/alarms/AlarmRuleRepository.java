package io.parkpulse.platform.alarms;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Alarm rules, in the caller's reactive session. */
@ApplicationScoped
public class AlarmRuleRepository implements PanacheRepositoryBase<AlarmRule, String> {}
