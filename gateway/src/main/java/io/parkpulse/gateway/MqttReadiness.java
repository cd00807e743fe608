package io.parkpulse.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the MQTT listener accepts connections and the device registry has caught up (before
 * that, a registered device would be refused), and while Kafka takes records.
 */
@Readiness
@ApplicationScoped
public class MqttReadiness implements HealthCheck {

  private final GatewayLifecycle lifecycle;

  MqttReadiness(GatewayLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public HealthCheckResponse call() {
    boolean registryLoaded = lifecycle.registry().isCaughtUp();
    boolean kafkaFlowing = lifecycle.kafkaFlowing();
    var response =
        HealthCheckResponse.named("mqtt")
            .status(lifecycle.isListening() && registryLoaded && kafkaFlowing);
    if (lifecycle.mqttTlsPort() > 0) {
      response.withData("tlsPort", lifecycle.mqttTlsPort());
    }
    return response
        .withData("kafkaFlowing", kafkaFlowing)
        .withData("port", lifecycle.mqttPort())
        .withData("registryLoaded", registryLoaded)
        .withData("devices", lifecycle.registry().size())
        .build();
  }
}
