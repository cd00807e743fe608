package io.parkpulse.platform.access;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.api.ApiErrors;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Long-lived API tokens for integrators and automation, scoped like users and revocable. The token
 * is shown once, at creation.
 */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

  private final SecurityIdentity identity;
  private final TenancyGate gate;

  TokenResource(SecurityIdentity identity, TenancyGate gate) {
    this.gate = gate;
    this.identity = identity;
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

  @GET
  public Uni<List<TokenView>> list() {
    Caller caller = caller();
    requireManager(caller);
    return Panache.withSession(
            () ->
                switch (caller.role()) {
                  case PLATFORM_ADMIN ->
                      ApiToken.<ApiToken>list("kind = 'api'", Sort.by("createdAt"));
                  case PARK_OPERATOR ->
                      ApiToken.<ApiToken>list(
                          "kind = 'api' and parkId = :p",
                          Sort.by("createdAt"),
                          Parameters.with("p", caller.park()));
                  default ->
                      ApiToken.<ApiToken>list(
                          "kind = 'api' and enterpriseId = :e",
                          Sort.by("createdAt"),
                          Parameters.with("e", caller.enterprise()));
                })
        .map(l -> l.stream().map(TokenView::of).toList());
  }

  @POST
  public Uni<Response> create(TokenRequest request) {
    Caller caller = caller();
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
            () ->
                Grant.resolve(gate, caller, request.role(), request.park(), request.enterprise())
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
                          t.createdBy = caller.subject();
                          t.createdAt = Instant.now();
                          t.expiresAt = request.expiresAt();
                          return t.<ApiToken>persist().call(() -> audit(caller, "token.create", t));
                        }))
        .map(
            t ->
                Response.status(Response.Status.CREATED)
                    .entity(new CreatedToken(t.id, token, TokenView.of(t)))
                    .build());
  }

  /** Revokes the token at once: the next request made with it is refused. */
  @DELETE
  @Path("/{id}")
  public Uni<Response> revoke(@PathParam("id") String id) {
    Caller caller = caller();
    return Panache.withTransaction(
            () ->
                ApiToken.<ApiToken>findById(id)
                    .flatMap(
                        t -> {
                          Grant grant =
                              t == null
                                  ? null
                                  : new Grant(
                                      Role.of(t.role).orElseThrow(), t.parkId, t.enterpriseId);
                          if (grant == null || !"api".equals(t.kind) || !grant.visibleTo(caller)) {
                            throw ApiErrors.notFound("token", id);
                          }
                          if (!grant.managedBy(caller)) {
                            throw ApiErrors.forbidden("you cannot revoke this token");
                          }
                          if (t.revokedAt == null) {
                            t.revokedAt = Instant.now();
                          }
                          return audit(caller, "token.revoke", t);
                        }))
        .replaceWith(Response.noContent().build());
  }

  private static void requireManager(Caller caller) {
    if (caller.role() == Role.ENTERPRISE_VIEWER) {
      throw ApiErrors.forbidden("viewers do not manage API tokens");
    }
  }

  private static Uni<Void> audit(Caller caller, String action, ApiToken t) {
    return Audit.record(
        caller,
        action,
        "token",
        t.id,
        t.parkId,
        t.enterpriseId,
        Map.of("name", t.name, "role", t.role));
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
