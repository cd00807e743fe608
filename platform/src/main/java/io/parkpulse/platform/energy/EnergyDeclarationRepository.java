package io.parkpulse.platform.energy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;

/** Enterprises' monthly energy declarations. */
@ApplicationScoped
public class EnergyDeclarationRepository
    implements PanacheRepositoryBase<EnergyDeclaration, EnergyDeclaration.Key> {

  /** An enterprise's declarations from {@code from} until before {@code to}, by month. */
  public Uni<List<EnergyDeclaration>> of(String enterprise, LocalDate from, LocalDate to) {
    return list(
        "enterpriseId = ?1 and month >= ?2 and month < ?3 order by month, carrier",
        enterprise,
        from,
        to);
  }

  public Uni<EnergyDeclaration> find(String enterprise, LocalDate month, String carrier) {
    return findById(new EnergyDeclaration.Key(enterprise, month, carrier));
  }
}
