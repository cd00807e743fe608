package io.parkpulse.platform.access;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Grant;
import io.parkpulse.platform.tenancy.Role;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * API tokens for integrators and automation, scoped like users and revocable, and the lookup of the
 * caller behind a token or session on every request. The token is shown once, at creation; only its
 * SHA-256 is stored. A token belongs to the user who created it (through a session, or through
 * another token of theirs): it stops working when that user is disabled or deleted. It expires, at
 * the latest after {@code auth.token-max-ttl}, and never after the token that created it; its grant
 * is one the creator may hand out, so no token is wider than its creator.
 */
@ApplicationScoped
public class TokenService {

  /** A token's last use is recorded at most this often, so that most requests only read. */
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private static final String TOKEN_SUBJECT = "token:";

  private final TokenRepository tokens;
  private final TenancyGate gate;
  private final AuditLog auditLog;
  private final Duration maxTtl;

  TokenService(TokenRepository tokens, TenancyGate gate, AuditLog auditLog, PlatformConfig config) {
    this.tokens = tokens;
    this.gate = gate;
    this.auditLog = auditLog;
    this.maxTtl = config.auth().tokenMaxTtl();
  }

  /** What a token is created with. */
  public record TokenRequest(
      String name, String role, String park, String enterprise, Instant expiresAt) {}

  /** A token as the API lists it; never the token or its hash. */
  public record TokenView(
      String id,
      String name,
      String role,
      String park,
      String enterprise,
      String createdBy,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      Instant lastUsedAt) {
    static TokenView of(ApiToken t) {
      return new TokenView(
          t.id,
          t.name,
          t.role,
          t.parkId,
          t.enterpriseId,
          t.createdBy,
          t.createdAt,
          t.expiresAt,
          t.revokedAt,
          t.lastUsedAt);
    }
  }

  /** A new token: {@code token} is shown this once. */
  public record CreatedToken(String id, String token, TokenView details) {}

  /** The API tokens of the caller's scope; viewers manage none. */
  @WithSession
  public Uni<List<TokenView>> list(Caller caller) {
    requireManager(caller);
    return tokens
        .apiTokensInScope(gate.scope(caller))
        .map(list -> list.stream().map(TokenView::of).toList());
  }

  /** A new API token with a grant the caller may hand out. */
  public Uni<CreatedToken> create(Caller caller, TokenRequest request) {
    require(request != null, "body", "is required");
    require(
        request.name() != null && !request.name().isBlank() && request.name().length() <= 100,
        "name",
        "is required, at most 100 characters, e.g. the system that uses it");
    require(
        request.expiresAt() == null || request.expiresAt().isAfter(Instant.now()),
        "expiresAt",
        "must be in the future");
    String token = Tokens.newToken();
    return Panache.withTransaction(
            () -> creator(caller).flatMap(creator -> insert(caller, creator, request, token)))
        .map(t -> new CreatedToken(t.id, token, TokenView.of(t)));
  }

  /** Who a new token belongs to, and the latest it may expire. */
  private record Creator(String user, Instant latestExpiry) {}

  private Uni<Creator> creator(Caller caller) {
    Instant max = Instant.now().plus(maxTtl);
    if (!caller.subject().startsWith(TOKEN_SUBJECT)) {
      return Uni.createFrom().item(new Creator(caller.subject(), max));
    }
    return tokens
        .findById(caller.subject().substring(TOKEN_SUBJECT.length()))
        .map(
            parent -> {
              Instant latest =
                  parent.expiresAt != null && parent.expiresAt.isBefore(max)
                      ? parent.expiresAt
                      : max;
              return new Creator(parent.userId, latest);
            });
  }

  private Uni<ApiToken> insert(Caller caller, Creator creator, TokenRequest request, String token) {
    Instant expiresAt = request.expiresAt() == null ? creator.latestExpiry() : request.expiresAt();
    require(
        !expiresAt.isAfter(creator.latestExpiry()),
        "expiresAt",
        "must be no later than "
            + creator.latestExpiry()
            + (caller.subject().startsWith(TOKEN_SUBJECT)
                ? " (a token cannot create one that outlives it)"
                : " (auth.token-max-ttl)"));
    return Grant.resolve(gate, caller, request.role(), request.park(), request.enterprise())
        .flatMap(
            grant -> {
              ApiToken t = new ApiToken();
              t.id = Tokens.newId();
              t.kind = "api";
              t.name = request.name();
              t.tokenHash = Tokens.hash(token);
              t.role = grant.role().id();
              t.parkId = grant.park();
              t.enterpriseId = grant.enterprise();
              t.userId = creator.user();
              t.createdBy = caller.subject();
              t.createdAt = Instant.now();
              t.expiresAt = expiresAt;
              return tokens.persist(t).call(() -> audit(caller, "token.create", t));
            });
  }

  /**
   * Revokes the token at once: the next request made with it is refused. Outside the caller's scope
   * it does not exist (404); inside it, only those who could grant it may revoke it (403).
   */
  @WithTransaction
  public Uni<Void> revoke(Caller caller, String id) {
    return tokens
        .apiTokenInScope(id, gate.scope(caller))
        .flatMap(
            t -> {
              if (t == null) {
                throw ApiErrors.notFound("token", id);
              }
              Grant grant = new Grant(Role.of(t.role).orElseThrow(), t.parkId, t.enterpriseId);
              if (!grant.managedBy(caller)) {
                throw ApiErrors.forbidden("you cannot revoke this token");
              }
              if (t.revokedAt == null) {
                t.revokedAt = Instant.now();
              }
              return audit(caller, "token.revoke", t);
            });
  }

  /**
   * The caller a token or session stands for, if it exists, is not revoked or expired, and its user
   * is enabled; an {@link AuthenticationFailedException} otherwise. Read on every request, without
   * a cache, so that a revocation or a disabled user takes effect at once. Its last use is written
   * at most once a minute, so that a busy integrator's requests are reads, not writes.
   */
  @WithSession
  public Uni<Caller> resolve(String token) {
    Instant now = Instant.now();
    return tokens
        .findValid(Tokens.hash(token), now)
        .flatMap(
            t -> {
              if (t == null) {
                throw new AuthenticationFailedException("unknown or expired token");
              }
              String subject = "session".equals(t.kind) ? t.userId : TOKEN_SUBJECT + t.id;
              Caller caller =
                  new Caller(subject, Role.of(t.role).orElseThrow(), t.parkId, t.enterpriseId);
              Instant since = now.minus(TOUCH_EVERY);
              if (t.lastUsedAt != null && t.lastUsedAt.isAfter(since)) {
                return Uni.createFrom().item(caller);
              }
              return Panache.withTransaction(() -> tokens.touch(t.id, now, since))
                  .replaceWith(caller);
            });
  }

  private static void requireManager(Caller caller) {
    if (caller.role() == Role.ENTERPRISE_VIEWER) {
      throw ApiErrors.forbidden("viewers do not manage API tokens");
    }
  }

  private Uni<Void> audit(Caller caller, String action, ApiToken t) {
    return auditLog.record(
        caller,
        action,
        "token",
        t.id,
        t.parkId,
        t.enterpriseId,
        Map.of("name", t.name, "role", t.role));
  }
}
