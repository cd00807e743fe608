package io.parkpulse.platform.tenancy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Enterprises, in the caller's reactive session. */
@ApplicationScoped
public class EnterpriseRepository implements PanacheRepositoryBase<Enterprise, String> {

  /** The enterprises {@code scope} holds, optionally of one park only, by id. */
  public Uni<List<Enterprise>> inScope(Scope scope, String park) {
    Scope.HqlFilter filter = scope.hql("parkId", "id");
    Map<String, Object> params = new HashMap<>(filter.params());
    String query = "1 = 1" + filter.clause();
    if (park != null) {
      query += " and parkId = :park";
      params.put("park", park);
    }
    return list(query + " order by id", params);
  }

  /** The enterprises of {@code park}, by id. */
  public Uni<List<Enterprise>> ofPark(String park) {
    return list("parkId = ?1 order by id", park);
  }
}
