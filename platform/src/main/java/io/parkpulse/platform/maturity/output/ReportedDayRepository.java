package io.parkpulse.platform.maturity.output;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.LocalDate;
import java.util.List;

/** Reported output, in the caller's reactive session. */
@ApplicationScoped
public class ReportedDayRepository implements PanacheRepositoryBase<ReportedDay, ReportedDay.Key> {

  /** The day as reported, locked until the transaction ends, or null. */
  Uni<ReportedDay> forUpdate(String enterprise, LocalDate day) {
    return findById(new ReportedDay.Key(enterprise, day), LockModeType.PESSIMISTIC_WRITE);
  }

  /** The days reported from {@code first} to {@code last}, both included, oldest first. */
  Uni<List<ReportedDay>> between(String enterprise, LocalDate first, LocalDate last) {
    return list(
        "enterpriseId = ?1 and date between ?2 and ?3 order by date", enterprise, first, last);
  }
}
