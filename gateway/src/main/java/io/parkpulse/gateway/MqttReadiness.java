package io.parkpulse.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the MQTT listener accepts connections. */
@Readiness
@ApplicationScoped
public class MqttReadiness implements HealthCheck {

  private final GatewayLifecycle lifecycle;

  MqttReadiness(GatewayLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("mqtt")
        .status(lifecycle.isListening())
        .withData("port", lifecycle.mqttPort())
        .build();
  }
}
