package io.parkpulse.platform.mu;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** 亩均 inputs. */
@ApplicationScoped
public class MuInputRepository implements PanacheRepositoryBase<MuInputRow, MuInputRow.Key> {

  public Uni<MuInputRow> find(String enterprise, int year) {
    return findById(new MuInputRow.Key(enterprise, year));
  }

  /** The inputs of a park's enterprises for a year. */
  public Uni<List<MuInputRow>> ofPark(String park, int year) {
    return list(
        "year = ?1 and enterpriseId in (select e.id from Enterprise e where e.parkId = ?2)",
        year,
        park);
  }
}
