package io.parkpulse.platform.access;

import io.parkpulse.platform.tenancy.Role;
import io.parkpulse.platform.tenancy.Scope;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Users, in the caller's reactive session. */
@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<AppUser, String> {

  /** The users held within {@code scope}, by id. */
  public Uni<List<AppUser>> inScope(Scope scope) {
    Scope.HqlFilter filter = scope.hql("parkId", "enterpriseId");
    return list("1 = 1" + filter.clause(), Sort.by("id"), filter.params());
  }

  /**
   * Creates the first platform admin if there is no user at all, in one statement so that replicas
   * starting together create it once.
   *
   * @return whether it was created
   */
  public Uni<Boolean> createFirstAdmin(String id, String passwordHash) {
    return getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "INSERT INTO app_user (id, display_name, password_hash, role, enabled)"
                            + " SELECT :id, 'Platform administrator', :hash, :role, true"
                            + " WHERE NOT EXISTS (SELECT 1 FROM app_user)")
                    .setParameter("id", id)
                    .setParameter("hash", passwordHash)
                    .setParameter("role", Role.PLATFORM_ADMIN.id())
                    .executeUpdate())
        .map(inserted -> inserted == 1);
  }
}
