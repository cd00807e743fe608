package io.parkpulse.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the telemetry ingest polls Kafka and stores into PostgreSQL; while PostgreSQL does not
 * take its batches, not ready, with the cause (and for a permanent one what to fix) as {@code
 * cause}.
 */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {

  private final PlatformLifecycle lifecycle;

  IngestReadiness(PlatformLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("telemetry-ingest").status(lifecycle.ingestHealthy());
    lifecycle.ingestProblem().ifPresent(cause -> response.withData("cause", cause));
    return response.build();
  }
}
