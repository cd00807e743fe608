package io.parkpulse.platform.access;

import io.parkpulse.model.SecretHash;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Logins and token lookups, over JDBC because they run on worker threads for every request and must
 * see a revocation at once (no cache). Password checks are deliberately slow; after {@code
 * maxFailures} wrong passwords in a row an account is locked for {@code lockout}, doubled with
 * every further failure up to an hour.
 */
public final class AccessStore {

  /** Compared against when the user does not exist, so that both cases take as long. */
  private static final String DUMMY_HASH = SecretHash.hash("no such user");

  private final DataSource dataSource;
  private final int maxFailures;
  private final Duration lockout;
  private final Duration sessionTtl;

  public AccessStore(
      DataSource dataSource, int maxFailures, Duration lockout, Duration sessionTtl) {
    this.dataSource = dataSource;
    this.maxFailures = maxFailures;
    this.lockout = lockout;
    this.sessionTtl = sessionTtl;
  }

  /** What a login attempt gave. */
  public sealed interface LoginResult {
    /** The password was right: a new session token, shown once. */
    record Session(String token, Instant expiresAt, Caller caller) implements LoginResult {}

    /** Unknown user, wrong password or disabled account: the caller is not told which. */
    record Refused() implements LoginResult {}

    /** Too many failures: try again after {@code until}. */
    record Locked(Instant until) implements LoginResult {}
  }

  public LoginResult login(String userId, String password) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement query =
          c.prepareStatement(
              "SELECT password_hash, role, park_id, enterprise_id, enabled, failed_logins,"
                  + " locked_until FROM app_user WHERE id = ? FOR UPDATE")) {
        query.setString(1, userId);
        try (ResultSet rs = query.executeQuery()) {
          if (!rs.next()) {
            SecretHash.verify(password, DUMMY_HASH);
            c.rollback();
            return new LoginResult.Refused();
          }
          Timestamp lockedUntil = rs.getTimestamp(7);
          Instant now = Instant.now();
          if (lockedUntil != null && lockedUntil.toInstant().isAfter(now)) {
            c.rollback();
            return new LoginResult.Locked(lockedUntil.toInstant());
          }
          boolean right = SecretHash.verify(password, rs.getString(1));
          if (!right || !rs.getBoolean(5)) {
            LoginResult result = recordFailure(c, userId, rs.getInt(6) + 1, now);
            c.commit();
            return result;
          }
          Caller caller =
              new Caller(
                  userId, Role.of(rs.getString(2)).orElseThrow(), rs.getString(3), rs.getString(4));
          try (PreparedStatement reset =
              c.prepareStatement(
                  "UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = ?")) {
            reset.setString(1, userId);
            reset.executeUpdate();
          }
          Instant expires = now.plus(sessionTtl);
          String token = insertToken(c, "session", "login", caller, userId, expires);
          c.commit();
          return new LoginResult.Session(token, expires, caller);
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private LoginResult recordFailure(Connection c, String userId, int failures, Instant now)
      throws SQLException {
    Instant until = null;
    if (failures >= maxFailures) {
      long factor = 1L << Math.min(failures - maxFailures, 6);
      Duration wait = lockout.multipliedBy(factor);
      until = now.plus(wait.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : wait);
    }
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE app_user SET failed_logins = ?, locked_until = ? WHERE id = ?")) {
      update.setInt(1, failures);
      update.setTimestamp(2, until == null ? null : Timestamp.from(until));
      update.setString(3, userId);
      update.executeUpdate();
    }
    return until == null ? new LoginResult.Refused() : new LoginResult.Locked(until);
  }

  /**
   * The caller a token stands for, if it exists, is not revoked or expired, and its user is
   * enabled. Its last use is recorded at most once a minute, so that a busy integrator's requests
   * are reads, not writes.
   */
  public Optional<Caller> resolve(String token) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement query =
            c.prepareStatement(
                "SELECT t.id, t.kind, t.user_id, t.role, t.park_id, t.enterprise_id,"
                    + " t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'"
                    + " FROM api_token t LEFT JOIN app_user u ON u.id = t.user_id"
                    + " WHERE t.token_hash = ? AND t.revoked_at IS NULL"
                    + " AND (t.expires_at IS NULL OR t.expires_at > now())"
                    + " AND (t.user_id IS NULL OR u.enabled)")) {
      query.setString(1, Tokens.hash(token));
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        if (rs.getBoolean(7)) {
          try (PreparedStatement touch =
              c.prepareStatement("UPDATE api_token SET last_used_at = now() WHERE id = ?")) {
            touch.setString(1, rs.getString(1));
            touch.executeUpdate();
          }
        }
        String subject =
            "session".equals(rs.getString(2)) ? rs.getString(3) : "token:" + rs.getString(1);
        return Optional.of(
            new Caller(
                subject, Role.of(rs.getString(4)).orElseThrow(), rs.getString(5), rs.getString(6)));
      }
    }
  }

  /** Ends a session or revokes a token, given the token itself. */
  public void revoke(String token) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement update =
            c.prepareStatement(
                "UPDATE api_token SET revoked_at = now() WHERE token_hash = ?"
                    + " AND revoked_at IS NULL")) {
      update.setString(1, Tokens.hash(token));
      update.executeUpdate();
    }
  }

  /**
   * Creates the first platform admin if there is no user at all.
   *
   * @return whether it was created
   */
  public boolean bootstrapAdmin(String userId, String password) throws SQLException {
    String hash = SecretHash.hash(password);
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO app_user (id, display_name, password_hash, role, enabled)"
                    + " SELECT ?, 'Platform administrator', ?, ?, true"
                    + " WHERE NOT EXISTS (SELECT 1 FROM app_user)")) {
      insert.setString(1, userId);
      insert.setString(2, hash);
      insert.setString(3, Role.PLATFORM_ADMIN.id());
      return insert.executeUpdate() == 1;
    }
  }

  public boolean hasUsers() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM app_user)");
        ResultSet rs = query.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static String insertToken(
      Connection c, String kind, String name, Caller caller, String userId, Instant expires)
      throws SQLException {
    String token = Tokens.newToken();
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO api_token (id, kind, name, token_hash, user_id, role, park_id,"
                + " enterprise_id, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, Tokens.newId());
      insert.setString(2, kind);
      insert.setString(3, name);
      insert.setString(4, Tokens.hash(token));
      insert.setString(5, userId);
      insert.setString(6, caller.role().id());
      insert.setString(7, caller.park());
      insert.setString(8, caller.enterprise());
      insert.setString(9, caller.subject());
      insert.setTimestamp(10, Timestamp.from(expires));
      insert.executeUpdate();
    }
    return token;
  }
}
