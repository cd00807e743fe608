package io.parkpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parkpulse.devstack.kafka.KafkaBroker;
import io.parkpulse.devstack.kafka.KafkaLogin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The broker as the bundled deployments run it: every client logs in, nothing without an ACL. */
class SecuredKafkaBrokerTest {

  private final KafkaBroker broker = KafkaBroker.sharedSecured();

  @Test
  void platformIsSuperUserAndGatewayMayDoNothingUngranted() throws Exception {
    try (Admin platform = Admin.create(broker.login("platform").client(Map.of()))) {
      platform
          .createTopics(List.of(new NewTopic("secured-roundtrip", 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    try (var producer = producer(broker.login("platform"))) {
      producer.send(new ProducerRecord<>("secured-roundtrip", "k", "v")).get(30, TimeUnit.SECONDS);
    }
    try (var producer = producer(broker.login("gateway"))) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(new ProducerRecord<>("secured-roundtrip", "k", "v"))
                      .get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void wrongPasswordIsRefused() {
    KafkaLogin wrong = KafkaLogin.scram(broker.bootstrapServers(), "gateway", "not-the-password");
    try (Admin admin = Admin.create(wrong.client(Map.of()))) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void appEnvironmentCarriesTheLoginAndThePlatformManagesAcls() {
    assertThat(broker.gatewayEnv())
        .containsEntry("PARKPULSE_GATEWAY_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
        .containsEntry("PARKPULSE_GATEWAY_KAFKA_SECURITY_SASL_USERNAME", "gateway")
        .containsEntry("PARKPULSE_GATEWAY_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    assertThat(broker.platformEnv())
        .containsEntry("PARKPULSE_PLATFORM_KAFKA_SECURITY_SASL_USERNAME", "platform")
        .containsEntry("PARKPULSE_PLATFORM_KAFKA_ACCESS_ENABLED", "true");
  }

  private static KafkaProducer<String, String> producer(KafkaLogin login) {
    return new KafkaProducer<>(
        login.client(Map.of("acks", "all", "max.block.ms", 20_000)),
        new StringSerializer(),
        new StringSerializer());
  }
}
