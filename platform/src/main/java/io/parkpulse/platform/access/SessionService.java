package io.parkpulse.platform.access;

import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Signing in and out. Failed sign-ins are throttled by {@link SignInGuard} before any password is
 * hashed; passwords are checked with {@link Passwords} on a worker thread, at the same cost whether
 * or not the user exists, and a hash of an older kind is replaced at the next right sign-in. A
 * session is a token of kind {@code session}, resolved like an API token by {@link
 * TokenService#resolve}.
 */
@ApplicationScoped
public class SessionService {

  private final UserRepository users;
  private final TokenRepository tokens;
  private final Workers workers;
  private final SignInGuard guard;
  private final Duration sessionTtl;

  SessionService(
      UserRepository users,
      TokenRepository tokens,
      Workers workers,
      SignInGuard guard,
      PlatformConfig config) {
    this.users = users;
    this.tokens = tokens;
    this.workers = workers;
    this.guard = guard;
    this.sessionTtl = config.auth().sessionTtl();
  }

  /** What a sign-in attempt gave. */
  public sealed interface LoginResult {
    /** The password was right: a new session token, shown once. */
    record Session(String token, Instant expiresAt, Caller caller) implements LoginResult {}

    /** Unknown user, wrong password or disabled account: the caller is not told which. */
    record Refused() implements LoginResult {}

    /**
     * Too many failures from this address, or for this user from it: try again after {@code until}.
     */
    record Throttled(Instant until) implements LoginResult {
      /** Seconds until then, at least 1, for a {@code Retry-After} header. */
      public long retryAfterSeconds() {
        return Math.max(1, (Duration.between(Instant.now(), until).toMillis() + 999) / 1000);
      }
    }
  }

  /**
   * Checks {@code password} of {@code userId}, signing in from {@code address}, and opens a
   * session; refused unchecked while the address, or the user from that address, failed too often.
   */
  public Uni<LoginResult> login(String userId, String password, String address) {
    Optional<Duration> wait = guard.refusal(userId, address);
    if (wait.isPresent()) {
      Instant until = Instant.now().plus(wait.get()).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
      return Uni.createFrom().item(new LoginResult.Throttled(until));
    }
    return Panache.withTransaction(() -> check(userId, password))
        .invoke(
            result -> {
              if (result instanceof LoginResult.Session) {
                guard.succeeded();
              } else {
                guard.failed(userId, address);
              }
            });
  }

  private Uni<LoginResult> check(String userId, String password) {
    return users
        .findById(userId)
        .flatMap(
            u -> {
              if (u == null) {
                return workers
                    .run(() -> Passwords.verifyNobody(password))
                    .replaceWith(new LoginResult.Refused());
              }
              return workers
                  .run(() -> Passwords.verify(password, u.passwordHash))
                  .flatMap(
                      right ->
                          right && u.enabled
                              ? upgrade(u, password).flatMap(v -> openSession(u, Instant.now()))
                              : Uni.createFrom().item(new LoginResult.Refused()));
            });
  }

  /** Replaces a hash of an older kind or cost, now that the password is known to be right. */
  private Uni<Void> upgrade(AppUser u, String password) {
    if (Passwords.isCurrent(u.passwordHash)) {
      return Uni.createFrom().voidItem();
    }
    return workers
        .run(() -> Passwords.hash(password))
        .invoke(hash -> u.passwordHash = hash)
        .replaceWithVoid();
  }

  private Uni<LoginResult> openSession(AppUser u, Instant now) {
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
        .run(() -> Passwords.hash(password))
        .flatMap(hash -> Panache.withTransaction(() -> users.createFirstAdmin(userId, hash)));
  }

  /** Whether any user exists. */
  @WithSession
  public Uni<Boolean> hasUsers() {
    return users.count().map(n -> n > 0);
  }
}
