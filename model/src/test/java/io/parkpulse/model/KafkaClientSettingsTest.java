package io.parkpulse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

  @Test
  void plaintextAddsOnlyTheBrokers() {
    Map<String, Object> client =
        new KafkaClientSettings(
                "k1:9092",
                "PLAINTEXT",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty())
            .with(Map.of("client.id", "x"));

    assertThat(client)
        .containsEntry("bootstrap.servers", "k1:9092")
        .containsEntry("security.protocol", "PLAINTEXT")
        .containsEntry("client.id", "x")
        .doesNotContainKeys("sasl.jaas.config", "ssl.truststore.location");
  }

  @Test
  void saslSslBuildsTheLoginModuleAndTrustsThePemFile() {
    Map<String, Object> client =
        new KafkaClientSettings(
                "k1:9093",
                "SASL_SSL",
                Optional.of("SCRAM-SHA-512"),
                Optional.of("park-gateway"),
                Optional.of("pa\"ss\\word"),
                Optional.of("/etc/kafka-ca/ca.crt"))
            .with(Map.of());

    assertThat(client)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"park-gateway\" password=\"pa\\\"ss\\\\word\";")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.crt");
  }

  @Test
  void plainMechanismUsesThePlainLoginModule() {
    assertThat(
            new KafkaClientSettings(
                    "k:9092",
                    "SASL_PLAINTEXT",
                    Optional.of("PLAIN"),
                    Optional.of("u"),
                    Optional.of("p"),
                    Optional.empty())
                .with(Map.of())
                .get("sasl.jaas.config"))
        .asString()
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
  }

  @Test
  void refusesAnUnknownProtocolAndSaslWithoutCredentials() {
    assertThatThrownBy(
            () ->
                new KafkaClientSettings(
                    "k:9092",
                    "TLS",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    assertThatThrownBy(
            () ->
                new KafkaClientSettings(
                    "k:9092",
                    "SASL_SSL",
                    Optional.empty(),
                    Optional.of("u"),
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("needs a SASL username and password");
  }
}
