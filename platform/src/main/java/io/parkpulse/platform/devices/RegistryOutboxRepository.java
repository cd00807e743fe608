package io.parkpulse.platform.devices;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The registry outbox, in the reactive session of the change that queues a record. */
@ApplicationScoped
public class RegistryOutboxRepository implements PanacheRepositoryBase<RegistryOutboxRecord, Long> {

  /**
   * Takes the transaction-scoped PostgreSQL advisory lock {@code key} if no other transaction holds
   * it.
   *
   * @return whether this transaction holds it now
   */
  public Uni<Boolean> tryLock(long key) {
    return getSession()
        .flatMap(
            s ->
                s.createNativeQuery("SELECT pg_try_advisory_xact_lock(" + key + ")", Boolean.class)
                    .getSingleResult());
  }

  /** The {@code limit} oldest records, oldest first. */
  public Uni<List<RegistryOutboxRecord>> oldest(int limit) {
    return find("order by id").range(0, limit - 1).list();
  }

  /** Deletes the records {@code ids}, once published. */
  public Uni<Long> deleteAll(List<Long> ids) {
    return delete("id in ?1", ids);
  }
}
