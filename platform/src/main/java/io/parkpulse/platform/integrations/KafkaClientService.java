package io.parkpulse.platform.integrations;

import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.integrations.readmodel.KafkaClients;
import io.parkpulse.platform.integrations.readmodel.KafkaClients.KafkaClient;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The Kafka clients of an enterprise that the platform has seen: the evidence behind the Kafka half
 * of O9. Whoever sees the enterprise sees them.
 */
@ApplicationScoped
public class KafkaClientService {

  private final KafkaClients clients;
  private final TenancyGate gate;
  private final Workers workers;

  KafkaClientService(KafkaClients clients, TenancyGate gate, Workers workers) {
    this.clients = clients;
    this.gate = gate;
    this.workers = workers;
  }

  /** The enterprise's clients, most recently active first; a 404 outside the caller's scope. */
  @WithSession
  public Uni<List<KafkaClient>> list(Caller caller, String enterprise) {
    return gate.enterprise(caller, enterprise).flatMap(e -> workers.run(() -> clients.of(e.id)));
  }
}
