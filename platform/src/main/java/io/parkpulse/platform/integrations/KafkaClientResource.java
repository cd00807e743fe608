package io.parkpulse.platform.integrations;

import io.parkpulse.platform.integrations.readmodel.KafkaClients.KafkaClient;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The Kafka clients of an enterprise that the platform has seen (consumer groups named {@code
 * {prefix}.{park}.{enterprise}.{system}} reading its park's topics): the evidence behind the Kafka
 * half of O9. Whoever sees the enterprise sees them.
 */
@Path("/api/v1/enterprises/{enterprise}/kafka-clients")
@Produces(MediaType.APPLICATION_JSON)
public class KafkaClientResource {

  private final KafkaClientService clients;
  private final SecurityIdentity identity;

  KafkaClientResource(KafkaClientService clients, SecurityIdentity identity) {
    this.clients = clients;
    this.identity = identity;
  }

  /** The enterprise's clients, most recently active first. */
  @GET
  public Uni<List<KafkaClient>> list(@PathParam("enterprise") String enterprise) {
    return clients.list(Caller.of(identity), enterprise);
  }
}
