package io.parkpulse.platform.notifications;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Notification channels, in the caller's reactive session. */
@ApplicationScoped
public class NotificationChannelRepository
    implements PanacheRepositoryBase<NotificationChannel, String> {}
