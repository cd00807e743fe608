package io.parkpulse.platform.topics;

import io.parkpulse.platform.PlatformConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.ResourceNotFoundException;

/**
 * Grants Kafka access through the Admin API, when {@code parkpulse.platform.kafka.access.enabled}:
 * the gateway's ACLs ({@link KafkaAcls}) and the SCRAM users of park integrators. Blocking: call
 * off the event loop.
 */
@ApplicationScoped
public class KafkaAccess {

  /** The SASL mechanism of the users the platform makes. */
  public static final String MECHANISM = "SCRAM-SHA-512";

  private static final int SCRAM_ITERATIONS = 8192;
  private static final long TIMEOUT_SECONDS = 30;

  private final PlatformConfig config;

  KafkaAccess(PlatformConfig config) {
    this.config = config;
  }

  /** Whether the platform manages ACLs and issues park credentials. */
  public boolean enabled() {
    return config.kafka().access().enabled();
  }

  /**
   * The security protocol an integrator uses: the platform's own when it logs in with SASL (over
   * TLS or not), else plain SASL.
   */
  public String securityProtocol() {
    String own = config.kafka().security().protocol();
    return own.startsWith("SASL_") ? own : "SASL_PLAINTEXT";
  }

  /** The bootstrap servers an integrator uses. */
  public String bootstrapServers() {
    return config
        .kafka()
        .access()
        .publicBootstrapServers()
        .orElse(config.kafka().bootstrapServers());
  }

  /**
   * Grants the gateway its ACLs on the global topics and on those of {@code parks}, if access is
   * managed here. Existing ACLs stay as they are, so this may run any number of times.
   */
  public void grantGateway(Admin admin, List<String> parks)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (!enabled()) {
      return;
    }
    String prefix = config.topicPrefix();
    String user = config.kafka().access().gatewayUser();
    List<AclBinding> acls = new ArrayList<>(KafkaAcls.gatewayGlobal(prefix, user));
    for (String park : parks) {
      acls.addAll(KafkaAcls.gatewayPark(prefix, user, park));
    }
    try {
      admin.createAcls(acls).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ClusterAuthorizationException) {
        throw new IllegalStateException(
            "The platform's Kafka user may not manage ACLs: make it a super user of the cluster"
                + " (super.users), or set parkpulse.platform.kafka.access.enabled=false"
                + " (PARKPULSE_PLATFORM_KAFKA_ACCESS_ENABLED) and grant the gateway's ACLs where"
                + " the cluster is run",
            e.getCause());
      }
      throw e;
    }
  }

  /**
   * Creates the SCRAM user {@code user} with {@code password}, allowed to read {@code park}'s
   * topics and nothing else.
   */
  public void grantIntegrator(String park, String user, String password)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = admin()) {
      // The ACLs first: if the user cannot be made after them, nobody can use them.
      admin
          .createAcls(KafkaAcls.integrator(config.topicPrefix(), park, user))
          .all()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user,
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                      password)))
          .all()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /**
   * Removes every ACL of {@code user} and its SCRAM credential: its connections are refused from
   * their next request. Removing what is gone already is no error.
   */
  public void revoke(String user)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = admin()) {
      // The login first, so that no new connection is made while the ACLs go; sessions open now
      // lose their rights with the ACLs.
      try {
        admin
            .alterUserScramCredentials(
                List.of(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)))
            .all()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof ResourceNotFoundException)) {
          throw e;
        }
      }
      admin.deleteAcls(List.of(KafkaAcls.allOf(user))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  private Admin admin() {
    return Admin.create(config.kafka().client(Map.of()));
  }
}
