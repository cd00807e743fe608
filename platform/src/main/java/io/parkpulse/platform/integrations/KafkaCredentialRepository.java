package io.parkpulse.platform.integrations;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The park Kafka credentials, in the caller's reactive session. */
@ApplicationScoped
public class KafkaCredentialRepository implements PanacheRepositoryBase<KafkaCredential, String> {

  /** The credentials of {@code park}, oldest first. */
  public Uni<List<KafkaCredential>> ofPark(String park) {
    return list("parkId", Sort.by("createdAt").and("name"), park);
  }

  /** The credential {@code name} of {@code park}, or null. */
  public Uni<KafkaCredential> find(String park, String name) {
    return find("parkId = :park and name = :name", Parameters.with("park", park).and("name", name))
        .firstResult();
  }

  /** How many credentials {@code park} has. */
  public Uni<Long> countOfPark(String park) {
    return count("parkId", park);
  }
}
