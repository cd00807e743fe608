package io.parkpulse.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parkpulse.gateway.auth.DeviceAuthenticator;
import io.parkpulse.gateway.commands.CommandResponses;
import io.parkpulse.gateway.events.DeviceEvents;
import io.parkpulse.gateway.kafka.DeadLetters;
import io.parkpulse.gateway.kafka.RecordSink;
import io.parkpulse.gateway.limits.Limiter;
import io.parkpulse.gateway.mqtt.MqttGateway;
import io.parkpulse.gateway.registry.DeviceRegistry;
import io.parkpulse.gateway.sparkplug.SparkplugHandler;
import io.parkpulse.gateway.telemetry.TelemetryPipeline;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.RegistryEntry;
import io.parkpulse.model.SecretHash;
import io.parkpulse.model.TelemetryCodec;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttServerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real MQTT gateway on a loopback port whose Kafka is {@code sink}, with one registered device,
 * {@code press-01@acme} with the secret {@code s3cret}: for tests that need the gateway's MQTT
 * handling without a broker.
 */
final class InMemoryGateway {

  static final String USERNAME = "press-01@acme";
  static final String SECRET = "s3cret";

  private InMemoryGateway() {}

  static MqttGateway create(
      Vertx vertx, RecordSink sink, MqttServerOptions listener, int failuresAllowed) {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    DeviceRegistry registry = new DeviceRegistry();
    DeviceRef press = DeviceRef.fromUsername(USERNAME);
    registry.apply(
        press, new RegistryEntry(press, "north", true, SecretHash.hash(SECRET, 1_000), List.of()));
    registry.markCaughtUp();
    DeadLetters deadLetters = new DeadLetters("parkpulse", sink);
    Clock clock = Clock.systemUTC();
    TelemetryPipeline telemetry =
        new TelemetryPipeline("parkpulse", sink, deadLetters, new TelemetryCodec(), clock, meters);
    DeviceEvents events = new DeviceEvents("parkpulse", sink, deadLetters, clock, meters);
    return new MqttGateway(
        vertx,
        List.of(listener.setHost("127.0.0.1").setPort(0)),
        new MqttGateway.Flow(100, 1 << 20),
        registry,
        new DeviceAuthenticator(
            registry,
            new DeviceAuthenticator.Limits(failuresAllowed, failuresAllowed, Duration.ofMinutes(1)),
            meters),
        new MqttGateway.Logins(2, 100),
        telemetry,
        events,
        new CommandResponses("parkpulse", sink, deadLetters, clock, meters),
        new Limiter(
            registry::find,
            new Limiter.Settings(Duration.ofSeconds(10), 1),
            clock,
            System::nanoTime,
            meters),
        new SparkplugHandler(
            telemetry, events, deadLetters, Duration.ofSeconds(5), clock, System::nanoTime, meters),
        meters);
  }
}
