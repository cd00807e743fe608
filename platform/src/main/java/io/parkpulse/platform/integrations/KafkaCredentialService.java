package io.parkpulse.platform.integrations;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.model.Ids;
import io.parkpulse.platform.PlatformConfig;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.audit.AuditLog;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.parkpulse.platform.topics.KafkaAccess;
import io.parkpulse.platform.topics.KafkaAcls;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The Kafka credentials a park's operator issues to the park's integrators: a SCRAM user of the
 * brokers that may read the park's topics, and use consumer groups named after the park, and do
 * nothing else. The password is shown once, at issue; Kafka keeps only its salted hash. Revoking
 * removes the user and its ACLs: its clients are refused from their next request.
 */
@ApplicationScoped
public class KafkaCredentialService {

  private static final Logger LOG = Logger.getLogger(KafkaCredentialService.class);
  private static final String OPERATORS =
      "only the park's operator issues, lists and revokes its Kafka credentials";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KafkaCredentialRepository credentials;
  private final TenancyGate gate;
  private final KafkaAccess access;
  private final Workers workers;
  private final AuditLog audit;
  private final String topicPrefix;

  KafkaCredentialService(
      KafkaCredentialRepository credentials,
      TenancyGate gate,
      KafkaAccess access,
      Workers workers,
      AuditLog audit,
      PlatformConfig config) {
    this.credentials = credentials;
    this.gate = gate;
    this.access = access;
    this.workers = workers;
    this.audit = audit;
    this.topicPrefix = config.topicPrefix();
  }

  /** What a credential is issued with: a name saying who uses it, e.g. {@code mes-vendor}. */
  public record CredentialRequest(String name) {}

  /** A credential as the API lists it; never its password. */
  public record CredentialView(
      String name,
      String park,
      String username,
      String topicPrefix,
      String groupPrefix,
      String createdBy,
      Instant createdAt) {}

  /**
   * A new credential and what a Kafka client needs to use it: {@code password} is shown this once.
   */
  public record IssuedCredential(
      CredentialView credential,
      String password,
      String bootstrapServers,
      String securityProtocol,
      String saslMechanism) {}

  /** Whether this platform issues credentials: it manages the Kafka cluster's users and ACLs. */
  public boolean managed() {
    return access.enabled();
  }

  /** The park's credentials, oldest first: for its operator and platform admins. */
  @WithSession
  public Uni<List<CredentialView>> list(Caller caller, String park) {
    return gate.managedPark(caller, park, OPERATORS)
        .flatMap(p -> credentials.ofPark(p.id))
        .map(list -> list.stream().map(this::view).toList());
  }

  /**
   * Issues a credential named {@code request.name()} for the park: a 409 if the park has one of
   * that name, or if Kafka access is not managed by this platform; a 503 if Kafka does not take it.
   */
  public Uni<IssuedCredential> issue(Caller caller, String park, CredentialRequest request) {
    require(request != null, "body", "is required");
    require(
        Ids.isValid(request.name()),
        "name",
        "must match " + Ids.SLUG.pattern() + ", e.g. the system that uses it: mes-vendor");
    String password = newPassword();
    return Panache.withTransaction(
            () ->
                gate.managedPark(caller, park, OPERATORS)
                    .invoke(p -> requireManaged())
                    .flatMap(p -> insert(caller, p.id, request.name()))
                    .call(c -> kafka(() -> access.grantIntegrator(c.parkId, c.username, password)))
                    .call(
                        c ->
                            audit.record(
                                caller,
                                "park.kafka-credential.issue",
                                "kafka-credential",
                                c.username,
                                c.parkId,
                                null,
                                Map.of("name", c.name))))
        .map(
            c ->
                new IssuedCredential(
                    view(c),
                    password,
                    access.bootstrapServers(),
                    access.securityProtocol(),
                    KafkaAccess.MECHANISM));
  }

  /** Revokes the park's credential {@code name}: its Kafka user and ACLs are removed. */
  public Uni<Void> revoke(Caller caller, String park, String name) {
    return Panache.withTransaction(
            () ->
                gate.managedPark(caller, park, OPERATORS)
                    .invoke(p -> requireManaged())
                    .flatMap(p -> credentials.find(p.id, name))
                    .invoke(
                        c -> {
                          if (c == null) {
                            throw ApiErrors.notFound("Kafka credential", name);
                          }
                        })
                    .call(credentials::delete)
                    .call(c -> kafka(() -> access.revoke(c.username)))
                    .call(
                        c ->
                            audit.record(
                                caller,
                                "park.kafka-credential.revoke",
                                "kafka-credential",
                                c.username,
                                c.parkId,
                                null,
                                Map.of("name", c.name))))
        .replaceWithVoid();
  }

  private Uni<KafkaCredential> insert(Caller caller, String park, String name) {
    return credentials
        .find(park, name)
        .flatMap(
            existing -> {
              if (existing != null) {
                throw ApiErrors.conflict(
                    "park '" + park + "' already has a Kafka credential named '" + name + "'");
              }
              KafkaCredential c = new KafkaCredential();
              c.username = username(park, name);
              c.parkId = park;
              c.name = name;
              c.createdBy = caller.subject();
              c.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
              return credentials.persistAndFlush(c);
            });
  }

  /** The SCRAM user of a park's credential: unique, and telling whose it is. */
  static String username(String park, String name) {
    return "park." + park + "." + name;
  }

  private CredentialView view(KafkaCredential c) {
    String prefix = KafkaAcls.parkPrefix(topicPrefix, c.parkId);
    return new CredentialView(
        c.name, c.parkId, c.username, prefix, prefix, c.createdBy, c.createdAt);
  }

  private void requireManaged() {
    if (!access.enabled()) {
      throw ApiErrors.conflict(
          "this platform does not manage Kafka access (parkpulse.platform.kafka.access.enabled"
              + " is false): Kafka users and ACLs are kept where the cluster is run");
    }
  }

  /** Kafka admin work that may fail. */
  private interface KafkaWork {
    void run() throws InterruptedException, ExecutionException, TimeoutException;
  }

  /** Runs Kafka admin work off the event loop; Kafka's failures answer 503. */
  private Uni<Void> kafka(KafkaWork work) {
    return workers.run(
        () -> {
          try {
            work.run();
          } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Kafka did not take a credential change: %s", e.toString());
            throw ApiErrors.unavailable(
                "Kafka did not take the change; the credential is as it was here: try again");
          }
          return null;
        });
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
