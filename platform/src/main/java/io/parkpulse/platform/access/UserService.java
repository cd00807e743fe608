package io.parkpulse.platform.access;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Grant;
import io.parkpulse.platform.tenancy.Role;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Users: each admin manages the users of its own scope and below. Passwords are hashed on a worker
 * thread before the transaction starts, so that the slow hash holds neither the event loop nor a
 * connection.
 */
@ApplicationScoped
public class UserService {

  /** User ids: lowercase letters, digits and {@code . _ @ -}, 2 to 100 characters. */
  static final Pattern USER_ID = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,99}");

  static final int MIN_PASSWORD = 10;

  private final UserRepository users;
  private final TokenRepository tokens;
  private final TenancyGate gate;
  private final AuditLog auditLog;
  private final Workers workers;

  UserService(
      UserRepository users,
      TokenRepository tokens,
      TenancyGate gate,
      AuditLog auditLog,
      Workers workers) {
    this.users = users;
    this.tokens = tokens;
    this.gate = gate;
    this.auditLog = auditLog;
    this.workers = workers;
  }

  /**
   * What a user is created or updated with; on update only name, password and enabled apply, and a
   * user changing its own password also gives {@code currentPassword}.
   */
  public record UserRequest(
      String id,
      String displayName,
      String password,
      String role,
      String park,
      String enterprise,
      Boolean enabled,
      String currentPassword) {}

  /** A user as the API shows it; never the password hash. */
  public record UserView(
      String id,
      String displayName,
      String role,
      String park,
      String enterprise,
      boolean enabled,
      Instant createdAt) {
    static UserView of(AppUser u) {
      return new UserView(
          u.id, u.displayName, u.role, u.parkId, u.enterpriseId, u.enabled, u.createdAt);
    }
  }

  /** The users of the caller's scope; viewers manage none. */
  @WithSession
  public Uni<List<UserView>> list(Caller caller) {
    requireManager(caller);
    return users.inScope(gate.scope(caller)).map(list -> list.stream().map(UserView::of).toList());
  }

  /** The caller itself or a user it manages; a 404 otherwise. */
  @WithSession
  public Uni<UserView> get(Caller caller, String id) {
    return visible(caller, id).map(UserView::of);
  }

  public Uni<UserView> create(Caller caller, UserRequest request) {
    require(request != null, "body", "is required");
    require(
        request.id() != null && USER_ID.matcher(request.id()).matches(),
        "id",
        "must match " + USER_ID.pattern());
    require(
        request.displayName() != null && !request.displayName().isBlank(),
        "displayName",
        "is required");
    requirePassword(request.password());
    return workers
        .run(() -> Passwords.hash(request.password()))
        .flatMap(hash -> Panache.withTransaction(() -> insert(caller, request, hash)))
        .map(UserView::of);
  }

  private Uni<AppUser> insert(Caller caller, UserRequest request, String hash) {
    return Grant.resolve(gate, caller, request.role(), request.park(), request.enterprise())
        .flatMap(
            grant ->
                users
                    .findById(request.id())
                    .flatMap(
                        existing -> {
                          if (existing != null) {
                            throw ApiErrors.conflict("user '" + request.id() + "' exists");
                          }
                          AppUser u = new AppUser();
                          u.id = request.id();
                          u.displayName = request.displayName();
                          u.passwordHash = hash;
                          u.role = grant.role().id();
                          u.parkId = grant.park();
                          u.enterpriseId = grant.enterprise();
                          u.enabled = request.enabled() == null || request.enabled();
                          return users.persist(u).call(() -> audit(caller, "user.create", u));
                        }));
  }

  /**
   * Changes a user's name, password or whether it is enabled; its role and scope stay. Users
   * changing their own password confirm the current one; a new password ends the user's other
   * sessions (all of them when an admin sets it). Disabling a user revokes its sessions and tokens.
   *
   * @param keptSession hash of the session the request came with, kept when users change their own
   *     password; null if none
   */
  public Uni<UserView> update(Caller caller, String id, UserRequest request, String keptSession) {
    require(request != null, "body", "is required");
    require(
        request.role() == null && request.park() == null && request.enterprise() == null,
        "role",
        "a user's role and scope do not change: create another user");
    if (request.password() != null) {
      requirePassword(request.password());
    }
    return Panache.withTransaction(
            () ->
                visible(caller, id)
                    .flatMap(u -> newHash(caller, u, request))
                    .flatMap(changed -> change(caller, changed, request, keptSession)))
        .map(UserView::of);
  }

  /** A user with the hash of its new password, if one was asked for. */
  private record Changed(AppUser user, String hash) {}

  private Uni<Changed> newHash(Caller caller, AppUser u, UserRequest request) {
    if (request.password() == null) {
      return Uni.createFrom().item(new Changed(u, null));
    }
    boolean self = u.id.equals(caller.subject());
    require(
        !self || request.currentPassword() != null,
        "currentPassword",
        "is required to change your own password");
    String current = u.passwordHash;
    return workers
        .run(
            () ->
                !self || Passwords.verify(request.currentPassword(), current)
                    ? Passwords.hash(request.password())
                    : null)
        .map(
            hash -> {
              require(hash != null, "currentPassword", "is not your current password");
              return new Changed(u, hash);
            });
  }

  private Uni<AppUser> change(
      Caller caller, Changed changed, UserRequest request, String keptSession) {
    AppUser u = changed.user();
    boolean self = u.id.equals(caller.subject());
    if (!self && !grant(u).managedBy(caller)) {
      throw ApiErrors.forbidden("you cannot change this user");
    }
    Instant now = Instant.now();
    Uni<Integer> revoked = Uni.createFrom().item(0);
    if (request.enabled() != null) {
      require(!self, "enabled", "you cannot disable yourself");
      u.enabled = request.enabled();
      if (!u.enabled) {
        revoked = tokens.revokeAllOf(u.id, now);
      }
    }
    if (request.displayName() != null) {
      u.displayName = request.displayName();
    }
    if (changed.hash() != null) {
      u.passwordHash = changed.hash();
      String kept = self ? keptSession : null;
      revoked = revoked.flatMap(n -> tokens.revokeSessionsOf(u.id, kept, now));
    }
    return revoked.flatMap(n -> audit(caller, "user.update", u)).replaceWith(u);
  }

  /** Deletes a user the caller manages; nobody deletes itself. */
  @WithTransaction
  public Uni<Void> delete(Caller caller, String id) {
    return visible(caller, id)
        .flatMap(
            u -> {
              if (u.id.equals(caller.subject()) || !grant(u).managedBy(caller)) {
                throw ApiErrors.forbidden("you cannot delete this user");
              }
              return users.delete(u).call(() -> audit(caller, "user.delete", u));
            });
  }

  /** The user, if it is the caller or one it manages: a 404 otherwise, as if it did not exist. */
  private Uni<AppUser> visible(Caller caller, String id) {
    return users
        .findById(id)
        .map(
            u -> {
              if (u == null || !(u.id.equals(caller.subject()) || grant(u).managedBy(caller))) {
                throw ApiErrors.notFound("user", id);
              }
              return u;
            });
  }

  private static Grant grant(AppUser u) {
    return new Grant(Role.of(u.role).orElseThrow(), u.parkId, u.enterpriseId);
  }

  private static void requireManager(Caller caller) {
    if (caller.role() == Role.ENTERPRISE_VIEWER) {
      throw ApiErrors.forbidden("viewers do not manage users");
    }
  }

  private static void requirePassword(String password) {
    require(
        password != null && password.length() >= MIN_PASSWORD,
        "password",
        "needs at least " + MIN_PASSWORD + " characters");
  }

  private Uni<Void> audit(Caller caller, String action, AppUser u) {
    return auditLog.record(
        caller,
        action,
        "user",
        u.id,
        u.parkId,
        u.enterpriseId,
        Map.of("role", u.role, "enabled", u.enabled));
  }
}
