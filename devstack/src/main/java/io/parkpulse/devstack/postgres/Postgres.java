package io.parkpulse.devstack.postgres;

import io.parkpulse.devstack.TestDirs;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * PostgreSQL for the demo and the tests: the server named by {@code PARKPULSE_DB_URL} (with {@code
 * PARKPULSE_DB_USER} and {@code PARKPULSE_DB_PASSWORD}) when given, otherwise a real embedded
 * PostgreSQL 17 from Maven artifacts.
 */
public final class Postgres implements AutoCloseable {

  /** Environment variable naming an external server's JDBC URL. */
  public static final String URL_ENV = "PARKPULSE_DB_URL";

  private static Postgres shared;

  private final Database database;
  private final EmbeddedPostgres embedded;
  private final Runnable cleanup;

  private Postgres(Database database, EmbeddedPostgres embedded, Runnable cleanup) {
    this.database = database;
    this.embedded = embedded;
    this.cleanup = cleanup;
  }

  /** The external server from the environment, if one is configured. */
  public static Optional<Database> external(Map<String, String> env) {
    String url = env.get(URL_ENV);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new Database(
            url,
            env.getOrDefault("PARKPULSE_DB_USER", "postgres"),
            env.getOrDefault("PARKPULSE_DB_PASSWORD", "")));
  }

  /**
   * Starts an embedded server that keeps its data in {@code dataDir} across runs, listening on
   * {@code port} of the loopback interface, with a database {@code parkpulse}.
   */
  public static Postgres embedded(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              // Test defaults trade durability for speed; the demo keeps its data like a server.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .start();
      createDatabaseIfMissing(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", "parkpulse");
      Database db = new Database(pg.getJdbcUrl("postgres", "parkpulse"), "postgres", "");
      return new Postgres(db, pg, () -> {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
    }
  }

  /**
   * A fresh, empty database for one test JVM, dropped (or, when embedded, thrown away with its
   * server) when the JVM exits: on the external server if {@code PARKPULSE_DB_URL} is set,
   * otherwise on an embedded server in a directory under the build's {@code target/}.
   */
  public static synchronized Postgres sharedForTests() {
    if (shared == null) {
      shared = external(System.getenv()).map(Postgres::freshOn).orElseGet(Postgres::tempEmbedded);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-stop"));
    }
    return shared;
  }

  /** How to reach the database. */
  public Database database() {
    return database;
  }

  @Override
  public void close() {
    cleanup.run();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
      }
    }
  }

  private static Postgres tempEmbedded() {
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(TestDirs.create("postgres"))
              .setCleanDataDirectory(true)
              .start();
      String name = "parkpulse_test";
      createDatabaseIfMissing(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", name);
      return new Postgres(
          new Database(pg.getJdbcUrl("postgres", name), "postgres", ""), pg, () -> {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  private static Postgres freshOn(Database server) {
    String name =
        "parkpulse_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    createDatabaseIfMissing(server.jdbcUrl(), server.user(), server.password(), name);
    String url = withDatabase(server.jdbcUrl(), name);
    Runnable drop = () -> execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    return new Postgres(new Database(url, server.user(), server.password()), null, drop);
  }

  /** Replaces the database name in a {@code jdbc:postgresql://host:port/db?params} URL. */
  public static String withDatabase(String jdbcUrl, String name) {
    int hostStart = jdbcUrl.indexOf("//");
    int slash = jdbcUrl.indexOf('/', hostStart + 2);
    int query = jdbcUrl.indexOf('?');
    String base =
        slash < 0
            ? (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query))
            : jdbcUrl.substring(0, slash);
    String params = query < 0 ? "" : jdbcUrl.substring(query);
    return base + "/" + name + params;
  }

  private static void createDatabaseIfMissing(
      String adminUrl, String user, String password, String name) {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      try (var rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create database " + name + " on " + adminUrl + ": " + e.getMessage(), e);
    }
  }

  private static void execute(Database db, String sql) {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      System.err.println("PostgreSQL clean-up failed (" + sql + "): " + e.getMessage());
    }
  }
}
