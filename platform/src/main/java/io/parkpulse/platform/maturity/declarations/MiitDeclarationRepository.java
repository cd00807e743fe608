package io.parkpulse.platform.maturity.declarations;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** MIIT declarations. */
@ApplicationScoped
public class MiitDeclarationRepository
    implements PanacheRepositoryBase<MiitDeclaration, MiitDeclaration.Key>,
        DeclarationRepository<MiitDeclaration> {

  @Override
  public Uni<MiitDeclaration> declaration(String enterprise, String key) {
    return findById(new MiitDeclaration.Key(enterprise, key));
  }

  @Override
  public Uni<MiitDeclaration> withEvidence(String enterprise, String key) {
    return Declarations.withAttachment(
        declaration(enterprise, key), this::getSession, MiitDeclaration.class);
  }

  @Override
  public Uni<List<MiitDeclaration>> ofEnterprise(String enterprise) {
    return list("enterpriseId", enterprise);
  }

  @Override
  public Uni<MiitDeclaration> keep(MiitDeclaration declaration) {
    return persistAndFlush(declaration);
  }
}
