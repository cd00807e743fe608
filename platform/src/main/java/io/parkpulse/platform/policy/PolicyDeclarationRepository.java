package io.parkpulse.platform.policy;

import io.parkpulse.platform.maturity.declarations.Declarations;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Parks' policy declarations. */
@ApplicationScoped
public class PolicyDeclarationRepository
    implements PanacheRepositoryBase<PolicyDeclaration, PolicyDeclaration.Key> {

  public Uni<PolicyDeclaration> declaration(String park, String kpi) {
    return findById(new PolicyDeclaration.Key(park, kpi));
  }

  /** The declaration with its evidence read, to replace or download it. */
  public Uni<PolicyDeclaration> withEvidence(String park, String kpi) {
    return Declarations.withAttachment(
        declaration(park, kpi), this::getSession, PolicyDeclaration.class);
  }

  public Uni<List<PolicyDeclaration>> ofPark(String park) {
    return list("parkId", park);
  }
}
