package io.parkpulse.platform.tenancy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Enterprises, in the caller's reactive session. */
@ApplicationScoped
public class EnterpriseRepository implements PanacheRepositoryBase<Enterprise, String> {

  /** The enterprises of {@code park}, by id. */
  public Uni<List<Enterprise>> ofPark(String park) {
    return list("parkId = ?1 order by id", park);
  }
}
