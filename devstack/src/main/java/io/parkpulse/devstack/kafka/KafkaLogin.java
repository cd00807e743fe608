package io.parkpulse.devstack.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How one client reaches a broker: its address and, on a secured broker, the SCRAM-SHA-512 login of
 * one principal. Gives the settings of a Kafka client and the environment of an app.
 *
 * @param bootstrapServers {@code host:port}
 * @param username the SASL user; empty on a broker without authentication
 * @param password its password
 */
public record KafkaLogin(
    String bootstrapServers, Optional<String> username, Optional<String> password) {

  /** A login to a broker that takes anonymous clients. */
  public static KafkaLogin anonymous(String bootstrapServers) {
    return new KafkaLogin(bootstrapServers, Optional.empty(), Optional.empty());
  }

  /** A SCRAM-SHA-512 login. */
  public static KafkaLogin scram(String bootstrapServers, String username, String password) {
    return new KafkaLogin(bootstrapServers, Optional.of(username), Optional.of(password));
  }

  /** {@code settings} of one Kafka client, with the brokers and the login added. */
  public Map<String, Object> client(Map<String, Object> settings) {
    Map<String, Object> all = new HashMap<>(settings);
    all.put("bootstrap.servers", bootstrapServers);
    if (username.isPresent()) {
      all.put("security.protocol", "SASL_PLAINTEXT");
      all.put("sasl.mechanism", "SCRAM-SHA-512");
      all.put(
          "sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
              + username.get()
              + "\" password=\""
              + password.orElseThrow()
              + "\";");
    }
    return all;
  }

  /**
   * The environment variables that give an app ({@code PLATFORM} or {@code GATEWAY}) this login, as
   * the Helm chart and the compose file set them.
   */
  public Map<String, String> appEnv(String app) {
    String prefix = "PARKPULSE_" + app + "_KAFKA_";
    Map<String, String> env = new HashMap<>();
    env.put(prefix + "BOOTSTRAP_SERVERS", bootstrapServers);
    if (username.isPresent()) {
      env.put(prefix + "SECURITY_PROTOCOL", "SASL_PLAINTEXT");
      env.put(prefix + "SECURITY_SASL_MECHANISM", "SCRAM-SHA-512");
      env.put(prefix + "SECURITY_SASL_USERNAME", username.get());
      env.put(prefix + "SECURITY_SASL_PASSWORD", password.orElseThrow());
    }
    return env;
  }
}
