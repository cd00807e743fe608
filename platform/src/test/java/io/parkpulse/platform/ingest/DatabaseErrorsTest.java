package io.parkpulse.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.platform.ingest.DatabaseErrors.Cause;
import io.parkpulse.platform.ingest.DatabaseErrors.Failure;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseErrorsTest {

  private final DatabaseErrors errors = new DatabaseErrors("ingest");

  @Test
  void aRefusedPasswordIsPermanentAndNamesTheUserAndTheSettingsToFix() {
    Failure failure =
        errors.classify(
            new SQLException("FATAL: password authentication failed for user \"ingest\"", "28P01"));
    assertThat(failure.cause()).isEqualTo(Cause.AUTHENTICATION);
    assertThat(failure.permanent()).isTrue();
    assertThat(failure.message())
        .startsWith("PostgreSQL refused the platform's credentials (user ingest)")
        .contains("quarkus.datasource.password", "PARKPULSE_DB_PASSWORD", "PARKPULSE_DB_USER")
        .endsWith("(PostgreSQL: FATAL: password authentication failed for user \"ingest\")");
  }

  @Test
  void aRoleThatMayNotLogInIsAnAuthenticationFailureToo() {
    assertThat(
            errors.classify(new SQLException("role is not permitted to log in", "28000")).cause())
        .isEqualTo(Cause.AUTHENTICATION);
  }

  @Test
  void aMissingDatabaseSchemaOrPrivilegeIsPermanentAndSaysWhatToFix() {
    Failure database = errors.classify(new SQLException("database \"x\" does not exist", "3D000"));
    assertThat(database.cause()).isEqualTo(Cause.MISSING_DATABASE);
    assertThat(database.message()).contains("does not exist", "PARKPULSE_DB_URL");
    assertThat(errors.classify(new SQLException("relation does not exist", "42P01")).cause())
        .isEqualTo(Cause.MISSING_SCHEMA);
    assertThat(errors.classify(new SQLException("schema does not exist", "3F000")).cause())
        .isEqualTo(Cause.MISSING_SCHEMA);
    Failure privilege = errors.classify(new SQLException("permission denied", "42501"));
    assertThat(privilege.permanent()).isTrue();
    assertThat(privilege.message()).contains("user ingest", "grant");
  }

  @Test
  void lostConnectionsCollisionsAndARestartingServerAreTransient() {
    for (String state : new String[] {"08001", "08006", "40001", "40P01", "57P01", "53300"}) {
      Failure failure = errors.classify(new SQLException("failed", state));
      assertThat(failure.permanent()).as(state).isFalse();
    }
    assertThat(errors.classify(new SQLException("x", "40P01")).cause()).isEqualTo(Cause.CONFLICT);
    assertThat(errors.classify(new SQLException("x", "08006")).cause()).isEqualTo(Cause.CONNECTION);
    assertThat(errors.classify(new SQLException("x", "57P01")).cause())
        .isEqualTo(Cause.SERVER_UNAVAILABLE);
  }

  @Test
  void aFailureWithoutAKnownStateIsRetriedAsBefore() {
    Failure failure =
        errors.classify(new SQLException("COPY of the batch failed", new IOException("reset")));
    assertThat(failure.cause()).isEqualTo(Cause.OTHER);
    assertThat(failure.permanent()).isFalse();
    assertThat(errors.classify(new SQLException("value too long", "22001")).permanent()).isFalse();
  }

  @Test
  void findsTheStateInACauseOrTheNextException() {
    SQLException batch = new SQLException("batch entry 0 failed", "22000");
    batch.setNextException(new SQLException("password authentication failed", "28P01"));
    assertThat(errors.classify(batch).cause()).isEqualTo(Cause.AUTHENTICATION);
    RuntimeException wrapped =
        new RuntimeException(
            "Unable to obtain connection from database",
            new SQLException("database \"gone\" does not exist", "3D000"));
    assertThat(errors.classify(wrapped).cause()).isEqualTo(Cause.MISSING_DATABASE);
  }

  @Test
  void aFailedMigrationIsPermanentUnlessPostgresNamesAnotherCause() {
    Failure migration =
        errors.migrationFailed(
            new IllegalStateException(
                "Migration V13__x.sql failed\n-----",
                new SQLException("syntax error at or near \"SELEC\"", "42601")));
    assertThat(migration.cause()).isEqualTo(Cause.MIGRATION);
    assertThat(migration.permanent()).isTrue();
    assertThat(migration.message())
        .contains("Migration V13__x.sql failed", "flyway_schema_history")
        .doesNotContain("-----");
    assertThat(
            errors
                .migrationFailed(
                    new IllegalStateException(
                        "Unable to obtain connection", new SQLException("refused", "28P01")))
                .cause())
        .isEqualTo(Cause.AUTHENTICATION);
    assertThat(
            errors
                .migrationFailed(
                    new IllegalStateException(
                        "Unable to obtain connection", new SQLException("refused", "08001")))
                .permanent())
        .isFalse();
  }
}
