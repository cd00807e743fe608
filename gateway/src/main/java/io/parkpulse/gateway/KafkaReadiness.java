package io.parkpulse.gateway;

import io.parkpulse.model.KafkaReachability;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka cluster answers (checked at most every 5 s, 3 s timeout). */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

  private final KafkaReachability kafka;

  KafkaReadiness(GatewayConfig config) {
    this.kafka =
        new KafkaReachability(
            config.kafka().client(Map.of()), Duration.ofSeconds(3), Duration.ofSeconds(5));
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("kafka")
        .status(kafka.reachable())
        .withData("cluster", kafka.detail())
        .build();
  }

  @PreDestroy
  void close() {
    kafka.close();
  }
}
