package io.parkpulse.platform.access;

import io.parkpulse.platform.PlatformConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** Wires sign-in and creates the first administrator on an empty database. */
@ApplicationScoped
public class AccessBeans {

  private static final Logger LOG = Logger.getLogger(AccessBeans.class);

  @Produces
  @Singleton
  AccessStore accessStore(DataSource dataSource, PlatformConfig config) {
    PlatformConfig.Auth auth = config.auth();
    return new AccessStore(dataSource, auth.maxFailedLogins(), auth.lockout(), auth.sessionTtl());
  }

  void bootstrap(@Observes StartupEvent event, AccessStore store, PlatformConfig config)
      throws SQLException {
    PlatformConfig.Auth auth = config.auth();
    if (auth.adminPassword().isPresent()) {
      if (store.bootstrapAdmin(auth.adminUser(), auth.adminPassword().get())) {
        LOG.infof("created the first platform admin '%s'", auth.adminUser());
      }
    } else if (!store.hasUsers()) {
      LOG.warn(
          "no user exists and none can sign in: set PARKPULSE_PLATFORM_AUTH_ADMIN_PASSWORD"
              + " (and optionally PARKPULSE_PLATFORM_AUTH_ADMIN_USER) to create the first"
              + " platform admin");
    }
  }
}
