package io.parkpulse.platform.access;

import io.parkpulse.platform.PlatformConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Creates the first administrator on an empty database. */
@ApplicationScoped
public class AccessBeans {

  private static final Logger LOG = Logger.getLogger(AccessBeans.class);

  /**
   * Runs at start, before any request. Hibernate Reactive needs a Vert.x context, which the start
   * thread has not: {@link VertxContextSupport#subscribeAndAwait} lends it one and waits.
   */
  void bootstrap(@Observes StartupEvent event, SessionService sessions, PlatformConfig config)
      throws Throwable {
    PlatformConfig.Auth auth = config.auth();
    if (auth.adminPassword().isPresent()) {
      String user = auth.adminUser();
      String password = auth.adminPassword().get();
      if (VertxContextSupport.subscribeAndAwait(() -> sessions.bootstrapAdmin(user, password))) {
        LOG.infof("created the first platform admin '%s'", user);
      }
    } else if (!VertxContextSupport.subscribeAndAwait(sessions::hasUsers)) {
      LOG.warn(
          "no user exists and none can sign in: set PARKPULSE_PLATFORM_AUTH_ADMIN_PASSWORD"
              + " (and optionally PARKPULSE_PLATFORM_AUTH_ADMIN_USER) to create the first"
              + " platform admin");
    }
  }
}
