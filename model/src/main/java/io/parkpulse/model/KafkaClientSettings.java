package io.parkpulse.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings every Kafka client of the gateway and the platform shares: where the brokers are and
 * how to authenticate to them (TLS, SASL PLAIN or SCRAM), in Kafka's own property names.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param protocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
 * @param saslMechanism {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}, for SASL
 * @param username the SASL user
 * @param password the SASL password
 * @param truststore a PEM file of the CA certificates to trust for TLS; the JVM's when absent
 */
public record KafkaClientSettings(
    String bootstrapServers,
    String protocol,
    Optional<String> saslMechanism,
    Optional<String> username,
    Optional<String> password,
    Optional<String> truststore) {

  public KafkaClientSettings {
    if (!Map.of("PLAINTEXT", 0, "SSL", 0, "SASL_PLAINTEXT", 0, "SASL_SSL", 0)
        .containsKey(protocol)) {
      throw new IllegalArgumentException(
          "Kafka security protocol '"
              + protocol
              + "' must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    }
    if (protocol.startsWith("SASL_") && (username.isEmpty() || password.isEmpty())) {
      throw new IllegalArgumentException(
          "Kafka security protocol " + protocol + " needs a SASL username and password");
    }
  }

  /** {@code settings} of one client, with the brokers and the security added. */
  public Map<String, Object> with(Map<String, Object> settings) {
    Map<String, Object> all = new HashMap<>(settings);
    all.put("bootstrap.servers", bootstrapServers);
    all.put("security.protocol", protocol);
    if (protocol.startsWith("SASL_")) {
      String mechanism = saslMechanism.orElse("SCRAM-SHA-512");
      String module =
          mechanism.equals("PLAIN")
              ? "org.apache.kafka.common.security.plain.PlainLoginModule"
              : "org.apache.kafka.common.security.scram.ScramLoginModule";
      all.put("sasl.mechanism", mechanism);
      all.put(
          "sasl.jaas.config",
          module
              + " required username=\""
              + quoted(username.orElseThrow())
              + "\" password=\""
              + quoted(password.orElseThrow())
              + "\";");
    }
    if (protocol.endsWith("SSL") && truststore.isPresent()) {
      all.put("ssl.truststore.type", "PEM");
      all.put("ssl.truststore.location", truststore.get());
    }
    return all;
  }

  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
