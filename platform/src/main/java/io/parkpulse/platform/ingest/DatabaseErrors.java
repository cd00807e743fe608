package io.parkpulse.platform.ingest;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Tells a failure of PostgreSQL that passes by itself (the server restarts, a connection drops, two
 * transactions collide) from one that lasts until someone fixes something (the credentials, the
 * database name, the schema), by the SQLSTATE PostgreSQL gives, and says what to fix. The first
 * kind is retried with backoff; the second makes the platform exit at start, and pauses the ingest
 * (readiness down) while it runs.
 */
public final class DatabaseErrors {

  /** Whether retrying can help without anyone doing anything. */
  public enum Kind {
    TRANSIENT,
    PERMANENT;

    /** The value of the {@code kind} tag of the meters. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Why PostgreSQL failed, as far as the SQLSTATE tells. */
  public enum Cause {
    /** 28P01 wrong password, 28000 no such role or role may not log in. */
    AUTHENTICATION(Kind.PERMANENT),
    /** 3D000: the database of the URL does not exist. */
    MISSING_DATABASE(Kind.PERMANENT),
    /** 3F000, 42P01, 42703: a schema, table or column the platform needs is not there. */
    MISSING_SCHEMA(Kind.PERMANENT),
    /** 42501: the role lacks a privilege. */
    PERMISSION(Kind.PERMANENT),
    /** A Flyway migration failed or does not match the database (set at start, not by SQLSTATE). */
    MIGRATION(Kind.PERMANENT),
    /** 08xxx: no connection, or it was lost. */
    CONNECTION(Kind.TRANSIENT),
    /** 40001 serialization failure, 40P01 deadlock. */
    CONFLICT(Kind.TRANSIENT),
    /** 57P01-57P03 shutting down or starting up, 53xxx out of resources, 57014 cancelled. */
    SERVER_UNAVAILABLE(Kind.TRANSIENT),
    /** Any other failure: retried, as a failure the platform cannot name may pass. */
    OTHER(Kind.TRANSIENT);

    private final Kind kind;

    Cause(Kind kind) {
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }

    /** The value of the {@code cause} tag of the meters. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A classified failure.
   *
   * @param cause what failed
   * @param sqlState PostgreSQL's SQLSTATE, {@code null} if none was given
   * @param message one line saying what failed and, for a permanent failure, what to fix
   */
  public record Failure(Cause cause, String sqlState, String message) {

    public boolean permanent() {
      return cause.kind() == Kind.PERMANENT;
    }
  }

  private final String user;

  /**
   * @param user the role the platform logs in as ({@code quarkus.datasource.username}), named in
   *     the messages
   */
  public DatabaseErrors(String user) {
    this.user = user;
  }

  /** Classifies {@code error} by the first SQLSTATE in its causes that says more than "other". */
  public Failure classify(Throwable error) {
    Set<Throwable> seen = new HashSet<>();
    SQLException first = null;
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql) {
        // A batch's failures hang off the first one; a few say enough.
        SQLException s = sql;
        for (int i = 0; s != null && i < 10; s = s.getNextException(), i++) {
          Cause cause = cause(s.getSQLState());
          if (cause != Cause.OTHER) {
            return failure(cause, s.getSQLState(), s);
          }
          if (first == null) {
            first = s;
          }
        }
      }
    }
    return first == null
        ? failure(Cause.OTHER, null, error)
        : failure(Cause.OTHER, first.getSQLState(), first);
  }

  /**
   * A failed migration: the cause PostgreSQL gave if it names one (the credentials, say), otherwise
   * {@link Cause#MIGRATION}, with what Flyway said.
   */
  public Failure migrationFailed(Throwable error) {
    Failure failure = classify(error);
    if (failure.cause() != Cause.OTHER) {
      return failure;
    }
    return new Failure(
        Cause.MIGRATION,
        failure.sqlState(),
        "the database migration failed ("
            + firstLine(error)
            + "): fix the database or the migration it names (table flyway_schema_history lists"
            + " those applied), then start the platform again");
  }

  /** The cause a SQLSTATE stands for. */
  static Cause cause(String sqlState) {
    if (sqlState == null) {
      return Cause.OTHER;
    }
    return switch (sqlState) {
      case "28P01", "28000" -> Cause.AUTHENTICATION;
      case "3D000" -> Cause.MISSING_DATABASE;
      case "3F000", "42P01", "42703" -> Cause.MISSING_SCHEMA;
      case "42501" -> Cause.PERMISSION;
      case "40001", "40P01" -> Cause.CONFLICT;
      case "57P01", "57P02", "57P03", "57014" -> Cause.SERVER_UNAVAILABLE;
      default -> {
        if (sqlState.startsWith("08")) {
          yield Cause.CONNECTION;
        }
        yield sqlState.startsWith("53") ? Cause.SERVER_UNAVAILABLE : Cause.OTHER;
      }
    };
  }

  private Failure failure(Cause cause, String sqlState, Throwable error) {
    String said = " (PostgreSQL: " + firstLine(error) + ")";
    String message =
        switch (cause) {
          case AUTHENTICATION ->
              "PostgreSQL refused the platform's credentials (user "
                  + user
                  + "): check quarkus.datasource.username and quarkus.datasource.password"
                  + " (PARKPULSE_DB_USER, PARKPULSE_DB_PASSWORD)"
                  + said;
          case MISSING_DATABASE ->
              "the database named in quarkus.datasource.jdbc.url does not exist: create it, or fix"
                  + " quarkus.datasource.jdbc.url and quarkus.datasource.reactive.url"
                  + " (PARKPULSE_DB_URL, PARKPULSE_DB_REACTIVE_URL)"
                  + said;
          case MISSING_SCHEMA ->
              "a schema, table or column the platform needs is missing: check that"
                  + " quarkus.datasource.jdbc.url (PARKPULSE_DB_URL) names the platform's database"
                  + " and that nobody changed its tables; the platform migrates it at start"
                  + said;
          case PERMISSION ->
              "PostgreSQL denied user "
                  + user
                  + " a privilege the platform needs: make it the owner of the platform's database"
                  + " or grant it the privileges on its tables"
                  + said;
          case MIGRATION -> "the database migration failed" + said;
          case CONNECTION -> "no connection to PostgreSQL" + said;
          case CONFLICT -> "the transaction collided with another one" + said;
          case SERVER_UNAVAILABLE -> "PostgreSQL cannot serve now" + said;
          case OTHER -> "PostgreSQL failed" + said;
        };
    return new Failure(cause, sqlState, message);
  }

  private static String firstLine(Throwable error) {
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }
}
