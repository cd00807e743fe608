package io.parkpulse.platform.tenancy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Ids of deleted parks and enterprises, which are never used again. */
@ApplicationScoped
public class RetiredIdRepository implements PanacheRepositoryBase<RetiredId, RetiredId.Key> {

  /** Whether {@code id} of {@code kind} was deleted once. */
  public Uni<Boolean> isRetired(String kind, String id) {
    return count("kind = ?1 and id = ?2", kind, id).map(n -> n > 0);
  }

  /** Retires {@code id} of {@code kind}, which belonged to {@code park}. */
  public Uni<Void> retire(String kind, String id, String park) {
    RetiredId r = new RetiredId();
    r.kind = kind;
    r.id = id;
    r.parkId = park;
    r.retiredAt = Instant.now();
    return persist(r).replaceWithVoid();
  }
}
