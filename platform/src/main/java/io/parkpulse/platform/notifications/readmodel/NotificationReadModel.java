package io.parkpulse.platform.notifications.readmodel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** Wires the notifications' read model. */
@ApplicationScoped
public class NotificationReadModel {

  @Produces
  @Singleton
  NotificationLog log(DataSource dataSource) {
    return new NotificationLog(dataSource);
  }
}
