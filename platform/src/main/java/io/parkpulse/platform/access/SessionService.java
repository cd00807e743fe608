package io.parkpulse.platform.access;

import io.parkpulse.model.SecretHash;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;

/**
 * Signing in and out. Password checks are deliberately slow and run on a worker thread; after
 * {@code maxFailedLogins} wrong passwords in a row an account is locked for {@code lockout},
 * doubled with every further failure up to an hour. A session is a token of kind {@code session},
 * resolved like an API token by {@link TokenService#resolve}.
 */
@ApplicationScoped
public class SessionService {

  /** Compared against when the user does not exist, so that both cases take as long. */
  private static final String DUMMY_HASH = SecretHash.hash("no such user");

  private static final Duration MAX_LOCKOUT = Duration.ofHours(1);

  private final UserRepository users;
  private final TokenRepository tokens;
  private final Workers workers;
  private final int maxFailures;
  private final Duration lockout;
  private final Duration sessionTtl;

  SessionService(
      UserRepository users, TokenRepository tokens, Workers workers, PlatformConfig config) {
    this.users = users;
    this.tokens = tokens;
    this.workers = workers;
    PlatformConfig.Auth auth = config.auth();
    this.maxFailures = auth.maxFailedLogins();
    this.lockout = auth.lockout();
    this.sessionTtl = auth.sessionTtl();
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

  /**
   * Checks a password and opens a session. The user's row stays locked during the check, so that
   * parallel guesses are counted one after the other.
   */
  @WithTransaction
  public Uni<LoginResult> login(String userId, String password) {
    return users
        .findById(userId, LockModeType.PESSIMISTIC_WRITE)
        .flatMap(
            u -> {
              if (u == null) {
                return workers
                    .run(() -> SecretHash.verify(password, DUMMY_HASH))
                    .replaceWith(new LoginResult.Refused());
              }
              Instant now = Instant.now();
              if (u.lockedUntil != null && u.lockedUntil.isAfter(now)) {
                return Uni.createFrom().item(new LoginResult.Locked(u.lockedUntil));
              }
              return workers
                  .run(() -> SecretHash.verify(password, u.passwordHash))
                  .flatMap(
                      right -> right && u.enabled ? openSession(u, now) : recordFailure(u, now));
            });
  }

  private Uni<LoginResult> recordFailure(AppUser u, Instant now) {
    u.failedLogins++;
    if (u.failedLogins >= maxFailures) {
      Duration wait = lockout.multipliedBy(1L << Math.min(u.failedLogins - maxFailures, 6));
      u.lockedUntil = now.plus(wait.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : wait);
      return Uni.createFrom().item(new LoginResult.Locked(u.lockedUntil));
    }
    return Uni.createFrom().item(new LoginResult.Refused());
  }

  private Uni<LoginResult> openSession(AppUser u, Instant now) {
    u.failedLogins = 0;
    u.lockedUntil = null;
    Caller caller = new Caller(u.id, Role.of(u.role).orElseThrow(), u.parkId, u.enterpriseId);
    String token = Tokens.newToken();
    ApiToken session = new ApiToken();
    session.id = Tokens.newId();
    session.kind = "session";
    session.name = "login";
    session.tokenHash = Tokens.hash(token);
    session.userId = u.id;
    session.role = caller.role().id();
    session.parkId = caller.park();
    session.enterpriseId = caller.enterprise();
    session.createdBy = caller.subject();
    session.expiresAt = now.plus(sessionTtl);
    return tokens
        .persist(session)
        .replaceWith(new LoginResult.Session(token, session.expiresAt, caller));
  }

  /** Ends a session or revokes a token, given the token itself; an unknown one is ignored. */
  @WithTransaction
  public Uni<Void> logout(String token) {
    return tokens.revokeByHash(Tokens.hash(token), Instant.now()).replaceWithVoid();
  }

  /**
   * Creates the first platform admin if there is no user at all.
   *
   * @return whether it was created
   */
  public Uni<Boolean> bootstrapAdmin(String userId, String password) {
    return workers
        .run(() -> SecretHash.hash(password))
        .flatMap(hash -> Panache.withTransaction(() -> users.createFirstAdmin(userId, hash)));
  }

  /** Whether any user exists. */
  @WithSession
  public Uni<Boolean> hasUsers() {
    return users.count().map(n -> n > 0);
  }
}
