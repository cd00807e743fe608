package io.parkpulse.platform.energy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;

/**
 * Marks published months whose figures a change may have altered, for the energy job to publish
 * again: a declaration, a factor or a park's province changed after the month was published.
 */
@ApplicationScoped
public class EnergyMonthStaleRepository {

  /**
   * Marks the months from {@code from} to {@code through} (no end if null) that were published for
   * {@code park}, or for every park if null, in the caller's transaction.
   */
  public Uni<Integer> markPublished(String park, LocalDate from, LocalDate through) {
    return Panache.getSession()
        .flatMap(
            s ->
                s.createNativeQuery(
                        "INSERT INTO energy_month_stale (park, month)"
                            + " SELECT DISTINCT park, month FROM energy_month_record"
                            + " WHERE month >= :from"
                            + " AND (CAST(:through AS date) IS NULL OR month <= CAST(:through AS date))"
                            + " AND (CAST(:park AS text) IS NULL"
                            + " OR park = CAST(:park AS text))"
                            + " ON CONFLICT (park, month) DO NOTHING")
                    .setParameter("from", from)
                    .setParameter("through", through)
                    .setParameter("park", park)
                    .executeUpdate());
  }
}
