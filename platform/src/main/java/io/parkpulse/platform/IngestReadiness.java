package io.parkpulse.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the telemetry ingest polls Kafka and stores into PostgreSQL. */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {

  private final PlatformLifecycle lifecycle;

  IngestReadiness(PlatformLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("telemetry-ingest").status(lifecycle.ingestHealthy()).build();
  }
}
