package io.parkpulse.platform.access;

import io.parkpulse.platform.tenancy.Scope;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sessions and API tokens, in the caller's reactive session. */
@ApplicationScoped
public class TokenRepository implements PanacheRepositoryBase<ApiToken, String> {

  /** The API tokens (not sessions) held within {@code scope}, oldest first. */
  public Uni<List<ApiToken>> apiTokensInScope(Scope scope) {
    Scope.HqlFilter filter = scope.hql("parkId", "enterpriseId");
    return list("kind = 'api'" + filter.clause(), Sort.by("createdAt"), filter.params());
  }

  /** The API token {@code id}, if it is held within {@code scope}. */
  public Uni<ApiToken> apiTokenInScope(String id, Scope scope) {
    Scope.HqlFilter filter = scope.hql("parkId", "enterpriseId");
    Map<String, Object> params = new HashMap<>(filter.params());
    params.put("id", id);
    return find("id = :id and kind = 'api'" + filter.clause(), params).firstResult();
  }

  /**
   * The token with this hash if it is not revoked or expired at {@code now} and its user (if any)
   * is enabled.
   */
  public Uni<ApiToken> findValid(String tokenHash, Instant now) {
    return find(
            "from ApiToken t where t.tokenHash = :hash and t.revokedAt is null"
                + " and (t.expiresAt is null or t.expiresAt > :now)"
                + " and (t.userId is null or exists"
                + " (select 1 from AppUser u where u.id = t.userId and u.enabled = true))",
            Parameters.with("hash", tokenHash).and("now", now))
        .firstResult();
  }

  /**
   * Records a use of the token unless one was recorded since {@code since}, outside its optimistic
   * version (a read, to its holder): of requests racing past the same old value, one writes.
   */
  public Uni<Integer> touch(String id, Instant now, Instant since) {
    return update(
        "lastUsedAt = :now where id = :id and (lastUsedAt is null or lastUsedAt < :since)",
        Parameters.with("now", now).and("id", id).and("since", since));
  }

  /** Revokes every session and API token of {@code userId} not revoked yet. */
  public Uni<Integer> revokeAllOf(String userId, Instant now) {
    return update(
        "revokedAt = :now where userId = :user and revokedAt is null",
        Parameters.with("now", now).and("user", userId));
  }

  /** Revokes the sessions of {@code userId} except the one with {@code keptHash} (may be null). */
  public Uni<Integer> revokeSessionsOf(String userId, String keptHash, Instant now) {
    return update(
        "revokedAt = :now where userId = :user and kind = 'session' and revokedAt is null"
            + " and tokenHash <> :kept",
        Parameters.with("now", now)
            .and("user", userId)
            .and("kept", keptHash == null ? "" : keptHash));
  }

  /** Revokes the token with this hash, if it is not revoked yet. */
  public Uni<Integer> revokeByHash(String tokenHash, Instant now) {
    return update(
        "revokedAt = :now where tokenHash = :hash and revokedAt is null",
        Parameters.with("now", now).and("hash", tokenHash));
  }
}
