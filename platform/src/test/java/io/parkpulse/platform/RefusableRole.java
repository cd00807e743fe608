package io.parkpulse.platform;

import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A login role of the test PostgreSQL with a password and a database of its own, whose credentials
 * a test breaks and fixes, for the platform to log in as. PostgreSQL checks its password even where
 * the server trusts every local login, as the embedded test server does: for this role alone, a
 * {@code scram-sha-256} line is put first in {@code pg_hba.conf} (and taken out at close).
 */
final class RefusableRole implements AutoCloseable {

  private final Database admin;
  private final String name;
  private final String password;
  private String originalHba;

  private RefusableRole(Database admin, String name, String password) {
    this.admin = admin;
    this.name = name;
    this.password = password;
  }

  /** Creates the role and its database on the test JVM's PostgreSQL server. */
  static RefusableRole create() {
    Database admin = Postgres.sharedForTests().database();
    String name = "parkpulse_refusable_" + UUID.randomUUID().toString().substring(0, 8);
    RefusableRole role = new RefusableRole(admin, name, "first-" + UUID.randomUUID());
    role.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + role.password + "'");
    role.execute("CREATE DATABASE " + name + " OWNER " + name);
    role.requirePasswords();
    return role;
  }

  /** The role's name, which is also its database's. */
  String name() {
    return name;
  }

  /** Its database, logged in with its valid password. */
  Database database() {
    return as(password);
  }

  /** Its database, logged in with {@code somePassword}. */
  Database as(String somePassword) {
    return new Database(urlOf(name), name, somePassword);
  }

  /** A database of the same server that does not exist. */
  Database missingDatabase() {
    return new Database(urlOf(name + "_missing"), name, password);
  }

  /** Gives the role another password, so that the platform's is wrong from now on. */
  void changePassword() {
    execute("ALTER ROLE " + name + " PASSWORD 'changed-" + UUID.randomUUID() + "'");
  }

  /** Gives the role its first password back. */
  void restorePassword() {
    execute("ALTER ROLE " + name + " PASSWORD '" + password + "'");
  }

  /** Ends every session of the role, as a restart of PostgreSQL would. */
  void terminateSessions() {
    execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + name + "'");
  }

  @Override
  public void close() {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    execute("DROP ROLE IF EXISTS " + name);
    if (originalHba != null) {
      writeHba(originalHba);
    }
  }

  /** Makes PostgreSQL check the role's password, if it does not yet. */
  private void requirePasswords() {
    if (refusesWrongPassword()) {
      return;
    }
    try (Connection c = adminConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_read_file(current_setting('hba_file'))")) {
      rs.next();
      originalHba = rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read pg_hba.conf: " + e.getMessage(), e);
    }
    writeHba(
        "host all "
            + name
            + " all scram-sha-256\nlocal all "
            + name
            + " scram-sha-256\n"
            + originalHba);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!refusesWrongPassword()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("PostgreSQL still takes a wrong password for " + name);
      }
      sleep();
    }
  }

  private boolean refusesWrongPassword() {
    try (Connection c = DriverManager.getConnection(urlOf(name), name, "wrong-password")) {
      return false;
    } catch (SQLException e) {
      if ("28P01".equals(e.getSQLState())) {
        return true;
      }
      throw new IllegalStateException("cannot log in as " + name + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code content} to pg_hba.conf as the server (its own file) and reloads it. */
  private void writeHba(String content) {
    try (Connection c = adminConnection();
        PreparedStatement create =
            c.prepareStatement("SELECT lo_from_bytea(0, convert_to(?, 'UTF8'))");
        PreparedStatement export =
            c.prepareStatement("SELECT lo_export(?, current_setting('hba_file'))");
        PreparedStatement unlink = c.prepareStatement("SELECT lo_unlink(?)");
        Statement reload = c.createStatement()) {
      create.setString(1, content);
      long object;
      try (ResultSet rs = create.executeQuery()) {
        rs.next();
        object = rs.getLong(1);
      }
      export.setLong(1, object);
      export.executeQuery().close();
      unlink.setLong(1, object);
      unlink.executeQuery().close();
      reload.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write pg_hba.conf: " + e.getMessage(), e);
    }
  }

  private void execute(String sql) {
    try (Connection c = adminConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
    }
  }

  private Connection adminConnection() throws SQLException {
    return DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
  }

  /**
   * The admin's URL naming {@code database}, without the admin's user or password among its
   * parameters (the embedded server's URL has {@code ?user=postgres}, which pgjdbc would prefer).
   */
  private String urlOf(String database) {
    String url = admin.jdbcUrl();
    int query = url.indexOf('?');
    String params =
        query < 0
            ? ""
            : Arrays.stream(url.substring(query + 1).split("&"))
                .filter(p -> !p.startsWith("user=") && !p.startsWith("password="))
                .collect(Collectors.joining("&"));
    String base = Postgres.withDatabase(query < 0 ? url : url.substring(0, query), database);
    return params.isEmpty() ? base : base + "?" + params;
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
