package io.parkpulse.platform.access;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.SecretHash;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.Audit;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Grant;
import io.parkpulse.platform.tenancy.Role;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Users: each admin manages the users of its own scope and below. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

  /** User ids: lowercase letters, digits and {@code . _ @ -}, 2 to 100 characters. */
  static final Pattern USER_ID = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,99}");

  static final int MIN_PASSWORD = 10;

  private final SecurityIdentity identity;
  private final TenancyGate gate;
  private final Workers workers;

  UserResource(SecurityIdentity identity, Workers workers, TenancyGate gate) {
    this.gate = gate;
    this.identity = identity;
    this.workers = workers;
  }

  /** What a user is created or updated with; on update only name, password and enabled apply. */
  public record UserRequest(
      String id,
      String displayName,
      String password,
      String role,
      String park,
      String enterprise,
      Boolean enabled) {}

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

  @GET
  public Uni<List<UserView>> list() {
    Caller caller = caller();
    requireManager(caller);
    return Panache.withSession(
            () ->
                switch (caller.role()) {
                  case PLATFORM_ADMIN -> AppUser.<AppUser>listAll(Sort.by("id"));
                  case PARK_OPERATOR ->
                      AppUser.<AppUser>list(
                          "parkId = :p", Sort.by("id"), Parameters.with("p", caller.park()));
                  default ->
                      AppUser.<AppUser>list(
                          "enterpriseId = :e",
                          Sort.by("id"),
                          Parameters.with("e", caller.enterprise()));
                })
        .map(l -> l.stream().map(UserView::of).toList());
  }

  @GET
  @Path("/{user}")
  public Uni<UserView> get(@PathParam("user") String id) {
    Caller caller = caller();
    return Panache.withSession(() -> visible(caller, id)).map(UserView::of);
  }

  @POST
  public Uni<Response> create(UserRequest request) {
    Caller caller = caller();
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
        .run(() -> SecretHash.hash(request.password()))
        .flatMap(
            hash ->
                Panache.withTransaction(
                    () ->
                        Grant.resolve(
                                gate, caller, request.role(), request.park(), request.enterprise())
                            .flatMap(
                                grant ->
                                    AppUser.<AppUser>findById(request.id())
                                        .flatMap(
                                            existing -> {
                                              if (existing != null) {
                                                throw ApiErrors.conflict(
                                                    "user '" + request.id() + "' exists");
                                              }
                                              AppUser u = new AppUser();
                                              u.id = request.id();
                                              u.displayName = request.displayName();
                                              u.passwordHash = hash;
                                              u.role = grant.role().id();
                                              u.parkId = grant.park();
                                              u.enterpriseId = grant.enterprise();
                                              u.enabled =
                                                  request.enabled() == null || request.enabled();
                                              return u.<AppUser>persist()
                                                  .call(() -> audit(caller, "user.create", u));
                                            }))))
        .map(u -> Response.status(Response.Status.CREATED).entity(UserView.of(u)).build());
  }

  @PUT
  @Path("/{user}")
  public Uni<UserView> update(@PathParam("user") String id, UserRequest request) {
    Caller caller = caller();
    require(request != null, "body", "is required");
    require(
        request.role() == null && request.park() == null && request.enterprise() == null,
        "role",
        "a user's role and scope do not change: create another user");
    if (request.password() != null) {
      requirePassword(request.password());
    }
    Uni<String> hash =
        request.password() == null
            ? Uni.createFrom().nullItem()
            : workers.run(() -> SecretHash.hash(request.password()));
    return hash.flatMap(
            h ->
                Panache.withTransaction(
                    () ->
                        visible(caller, id)
                            .flatMap(
                                u -> {
                                  boolean self = u.id.equals(caller.subject());
                                  if (!self && !grant(u).managedBy(caller)) {
                                    throw ApiErrors.forbidden("you cannot change this user");
                                  }
                                  if (request.enabled() != null) {
                                    require(!self, "enabled", "you cannot disable yourself");
                                    u.enabled = request.enabled();
                                  }
                                  if (request.displayName() != null) {
                                    u.displayName = request.displayName();
                                  }
                                  if (h != null) {
                                    u.passwordHash = h;
                                  }
                                  return audit(caller, "user.update", u).replaceWith(u);
                                })))
        .map(UserView::of);
  }

  @DELETE
  @Path("/{user}")
  public Uni<Response> delete(@PathParam("user") String id) {
    Caller caller = caller();
    return Panache.withTransaction(
            () ->
                visible(caller, id)
                    .flatMap(
                        u -> {
                          if (u.id.equals(caller.subject()) || !grant(u).managedBy(caller)) {
                            throw ApiErrors.forbidden("you cannot delete this user");
                          }
                          return u.delete().call(() -> audit(caller, "user.delete", u));
                        }))
        .replaceWith(Response.noContent().build());
  }

  private static Uni<AppUser> visible(Caller caller, String id) {
    return AppUser.<AppUser>findById(id)
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

  private static Uni<Void> audit(Caller caller, String action, AppUser u) {
    return Audit.record(
        caller,
        action,
        "user",
        u.id,
        u.parkId,
        u.enterpriseId,
        Map.of("role", u.role, "enabled", u.enabled));
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
