package io.parkpulse.platform.devices;

import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Publishes a park's whole device registry again from PostgreSQL: after a restore of the database
 * onto a new Kafka cluster, or whenever the registry topic is in doubt. The gateways take the
 * entries as they take any change.
 */
@ApplicationScoped
public class RegistryService {

  private static final String OPERATORS = "only the park's operator republishes its registry";

  private final TenancyGate gate;
  private final RegistryOutbox outbox;
  private final AuditLog audit;

  RegistryService(TenancyGate gate, RegistryOutbox outbox, AuditLog audit) {
    this.gate = gate;
    this.outbox = outbox;
    this.audit = audit;
  }

  /** Queues the entry of every device of the park for the registry topic. */
  @WithTransaction
  public Uni<Void> republish(Caller caller, String park) {
    return gate.managedPark(caller, park, OPERATORS)
        .call(outbox::publishPark)
        .call(
            p ->
                audit.record(caller, "park.registry.republish", "park", p.id, p.id, null, Map.of()))
        .replaceWithVoid();
  }
}
