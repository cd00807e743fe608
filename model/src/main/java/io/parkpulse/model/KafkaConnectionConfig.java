package io.parkpulse.model;

import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * The Kafka settings the gateway's and the platform's configurations share (their {@code kafka}
 * groups extend this): where the brokers are and how to authenticate to them.
 */
public interface KafkaConnectionConfig {

  /** Kafka bootstrap servers, {@code host:port[,host:port]}. Default {@code localhost:9092}. */
  @WithDefault("localhost:9092")
  String bootstrapServers();

  /** How the clients authenticate to Kafka. */
  Security security();

  /** {@code settings} of one Kafka client, with the brokers and the security added. */
  default Map<String, Object> client(Map<String, Object> settings) {
    Security s = security();
    return new KafkaClientSettings(
            bootstrapServers(),
            s.protocol(),
            s.saslMechanism(),
            s.saslUsername(),
            s.saslPassword(),
            s.truststore())
        .with(settings);
  }

  /** TLS and SASL towards Kafka, as a managed cluster (Strimzi, a cloud service) requires. */
  interface Security {
    /**
     * {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}. Default {@code
     * PLAINTEXT}.
     */
    @WithDefault("PLAINTEXT")
    String protocol();

    /** {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512} (the default) for SASL. */
    Optional<String> saslMechanism();

    /** The SASL user. */
    Optional<String> saslUsername();

    /** The SASL password. */
    Optional<String> saslPassword();

    /** A PEM file of the CA certificates to trust for TLS; the JVM's when not set. */
    Optional<String> truststore();
  }
}
