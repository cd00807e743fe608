package io.parkpulse.platform;

import io.parkpulse.platform.ingest.DatabaseErrors;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Migrates the database before anything else starts, and stops the start with one line saying what
 * to fix when PostgreSQL refuses for good: wrong credentials, no such database, a failed migration.
 * Quarkus's own migrate-at-start would end the process too, but with a stack trace instead of the
 * cause. A failure that may pass (PostgreSQL not up yet) fails the start as before, with its stack
 * trace, for the supervisor to restart the platform.
 */
@ApplicationScoped
public class DatabaseMigration {

  private static final Logger LOG = Logger.getLogger(DatabaseMigration.class);

  /** The settings a permanent failure at start is about, as Quarkus reports them. */
  private static final Set<String> SETTINGS =
      Set.of(
          "quarkus.datasource.jdbc.url",
          "quarkus.datasource.username",
          "quarkus.datasource.password");

  private final Flyway flyway;
  private final DatabaseErrors errors;

  DatabaseMigration(
      Flyway flyway, @ConfigProperty(name = "quarkus.datasource.username") String user) {
    this.flyway = flyway;
    this.errors = new DatabaseErrors(user);
  }

  void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
    try {
      int applied = flyway.migrate().migrationsExecuted;
      LOG.infof("database migrated (%d migrations applied now)", applied);
    } catch (RuntimeException e) {
      DatabaseErrors.Failure failure = errors.migrationFailed(e);
      if (!failure.permanent()) {
        throw e;
      }
      // Without a cause: Quarkus prints the message of the root cause of a failed start, and for
      // a ConfigurationException only that message.
      throw new ConfigurationException("The platform cannot start: " + failure.message(), SETTINGS);
    }
  }
}
