package io.parkpulse.platform.notifications;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Escalation delays of parks' and enterprises' contact levels. */
@ApplicationScoped
public class EscalationLevelRepository implements PanacheRepositoryBase<EscalationLevel, Long> {}
